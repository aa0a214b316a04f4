import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

/** The table exactly as Prisma Migrate creates it, so `prisma migrate status` reads our history. */
const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface HistoryRow {
  id: string;
  checksum: string;
  finishedAt: Date | null;
  migrationName: string;
  logs: string | null;
  rolledBackAt: Date | null;
  startedAt: Date;
  appliedStepsCount: number;
}

export async function historyTableExists(client: Client): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>(
    `SELECT to_regclass(format('%I._prisma_migrations', current_schema())) IS NOT NULL AS exists`,
  );
  return rows[0]?.exists ?? false;
}

export async function ensureHistoryTable(client: Client): Promise<void> {
  await client.query(CREATE_HISTORY_TABLE);
}

export async function readHistory(client: Client): Promise<HistoryRow[]> {
  if (!(await historyTableExists(client))) return [];
  const { rows } = await client.query(
    `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return rows.map((r) => ({
    id: r.id,
    checksum: r.checksum,
    finishedAt: r.finished_at,
    migrationName: r.migration_name,
    logs: r.logs,
    rolledBackAt: r.rolled_back_at,
    startedAt: r.started_at,
    appliedStepsCount: r.applied_steps_count,
  }));
}

/** Rows that count as applied: finished and not rolled back (Prisma's own reading). */
export function appliedRows(history: HistoryRow[]): Map<string, HistoryRow> {
  const applied = new Map<string, HistoryRow>();
  for (const row of history) {
    if (row.finishedAt && !row.rolledBackAt) applied.set(row.migrationName, row);
  }
  return applied;
}

/** Started but neither finished nor rolled back: Prisma calls these failed and stops. */
export function failedRows(history: HistoryRow[]): HistoryRow[] {
  return history.filter((r) => !r.finishedAt && !r.rolledBackAt);
}

export async function recordApplied(
  client: Client,
  name: string,
  checksum: string,
  startedAt: Date,
  logs: string | null = null,
): Promise<void> {
  await client.query(
    `INSERT INTO "_prisma_migrations"
       (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES ($1, $2, now(), $3, $4, NULL, $5, 1)`,
    [randomUUID(), checksum, name, logs, startedAt],
  );
}

/**
 * A failed attempt whose transaction was rolled back: recorded for the record, with
 * rolled_back_at set, which Prisma reads as "not applied, may be retried".
 */
export async function recordFailedAttempt(
  client: Client,
  name: string,
  checksum: string,
  startedAt: Date,
  logs: string,
): Promise<void> {
  await client.query(
    `INSERT INTO "_prisma_migrations"
       (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES ($1, $2, NULL, $3, $4, now(), $5, 0)`,
    [randomUUID(), checksum, name, logs, startedAt],
  );
}

export async function markRolledBack(client: Client, id: string, logs: string): Promise<void> {
  await client.query(
    `UPDATE "_prisma_migrations" SET rolled_back_at = now(), logs = coalesce(logs || E'\\n', '') || $2 WHERE id = $1`,
    [id, logs],
  );
}
