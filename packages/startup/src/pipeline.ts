import path from 'node:path';
import type { Client } from 'pg';
import { adoptLegacyDatabase, isLegacyDatabase, type AdoptResult } from './adopt/adopt';
import { maskUrl, serverVersion } from './db';
import { withAdvisoryLock } from './lock';
import { readMigrations, readSqlFiles, type MigrationFile } from './migrations/files';
import { applyPendingMigrations, type MigrateResult } from './migrations/migrate';
import { errorMessage, formatMs, timedStep, type Reporter } from './report';
import { seedDefaults, type SeedResult } from './seed';
import { applySqlFiles } from './sql-files';
import { verifyDatabase, type VerifyReport } from './verify';
import { waitForDatabase } from './wait';

export interface StartupOptions {
  databaseUrl: string;
  prismaDir: string;
  waitTimeoutMs: number;
  adminUsername: string;
  adminPassword?: string;
  reporter: Reporter;
}

export interface StartupResult {
  serverVersion: string;
  adopted?: AdoptResult;
  migrate: MigrateResult;
  sql: string[];
  seed: SeedResult;
  verify: VerifyReport;
  durationMs: number;
}

export class VerifyFailedError extends Error {
  constructor(readonly report: VerifyReport) {
    super(
      `verify found ${report.problems.length} problem(s):\n${report.problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** A file named `*.optional.sql` may fail (an extension that is not installed, say): warn and go on. */
const isOptional = (name: string) => name.endsWith('.optional.sql');

export interface SchemaSources {
  migrations: MigrationFile[];
  sqlFiles: { name: string; sql: string }[];
  optionalSqlFiles: { name: string; sql: string }[];
}

export function loadSchemaSources(prismaDir: string): SchemaSources {
  const all = readSqlFiles(path.join(prismaDir, 'sql'));
  return {
    migrations: readMigrations(path.join(prismaDir, 'migrations')),
    sqlFiles: all.filter((f) => !isOptional(f.name)),
    optionalSqlFiles: all.filter((f) => isOptional(f.name)),
  };
}

/**
 * wait → lock → adopt (legacy databases only) → migrate → sql → seed → verify, each step
 * reported with what it did and how long it took. Any required step that fails throws; the
 * lock is released and the connection closed whatever happens.
 */
export async function runStartup(options: StartupOptions): Promise<StartupResult> {
  const { reporter } = options;
  const started = performance.now();
  const sources = loadSchemaSources(options.prismaDir);
  reporter.info(`database: ${maskUrl(options.databaseUrl)}`);

  const client = await timedStep(
    reporter,
    'wait',
    () => waitForDatabase(options.databaseUrl, { timeoutMs: options.waitTimeoutMs, reporter }),
    () => 'connected',
  );
  try {
    const version = await serverVersion(client);
    reporter.info(`server: PostgreSQL ${version}`);
    return await withAdvisoryLock(client, async (waitedMs) => {
      reporter.info(`lock: acquired the migration lock (waited ${formatMs(waitedMs)})`);
      const adopted = await adoptIfLegacy(client, sources, reporter);
      const migrate = await timedStep(
        reporter,
        'migrate',
        () => applyPendingMigrations(client, sources.migrations, reporter),
        (r) =>
          r.applied.length === 0
            ? `up to date (${r.alreadyApplied} applied, none pending)`
            : `applied ${r.applied.length} migration(s), ${r.alreadyApplied} were already applied`,
      );
      const sql = await timedStep(
        reporter,
        'sql',
        () => applySqlFiles(client, sources.sqlFiles),
        (files) => `re-applied ${files.length} file(s): ${files.join(', ') || 'none'}`,
      );
      await applyOptionalSql(client, sources.optionalSqlFiles, reporter);
      const seed = await timedStep(
        reporter,
        'seed',
        () =>
          seedDefaults(client, {
            adminUsername: options.adminUsername,
            adminPassword: options.adminPassword,
          }),
        (r) => (r.inserted.length ? `inserted ${r.inserted.join(', ')}` : 'nothing to insert'),
      );
      const verify = await timedStep(
        reporter,
        'verify',
        () => verifyDatabase(client, sources.migrations, sources.sqlFiles),
        (r) =>
          r.ok ? `schema matches (${r.warnings.length} warning(s))` : `${r.problems.length} problem(s)`,
      );
      for (const w of verify.warnings) reporter.warn(w);
      if (!verify.ok) throw new VerifyFailedError(verify);
      const durationMs = performance.now() - started;
      reporter.info(`ready in ${formatMs(durationMs)}`);
      return { serverVersion: version, adopted, migrate, sql, seed, verify, durationMs };
    });
  } finally {
    await client.end().catch(() => {});
  }
}

async function adoptIfLegacy(
  client: Client,
  sources: SchemaSources,
  reporter: Reporter,
): Promise<AdoptResult | undefined> {
  const legacy = await isLegacyDatabase(client);
  if (!legacy) {
    reporter.info('adopt: not a legacy database, nothing to adopt');
    return undefined;
  }
  const baseline = sources.migrations[0];
  if (!baseline) throw new Error('no baseline migration to adopt a legacy database to');
  const result = await timedStep(
    reporter,
    'adopt',
    () => adoptLegacyDatabase(client, baseline, reporter),
    () => `brought the original app's database to ${baseline.name} and recorded it as applied`,
  );
  for (const u of result.data.unresolvedEntryIds) reporter.warn(`invoice line link not restored: ${u}`);
  return result;
}

async function applyOptionalSql(
  client: Client,
  files: { name: string; sql: string }[],
  reporter: Reporter,
): Promise<void> {
  for (const file of files) {
    try {
      await applySqlFiles(client, [file]);
      reporter.info(`sql: applied optional ${file.name}`);
    } catch (err) {
      reporter.warn(`optional ${file.name} skipped: ${errorMessage(err)}`);
    }
  }
}
