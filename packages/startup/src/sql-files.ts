import type { Client } from 'pg';
import { describeSqlError } from './migrations/migrate';

/** Re-applies each prisma/sql file in its own transaction; they are written to be idempotent. */
export async function applySqlFiles(
  client: Client,
  files: { name: string; sql: string }[],
): Promise<string[]> {
  for (const file of files) {
    try {
      await client.query('BEGIN');
      await client.query(file.sql);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw new Error(`prisma/sql/${file.name} failed: ${describeSqlError(err, file.sql)}`);
    }
  }
  return files.map((f) => f.name);
}
