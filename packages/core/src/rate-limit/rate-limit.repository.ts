import { Prisma, type PrismaClient } from '@timetracker/db';

export class RateLimitRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Adds a hit to a fixed window and returns the window's total, in one statement: of N
   * concurrent hits (on any replica) each sees a different total, 1 to N. Raw SQL: Prisma's
   * upsert on a compound key may read and then write, letting parallel hits see the same total.
   */
  async hit(key: string, windowStart: Date): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ hits: number }[]>(Prisma.sql`
      INSERT INTO rate_limits (key, window_start, hits) VALUES (${key}, ${windowStart}, 1)
      ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
      RETURNING hits`);
    return row!.hits;
  }

  /** Takes one hit back (a sign-in that turned out right is no failure). */
  async giveBack(key: string, windowStart: Date): Promise<void> {
    await this.prisma.rateLimit.updateMany({
      where: { key, windowStart, hits: { gt: 0 } },
      data: { hits: { decrement: 1 } },
    });
  }

  /** Forgets the key's hits in every window. */
  async clear(key: string): Promise<void> {
    await this.prisma.rateLimit.deleteMany({ where: { key } });
  }
}
