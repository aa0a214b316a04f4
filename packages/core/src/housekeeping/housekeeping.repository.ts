import type { PrismaClient } from '@timetracker/db';

/** Deletes rows that no longer mean anything; each call is one indexed DELETE. */
export class HousekeepingRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async deleteSessionsExpiredBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({ where: { expiresAt: { lt: cutoff } } });
    return count;
  }

  async deleteRateLimitWindowsBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.rateLimit.deleteMany({ where: { windowStart: { lt: cutoff } } });
    return count;
  }

  async deleteUsageCountsBefore(day: Date): Promise<number> {
    const { count } = await this.prisma.usageCount.deleteMany({ where: { day: { lt: day } } });
    return count;
  }
}
