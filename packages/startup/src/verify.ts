import type { Client } from 'pg';
import { compareCatalogs, type CatalogComparison } from './catalog/compare';
import { expectedCatalog } from './catalog/expected';
import { readCatalog } from './catalog/introspect';
import { migrationStatus, type MigrationStatus } from './migrations/status';
import type { MigrationFile } from './migrations/files';

export interface VerifyReport extends CatalogComparison {
  schema: string;
  migrations: MigrationStatus;
}

export async function currentSchema(client: Client): Promise<string> {
  const { rows } = await client.query<{ s: string }>('SELECT current_schema() AS s');
  return rows[0]?.s ?? 'public';
}

/**
 * Compares the live catalog with what the migrations and prisma/sql declare: tables, columns
 * (type, nullability, default), indexes, foreign keys, checks and triggers. Missing or
 * different is a problem; extra (legacy) objects are warnings. Pending or unknown migrations
 * are problems too.
 */
export async function verifyDatabase(
  client: Client,
  migrations: MigrationFile[],
  sqlFiles: { name: string; sql: string }[],
): Promise<VerifyReport> {
  const schema = await currentSchema(client);
  const [expected, actual] = [
    await expectedCatalog(client, migrations, sqlFiles),
    await readCatalog(client, schema),
  ];
  const comparison = compareCatalogs(expected, actual);
  const migrationsState = await migrationStatus(client, migrations);
  const problems = [...migrationsState.problems, ...comparison.problems];
  return { ...comparison, ok: problems.length === 0, problems, schema, migrations: migrationsState };
}

export function formatVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  const m = report.migrations;
  lines.push(
    `schema version: ${m.latestApplied ?? 'none'} (${m.applied.length} applied, ${m.pending.length} pending)`,
  );
  const tableCount = report.tables.filter((t) => t.status !== 'extra').length;
  lines.push(
    `checked ${tableCount} tables, ${report.indexes.length} indexes, ${report.foreignKeys.length} foreign keys, ` +
      `${report.checks.length} checks, ${report.triggers.length} triggers`,
  );
  for (const p of report.problems) lines.push(`  ✗ ${p}`);
  for (const w of report.warnings) lines.push(`  ! ${w}`);
  lines.push(
    report.ok
      ? 'verify: OK — the database matches the schema'
      : `verify: FAILED — ${report.problems.length} problem(s)`,
  );
  return lines.join('\n');
}
