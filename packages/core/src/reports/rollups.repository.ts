import type { PrismaClient } from '@timetracker/db';

/** entry_rollups (prisma/sql/010_entry_rollups.sql): the worker's side of them. */
export class RollupsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Folds the deltas written since the last fold into entry_rollups; how many delta rows it folded. */
  async fold(): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ folded: bigint }[]>`SELECT entry_rollups_fold() AS folded`;
    return Number(row?.folded ?? 0);
  }
}
