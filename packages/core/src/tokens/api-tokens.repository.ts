import { directDatabase, Prisma, type PrismaClient } from '@timetracker/db';

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

  create(data: { userId: number; name: string; tokenHash: string; prefix: string; expiresAt: Date | null }) {
    return this.prisma.apiToken.create({ data, select: TOKEN_FIELDS });
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
    }>(Prisma.sql`
      SELECT t.id, t.last_used_at AS "lastUsedAt", u.id AS "userId", u.username, u.role
        FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL
         AND (t.expires_at IS NULL OR t.expires_at > ${now}) AND u.is_active`);
    const row = rows[0];
    return row
      ? {
          id: row.id,
          lastUsedAt: row.lastUsedAt,
          user: { id: row.userId, username: row.username, role: row.role },
        }
      : null;
  }

  markUsed(id: number, at: Date) {
    return this.prisma.apiToken.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }
}
