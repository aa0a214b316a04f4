import type { PrismaClient } from '@timetracker/db';

/** Deletes rows that no longer mean anything; each call is one indexed DELETE. */
export class HousekeepingRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async deleteSessionsExpiredBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({ where: { expiresAt: { lt: cutoff } } });
    return count;
  }

  /**
   * Pending second steps and remembered browsers past their time (two-factor sign-in), and SSO
   * sign-ins that never came back from the provider.
   */
  async deleteSecondFactorLeftoversBefore(cutoff: Date): Promise<number> {
    const [challenges, devices, sso] = await Promise.all([
      this.prisma.signInChallenge.deleteMany({ where: { expiresAt: { lt: cutoff } } }),
      this.prisma.rememberedDevice.deleteMany({ where: { expiresAt: { lt: cutoff } } }),
      this.prisma.ssoSignIn.deleteMany({ where: { expiresAt: { lt: cutoff } } }),
    ]);
    return challenges.count + devices.count + sso.count;
  }

  async deleteRateLimitWindowsBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.rateLimit.deleteMany({ where: { windowStart: { lt: cutoff } } });
    return count;
  }

  /**
   * Rows of running_timers whose entry has ended: the idle sweep leaves them (prisma/sql/003).
   * Raw SQL: a join on the entry's end_time, which Prisma's deleteMany writes as a subquery
   * over every ended entry.
   */
  deleteEndedRunningTimers(): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM running_timers r USING time_entries e
       WHERE e.id = r.entry_id AND e.end_time IS NOT NULL`;
  }

  async deleteUsageCountsBefore(day: Date): Promise<number> {
    const { count } = await this.prisma.usageCount.deleteMany({ where: { day: { lt: day } } });
    return count;
  }

  /** Password links (reset, invitation) past their expiry: they can never be used again. */
  async deletePasswordTokensExpiredBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.passwordToken.deleteMany({ where: { expiresAt: { lt: cutoff } } });
    return count;
  }

  /** Mails that were sent or failed before `cutoff`; pending ones are never deleted. */
  async deleteFinishedEmailsBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.emailOutbox.deleteMany({
      where: { status: { in: ['sent', 'failed'] }, updatedAt: { lt: cutoff } },
    });
    return count;
  }

  /**
   * Webhook events older than `cutoff` none of whose deliveries is still open (pending, or being
   * sent): their delivery log goes with them (ON DELETE CASCADE). Events of a deleted
   * subscription have no deliveries left and go too.
   */
  async deleteSettledWebhookEventsBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.webhookEvent.deleteMany({
      where: { createdAt: { lt: cutoff }, deliveries: { none: { status: { in: ['pending', 'sending'] } } } },
    });
    return count;
  }
}
