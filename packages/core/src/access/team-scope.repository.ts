import { directDatabase, Prisma, type DirectDatabase, type PrismaClient } from '@timetracker/db';

/**
 * Who leads whom (issue #18 §1): a team's leads manage its other members. The one query every
 * manager rule asks (seeing and editing time, reports, approving weeks), so each says "manages"
 * the same way. A lead does not manage themselves: their own weeks go to their own lead or an
 * admin.
 */
export class TeamScopeRepository {
  private readonly db: DirectDatabase;

  constructor(prisma: PrismaClient) {
    this.db = directDatabase(prisma);
  }

  /** The users in the teams `managerId` leads, without the manager; ascending. */
  async managedUserIds(managerId: number): Promise<number[]> {
    const rows = await this.db.rows<{ id: number }>(Prisma.sql`
      SELECT DISTINCT m.user_id AS id
        FROM team_members lead
        JOIN team_members m ON m.team_id = lead.team_id
       WHERE lead.user_id = ${managerId} AND lead.is_lead AND m.user_id <> ${managerId}
       ORDER BY 1`);
    return rows.map((r) => r.id);
  }

  /** Whether `managerId` leads a team `userId` is in (never true of oneself). */
  async manages(managerId: number, userId: number): Promise<boolean> {
    if (managerId === userId) return false;
    const rows = await this.db.rows<{ one: number }>(Prisma.sql`
      SELECT 1 AS one
        FROM team_members lead
        JOIN team_members m ON m.team_id = lead.team_id
       WHERE lead.user_id = ${managerId} AND lead.is_lead AND m.user_id = ${userId}
       LIMIT 1`);
    return rows.length > 0;
  }
}
