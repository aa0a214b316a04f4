import type { PrismaClient } from '@timetracker/db';

export class HealthRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The cheapest round trip that proves the pool can reach the server. */
  async ping(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }

  /**
   * Migration history as startup records it (Prisma Migrate's table): the applied names, and the
   * ones that started but neither finished nor were rolled back (failed).
   */
  async migrations(): Promise<{ applied: string[]; failed: string[] }> {
    // Raw SQL: _prisma_migrations is Prisma Migrate's own table, not a model of the schema.
    const rows = await this.prisma.$queryRaw<{ migration_name: string; state: 'applied' | 'failed' }[]>`
      SELECT migration_name, CASE WHEN finished_at IS NULL THEN 'failed' ELSE 'applied' END AS state
      FROM _prisma_migrations
      WHERE rolled_back_at IS NULL`;
    return {
      applied: rows.filter((r) => r.state === 'applied').map((r) => r.migration_name),
      failed: rows.filter((r) => r.state === 'failed').map((r) => r.migration_name),
    };
  }
}
