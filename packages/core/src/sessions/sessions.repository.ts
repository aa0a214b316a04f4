import type { PrismaClient } from '@timetracker/db';

export class SessionsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(data: {
    id: string;
    userId: number;
    csrfToken: string;
    expiresAt: Date;
    userAgent?: string;
    ip?: string;
  }) {
    return this.prisma.session.create({ data, select: { id: true } });
  }

  /** A live session with its (active) user; expired ones are as good as absent. */
  findLive(id: string, now: Date) {
    return this.prisma.session.findFirst({
      where: { id, expiresAt: { gt: now }, user: { isActive: true } },
      select: {
        id: true,
        csrfToken: true,
        lastSeenAt: true,
        user: { select: { id: true, username: true, role: true } },
      },
    });
  }

  extend(id: string, now: Date, expiresAt: Date) {
    return this.prisma.session.updateMany({ where: { id }, data: { lastSeenAt: now, expiresAt } });
  }

  delete(id: string) {
    return this.prisma.session.deleteMany({ where: { id } });
  }
}
