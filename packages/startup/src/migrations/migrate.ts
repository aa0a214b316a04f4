import type { Client } from 'pg';
import type { Reporter } from '../report';
import { checksumMatches, type MigrationFile } from './files';
import {
  appliedRows,
  ensureHistoryTable,
  failedRows,
  readHistory,
  recordApplied,
  recordFailedAttempt,
} from './history';

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    message: string,
  ) {
    super(message);
  }
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Refuses to go on when the recorded history and the files disagree: a failed migration left
 * by another tool, an applied migration whose file changed, or one this code does not have.
 */
export function checkHistoryAgainstFiles(
  migrations: MigrationFile[],
  history: Awaited<ReturnType<typeof readHistory>>,
): void {
  const failed = failedRows(history)[0];
  if (failed) {
    throw new MigrationError(
      failed.migrationName,
      `migration ${failed.migrationName} is recorded as failed (started ${failed.startedAt.toISOString()}) ` +
        `and may have left partial changes. Inspect the database, then mark it rolled back ` +
        `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = '${failed.id}') to retry.`,
    );
  }
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of appliedRows(history).values()) {
    const file = byName.get(row.migrationName);
    if (!file) {
      throw new MigrationError(
        row.migrationName,
        `migration ${row.migrationName} is applied to the database but missing from prisma/migrations: ` +
          `the database is newer than this code. Run the matching version, or restore a backup.`,
      );
    }
    if (!checksumMatches(file.sql, row.checksum)) {
      throw new MigrationError(
        row.migrationName,
        `migration ${row.migrationName} was modified after it was applied ` +
          `(recorded checksum ${row.checksum.slice(0, 12)}…, file ${file.checksum.slice(0, 12)}…). ` +
          `Applied migrations must never change: restore the original file and put the change in a new migration.`,
      );
    }
  }
}

/** Applies every pending migration in name order, each in its own transaction. */
export async function applyPendingMigrations(
  client: Client,
  migrations: MigrationFile[],
  reporter: Reporter,
): Promise<MigrateResult> {
  await ensureHistoryTable(client);
  const history = await readHistory(client);
  checkHistoryAgainstFiles(migrations, history);
  const applied = appliedRows(history);
  const pending = migrations.filter((m) => !applied.has(m.name));
  const done: string[] = [];
  for (const migration of pending) {
    const started = new Date();
    const t0 = performance.now();
    try {
      await client.query('BEGIN');
      await client.query(migration.sql);
      await recordApplied(client, migration.name, migration.checksum, started);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      const detail = describeSqlError(err, migration.sql);
      await recordFailedAttempt(client, migration.name, migration.checksum, started, detail).catch(() => {});
      throw new MigrationError(
        migration.name,
        `migration ${migration.name} failed and was rolled back (nothing of it remains): ${detail}`,
      );
    }
    reporter.info(`migrate: applied ${migration.name} (${Math.round(performance.now() - t0)} ms)`);
    done.push(migration.name);
  }
  return { applied: done, alreadyApplied: applied.size };
}

/** The server's message plus the line of the script it points at, when it says. */
export function describeSqlError(err: unknown, sql: string): string {
  const e = err as { message?: string; position?: string; code?: string };
  let text = e.message ?? String(err);
  if (e.code) text = `${e.code} ${text}`;
  const position = Number(e.position);
  if (Number.isFinite(position) && position > 0) {
    const line = sql.slice(0, position).split('\n').length;
    text += ` (line ${line}: ${sql.split('\n')[line - 1]?.trim() ?? ''})`;
  }
  return text;
}
