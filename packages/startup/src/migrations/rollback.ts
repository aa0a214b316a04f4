import type { Client } from 'pg';
import { quoteIdent } from '../db';
import type { MigrationFile } from './files';
import { appliedRows, markRolledBack, readHistory } from './history';
import { checkHistoryAgainstFiles, describeSqlError } from './migrate';

export class RollbackRefusedError extends Error {}

export interface RollbackResult {
  migration: string;
  /** What down.sql dropped that held data (only with force). */
  droppedData: string[];
}

/**
 * Reverts the last applied migration with its down.sql, in one transaction, and marks it rolled
 * back (rolled_back_at) the way Prisma does, so that it counts as pending again. Refuses when
 * there is no down.sql, or when down.sql would drop a table or column that holds data unless
 * `force` is given.
 */
export async function rollbackLast(
  client: Client,
  migrations: MigrationFile[],
  options: { force?: boolean } = {},
): Promise<RollbackResult> {
  const history = await readHistory(client);
  checkHistoryAgainstFiles(migrations, history);
  const applied = appliedRows(history);
  const last = [...applied.keys()].sort().at(-1);
  if (!last) throw new RollbackRefusedError('no applied migration to roll back');
  const file = migrations.find((m) => m.name === last)!;
  if (!file.downSql) {
    throw new RollbackRefusedError(
      `migration ${last} has no down.sql; it cannot be rolled back automatically`,
    );
  }
  const droppedData = await dataDroppedBy(client, file.downSql);
  if (droppedData.length > 0 && !options.force) {
    throw new RollbackRefusedError(
      `rolling back ${last} would drop data: ${droppedData.join(', ')}. Take a backup, then re-run with --force.`,
    );
  }
  await client.query('BEGIN');
  try {
    await client.query(file.downSql);
    await markRolledBack(
      client,
      applied.get(last)!.id,
      `rolled back with down.sql at ${new Date().toISOString()}`,
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw new Error(`rolling back ${last} failed, nothing changed: ${describeSqlError(err, file.downSql)}`);
  }
  return { migration: last, droppedData };
}

/** Tables with rows and columns with values that a down script drops. */
async function dataDroppedBy(client: Client, sql: string): Promise<string[]> {
  const found: string[] = [];
  for (const m of sql.matchAll(/DROP TABLE (?:IF EXISTS )?(?:"[^"]+"\.)?"([^"]+)"/g)) {
    const table = m[1]!;
    const exists = await client.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [quoteIdent(table)]);
    if (!exists.rows[0]?.e) continue;
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${quoteIdent(table)}`);
    if (rows[0].n > 0) found.push(`table ${table} (${rows[0].n} rows)`);
  }
  for (const m of sql.matchAll(/ALTER TABLE (?:"[^"]+"\.)?"([^"]+)"([^;]*)/g)) {
    const table = m[1]!;
    for (const c of m[2]!.matchAll(/DROP COLUMN (?:IF EXISTS )?"([^"]+)"/g)) {
      const column = c[1]!;
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NOT NULL`,
      );
      if (rows[0].n > 0) found.push(`column ${table}.${column} (${rows[0].n} values)`);
    }
  }
  return found;
}
