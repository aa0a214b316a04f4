import type { PrismaClient } from '@timetracker/db';

export class SystemRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Size on disk of the database the pool is connected to, and the server's version. */
  async databaseInfo(): Promise<{ sizeBytes: number; serverVersion: string }> {
    // Raw SQL: pg_database_size and server_version are server functions/settings, not models.
    const [row] = await this.prisma.$queryRaw<{ size: bigint; version: string }[]>`
      SELECT pg_database_size(current_database()) AS size, current_setting('server_version') AS version`;
    // bigint from the driver; a database past 2^53 bytes (8 PB) is not a concern here.
    return { sizeBytes: Number(row?.size ?? 0), serverVersion: row?.version ?? 'unknown' };
  }
}
