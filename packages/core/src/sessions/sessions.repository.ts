import type { PrismaClient } from '@timetracker/db';
import { lockUserForSignIn } from '../users/users.repository';

export class SessionsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Creates the session only while the password that was checked still is the user's and the
   * user is active, both read under a share lock on the user row: a password reset or a
   * deactivation (which update that row, then end every sign-in in the same transaction) either
   * commits first, and this finds the new hash and creates nothing, or waits for this to commit,
   * and then ends the new session too. False when the credential no longer holds.
   */
  createIfPasswordHolds(
    data: {
      id: string;
      userId: number;
      csrfToken: string;
      expiresAt: Date;
      userAgent?: string;
      ip?: string;
    },
    checkedPasswordHash: string,
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const user = await lockUserForSignIn(tx, data.userId);
      if (!user?.isActive || user.passwordHash !== checkedPasswordHash) return false;
      await tx.session.create({ data, select: { id: true } });
      return true;
    });
  }

  /** A live session with its (active) user; expired ones are as good as absent. */
  findLive(id: string, now: Date) {
    return this.prisma.session.findFirst({
      where: { id, expiresAt: { gt: now }, user: { isActive: true } },
      select: {
        id: true,
        csrfToken: true,
        lastSeenAt: true,
        method: true,
        // The zone rides along (same query): every per-user view needs it (viewerZone).
        // The hash only says whether the user signs in with a local password (2FA requirement).
        user: {
          select: {
            id: true,
            username: true,
            role: true,
            timezone: true,
            weekStart: true,
            passwordHash: true,
          },
        },
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
