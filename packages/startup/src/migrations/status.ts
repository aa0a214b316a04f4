import type { Client } from 'pg';
import { checksumMatches, type MigrationFile } from './files';
import { appliedRows, failedRows, readHistory } from './history';

export interface MigrationStatus {
  applied: { name: string; appliedAt: string | null; checksumOk: boolean }[];
  pending: string[];
  failed: string[];
  /** Applied to the database but absent from prisma/migrations (the database is newer). */
  unknown: string[];
  latestApplied: string | null;
  problems: string[];
}

export async function migrationStatus(client: Client, migrations: MigrationFile[]): Promise<MigrationStatus> {
  const history = await readHistory(client);
  const applied = appliedRows(history);
  const byName = new Map(migrations.map((m) => [m.name, m]));
  const problems: string[] = [];
  const appliedList = [...applied.values()]
    .sort((a, b) => a.migrationName.localeCompare(b.migrationName))
    .map((row) => {
      const file = byName.get(row.migrationName);
      const checksumOk = file ? checksumMatches(file.sql, row.checksum) : false;
      if (file && !checksumOk)
        problems.push(`migration ${row.migrationName} was modified after it was applied`);
      return { name: row.migrationName, appliedAt: row.finishedAt?.toISOString() ?? null, checksumOk };
    });
  const pending = migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
  const failed = failedRows(history).map((r) => r.migrationName);
  const unknown = [...applied.keys()].filter((name) => !byName.has(name)).sort();
  for (const name of pending) problems.push(`migration ${name} is pending`);
  for (const name of failed) problems.push(`migration ${name} is recorded as failed`);
  for (const name of unknown) problems.push(`migration ${name} is applied but not in prisma/migrations`);
  return {
    applied: appliedList,
    pending,
    failed,
    unknown,
    latestApplied: appliedList.at(-1)?.name ?? null,
    problems,
  };
}

export function formatMigrationStatus(status: MigrationStatus): string {
  const lines = [`${status.applied.length} applied, ${status.pending.length} pending`];
  for (const a of status.applied) {
    lines.push(
      `  applied  ${a.name}  ${a.appliedAt ?? ''}${a.checksumOk ? '' : '  (MODIFIED since applied)'}`,
    );
  }
  for (const p of status.pending) lines.push(`  pending  ${p}`);
  for (const f of status.failed) lines.push(`  FAILED   ${f}`);
  for (const u of status.unknown) lines.push(`  unknown  ${u}  (in the database, not in prisma/migrations)`);
  return lines.join('\n');
}
