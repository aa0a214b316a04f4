import { directDatabase, Prisma, type PrismaClient } from '@timetracker/db';
import { lockUserForSignIn } from '../users/users.repository';

const TOKEN_FIELDS = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} satisfies Prisma.ApiTokenSelect;

export type ApiTokenRow = Prisma.ApiTokenGetPayload<{ select: typeof TOKEN_FIELDS }>;

export class ApiTokensRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Creates the token only while the user is active and the credential of the request that asks
   * for it still holds (its session exists, its token is not revoked), checked under a share lock
   * on the user row: a password reset or deactivation, which updates that row and then ends the
   * user's sessions and tokens in one transaction, either commits first, and this creates
   * nothing (null), or waits for this to commit and then revokes the new token too.
   */
  createIfSignedIn(
    data: { userId: number; name: string; tokenHash: string; prefix: string; expiresAt: Date | null },
    credential: { sessionId?: string; tokenId?: number },
    now: Date,
  ): Promise<ApiTokenRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const user = await lockUserForSignIn(tx, data.userId);
      if (!user?.isActive) return null;
      if (
        credential.sessionId !== undefined &&
        !(await tx.session.findFirst({
          where: { id: credential.sessionId, userId: data.userId, expiresAt: { gt: now } },
          select: { id: true },
        }))
      ) {
        return null;
      }
      if (
        credential.tokenId !== undefined &&
        !(await tx.apiToken.findFirst({
          where: {
            id: credential.tokenId,
            userId: data.userId,
            revokedAt: null,
            OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
          },
          select: { id: true },
        }))
      ) {
        return null;
      }
      return tx.apiToken.create({ data, select: TOKEN_FIELDS });
    });
  }

  listForUser(userId: number): Promise<ApiTokenRow[]> {
    return this.prisma.apiToken.findMany({
      where: { userId },
      select: TOKEN_FIELDS,
      orderBy: { createdAt: 'desc' },
    });
  }

  /** Only the owner's own token: another user's id reads as "not found". */
  findForUser(userId: number, id: number): Promise<ApiTokenRow | null> {
    return this.prisma.apiToken.findFirst({ where: { id, userId }, select: TOKEN_FIELDS });
  }

  revoke(id: number, at: Date) {
    return this.prisma.apiToken.update({ where: { id }, data: { revokedAt: at }, select: TOKEN_FIELDS });
  }

  /**
   * Runs on every token-authenticated request. Raw SQL on the pool directly (DirectDatabase):
   * Prisma fetches the user relation with a second round trip, and its raw path costs more CPU
   * than the query itself.
   */
  async findUsable(tokenHash: string, now: Date) {
    const rows = await directDatabase(this.prisma).rows<{
      id: number;
      lastUsedAt: Date | null;
      userId: number;
      username: string;
      role: string;
      timezone: string | null;
      weekStart: string;
    }>(Prisma.sql`
      SELECT t.id, t.last_used_at AS "lastUsedAt", u.id AS "userId", u.username, u.role, u.timezone,
             u.week_start AS "weekStart"
        FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL
         AND (t.expires_at IS NULL OR t.expires_at > ${now}) AND u.is_active`);
    const row = rows[0];
    return row
      ? {
          id: row.id,
          lastUsedAt: row.lastUsedAt,
          user: {
            id: row.userId,
            username: row.username,
            role: row.role,
            timezone: row.timezone,
            weekStart: row.weekStart,
          },
        }
      : null;
  }

  markUsed(id: number, at: Date) {
    return this.prisma.apiToken.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }
}
