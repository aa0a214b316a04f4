import type { Prisma, PrismaClient } from '@timetracker/db';

export const PREFERENCE_FIELDS = {
  timezone: true,
  language: true,
  weekStart: true,
  clock: true,
  dateFormat: true,
  weeklyTargetSeconds: true,
} satisfies Prisma.UserSelect;

export type PreferencesRow = Prisma.UserGetPayload<{ select: typeof PREFERENCE_FIELDS }>;

const SESSION_FIELDS = {
  id: true,
  createdAt: true,
  lastSeenAt: true,
  expiresAt: true,
  userAgent: true,
  ip: true,
} satisfies Prisma.SessionSelect;

/** The signed-in user's own account: preferences, password and sessions. */
export class AccountRepository {
  constructor(private readonly prisma: PrismaClient) {}

  preferences(userId: number): Promise<PreferencesRow | null> {
    return this.prisma.user.findUnique({ where: { id: userId }, select: PREFERENCE_FIELDS });
  }

  updatePreferences(userId: number, changes: Partial<PreferencesRow>): Promise<PreferencesRow> {
    return this.prisma.user.update({ where: { id: userId }, data: changes, select: PREFERENCE_FIELDS });
  }

  /** The company's zone, for what a user without a preference sees. */
  async companyZone(): Promise<string> {
    const row = await this.prisma.settings.findUnique({ where: { id: 1 }, select: { timezone: true } });
    return row?.timezone ?? 'UTC';
  }

  passwordHash(userId: number): Promise<{ passwordHash: string | null; username: string } | null> {
    return this.prisma.user.findUnique({
      where: { id: userId },
      select: { passwordHash: true, username: true },
    });
  }

  /**
   * Sets the new hash, unless the one checked is no longer the user's (a parallel change won),
   * and ends every other sign-in in the same transaction: the user's sessions but `keep`, their
   * API tokens but `keepToken`. Sign-ins being created meanwhile hold a share lock on the user
   * row and compare the hash (SessionsRepository.createIfPasswordHolds), so none survives.
   * Null when the checked hash had changed.
   */
  changePassword(
    userId: number,
    checkedHash: string,
    newHash: string,
    keep: { sessionId?: string; tokenId?: number },
    at: Date,
  ): Promise<{ endedSessions: number; revokedTokens: number } | null> {
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.user.updateMany({
        where: { id: userId, passwordHash: checkedHash },
        data: { passwordHash: newHash },
      });
      if (updated.count === 0) return null;
      const sessions = await tx.session.deleteMany({
        where: { userId, ...(keep.sessionId ? { id: { not: keep.sessionId } } : {}) },
      });
      const tokens = await tx.apiToken.updateMany({
        where: { userId, revokedAt: null, ...(keep.tokenId ? { id: { not: keep.tokenId } } : {}) },
        data: { revokedAt: at },
      });
      return { endedSessions: sessions.count, revokedTokens: tokens.count };
    });
  }

  sessions(userId: number, now: Date) {
    return this.prisma.session.findMany({
      where: { userId, expiresAt: { gt: now } },
      select: SESSION_FIELDS,
      orderBy: { lastSeenAt: 'desc' },
    });
  }

  /** Only the user's own session: another user's id deletes nothing. */
  async deleteSession(userId: number, id: string): Promise<boolean> {
    return (await this.prisma.session.deleteMany({ where: { id, userId } })).count > 0;
  }

  async deleteOtherSessions(userId: number, keepId: string | undefined): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({
      where: { userId, ...(keepId ? { id: { not: keepId } } : {}) },
    });
    return count;
  }
}
