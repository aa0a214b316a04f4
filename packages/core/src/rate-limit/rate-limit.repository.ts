import type { PrismaClient } from '@timetracker/db';

export class RateLimitRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Adds a hit to a fixed window and returns the window's total, atomically across replicas. */
  async hit(key: string, windowStart: Date): Promise<number> {
    const row = await this.prisma.rateLimit.upsert({
      where: { key_windowStart: { key, windowStart } },
      create: { key, windowStart, hits: 1 },
      update: { hits: { increment: 1 } },
      select: { hits: true },
    });
    return row.hits;
  }

  async count(key: string, windowStart: Date): Promise<number> {
    const row = await this.prisma.rateLimit.findUnique({
      where: { key_windowStart: { key, windowStart } },
      select: { hits: true },
    });
    return row?.hits ?? 0;
  }
}
