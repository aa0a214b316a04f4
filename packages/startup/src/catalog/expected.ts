import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { quoteIdent } from '../db';
import type { MigrationFile } from '../migrations/files';
import { introspect, type Catalog } from './introspect';

/**
 * What the code declares: every migration and every prisma/sql file replayed into a throwaway
 * schema inside a transaction that is always rolled back. Nothing is left behind, and the
 * result is, by construction, exactly what a fresh database would get — so verify can never
 * drift from the migrations, and the drift test ties the migrations to schema.prisma.
 */
export async function expectedCatalog(
  client: Client,
  migrations: Pick<MigrationFile, 'name' | 'sql'>[],
  sqlFiles: { name: string; sql: string }[],
): Promise<Catalog> {
  const schema = `tt_expected_${randomBytes(6).toString('hex')}`;
  await client.query('BEGIN');
  try {
    await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await client.query(`SELECT set_config('search_path', $1, true)`, [quoteIdent(schema)]);
    for (const m of [...migrations, ...sqlFiles]) {
      try {
        await client.query(m.sql);
      } catch (err) {
        throw new Error(`replaying ${m.name} into a scratch schema failed: ${(err as Error).message}`);
      }
    }
    return await introspect(client, schema);
  } finally {
    await client.query('ROLLBACK');
  }
}
