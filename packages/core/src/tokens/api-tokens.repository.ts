import type { Prisma, PrismaClient } from '@timetracker/db';

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

  findUsable(tokenHash: string, now: Date) {
    return this.prisma.apiToken.findFirst({
      where: {
        tokenHash,
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
        user: { isActive: true },
      },
      select: { id: true, lastUsedAt: true, user: { select: { id: true, username: true, role: true } } },
    });
  }

  markUsed(id: number, at: Date) {
    return this.prisma.apiToken.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }
}
