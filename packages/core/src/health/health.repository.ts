import type { PrismaClient } from '@timetracker/db';

export class HealthRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The cheapest round trip that proves the pool can reach the server. */
  async ping(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }
}
