import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import {
  checkedPart,
  COPY_SESSION_SETTINGS,
  CorruptBackupError,
  forEachEntry,
  MANIFEST_ENTRY,
  verifyBackupArchive,
  type BackupManifest,
} from '@timetracker/core';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent } from '../db';
import { withAdvisoryLock } from '../lock';
import type { MigrationFile } from '../migrations/files';
import { ensureHistoryTable, recordApplied } from '../migrations/history';
import { loadSchemaSources, runStartup, type StartupResult } from '../pipeline';
import { errorMessage, timedStep, type Reporter } from '../report';
import { waitForDatabase } from '../wait';
import { checkAgainstSchema, migrationsUpTo, refused, RestoreRefusedError } from './archive-fit';

export { migrationsUpTo, RestoreRefusedError };

/**
 * A write failed while loading (disk full, an I/O error, a row the constraints refuse…): the
 * transaction was rolled back, so the database is as it was.
 */
export class RestoreFailedError extends Error {
  override readonly name = 'RestoreFailedError';

  constructor(cause: unknown) {
    super(`the restore failed and was undone, nothing was changed: ${errorMessage(cause)}`, { cause });
  }
}

export interface RestoreOptions {
  file: string;
  databaseUrl: string;
  prismaDir: string;
  /** Replace whatever the database holds. */
  force: boolean;
  /**
   * Asked before replacing a database that is not empty (after the archive was checked);
   * false cancels. Without it, --force alone is enough.
   */
  confirm?: (what: { database: string; relations: number; manifest: BackupManifest }) => Promise<boolean>;
  waitTimeoutMs: number;
  adminUsername: string;
  adminPassword?: string;
  reporter: Reporter;
}

export interface RestoreResult {
  manifest: BackupManifest;
  tables: number;
  rows: number;
  /** Migrations newer than the archive, applied after its data was loaded. */
  laterMigrations: string[];
  startup: StartupResult;
}

/**
 * Restores a backup archive. The archive is untrusted input: nothing in it becomes SQL. Every
 * entry, size and checksum is verified first (a corrupt or tampered archive changes nothing),
 * an archive whose schema version is not one of our migrations or whose migrations differ from
 * ours is refused, then in ONE transaction (a failure leaves the database as it was) the schema
 * is emptied when forced, OUR migrations up to the archive's schema version create the tables,
 * every table and column the archive names must exist there, every table is loaded with COPY
 * FROM into those columns (foreign keys dropped meanwhile and re-created, which re-checks them;
 * each part checked again as it loads, and its row count as COPY reports it) and every sequence
 * is set. Finally the normal startup pipeline applies the later migrations, the SQL files,
 * the seed (which finds its rows) and verifies the result.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { reporter } = options;
  const manifest = await timedStep(
    reporter,
    'check',
    () => verifyBackupArchive(options.file),
    (m) =>
      `archive intact: ${m.tables.length} table(s), ${m.tables.reduce((s, t) => s + t.rows, 0)} row(s), ` +
      `taken ${m.createdAt}, schema ${m.schemaVersion || '(none)'}`,
  );
  const { migrations } = loadSchemaSources(options.prismaDir);
  const upTo = migrationsUpTo(manifest, migrations);

  const client = await waitForDatabase(options.databaseUrl, { timeoutMs: options.waitTimeoutMs, reporter });
  let loaded: { tables: number; rows: number };
  try {
    loaded = await withAdvisoryLock(client, async () => {
      const relations = await countObjects(client);
      if (relations > 0) {
        if (!options.force) {
          throw new RestoreRefusedError(
            'database',
            'the database is not empty: restore into an empty database, or pass --force to replace what it holds',
          );
        }
        const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
        const database = rows[0]!.db;
        if (options.confirm && !(await options.confirm({ database, relations, manifest }))) {
          throw new RestoreRefusedError('database', 'cancelled: nothing was changed');
        }
        reporter.warn(`restore: replacing everything in database "${database}" (${relations} relation(s))`);
      }
      return timedStep(
        reporter,
        'restore',
        () =>
          loadArchive(client, options.file, manifest, upTo, options.force).catch((err: unknown) => {
            if (err instanceof RestoreRefusedError || err instanceof CorruptBackupError) throw err;
            throw new RestoreFailedError(err);
          }),
        (r) => `loaded ${r.rows} row(s) into ${r.tables} table(s) at schema ${manifest.schemaVersion}`,
      );
    });
  } finally {
    await client.end().catch(() => {});
  }

  const laterMigrations = migrations.slice(upTo.length).map((m) => m.name);
  reporter.info(
    laterMigrations.length
      ? `restore: ${laterMigrations.length} later migration(s) to apply: ${laterMigrations.join(', ')}`
      : 'restore: the archive is at the newest schema',
  );
  const startup = await runStartup({
    databaseUrl: options.databaseUrl,
    prismaDir: options.prismaDir,
    waitTimeoutMs: options.waitTimeoutMs,
    adminUsername: options.adminUsername,
    adminPassword: options.adminPassword,
    reporter,
  });
  return { manifest, ...loaded, laterMigrations, startup };
}

/** Tables, sequences, indexes, views… in the schema: zero for an empty database. */
async function countObjects(client: Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = current_schema()::regnamespace`,
  );
  return rows[0]?.n ?? 0;
}

async function loadArchive(
  client: Client,
  file: string,
  manifest: BackupManifest,
  upTo: MigrationFile[],
  force: boolean,
): Promise<{ tables: number; rows: number }> {
  await client.query('BEGIN');
  try {
    for (const [name, value] of Object.entries(COPY_SESSION_SETTINGS)) {
      await client.query('SELECT set_config($1, $2, true)', [name, value]);
    }
    if (force) {
      const { rows } = await client.query<{ s: string }>('SELECT current_schema() AS s');
      const schema = quoteIdent(rows[0]!.s);
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.query(`CREATE SCHEMA ${schema}`);
    }
    await ensureHistoryTable(client);
    for (const m of upTo) {
      const started = new Date();
      await client.query(m.sql);
      await recordApplied(client, m.name, m.checksum, started, 'applied by restore');
    }
    await checkAgainstSchema(client, manifest);

    // Drop foreign keys while loading (tables arrive in name order, not dependency order),
    // then add them back exactly as they were; adding them checks every row.
    const { rows: fks } = await client.query<{ tbl: string; name: string; def: string }>(
      `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`,
    );
    for (const fk of fks) await client.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT ${quoteIdent(fk.name)}`);
    // Likewise the indexes that back no constraint: building each once over the loaded rows is
    // several times cheaper than inserting every row into it (what pg_restore does too).
    const { rows: indexes } = await client.query<{ name: string; def: string }>(
      `SELECT quote_ident(ci.relname) AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i
         JOIN pg_class ci ON ci.oid = i.indexrelid
         JOIN pg_class ct ON ct.oid = i.indrelid
        WHERE ct.relnamespace = current_schema()::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    );
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);

    // The file was verified, but is read again here: each part is checked again as it loads
    // (the file could have changed meanwhile), and its rows are counted by the server.
    const byPart = new Map(manifest.tables.map((t) => [t.part, t]));
    const fileParts = new Set(manifest.files.map((f) => f.part));
    const loadedParts = new Set<string>();
    let rows = 0;
    await forEachEntry(file, async (name, entry) => {
      if (name === MANIFEST_ENTRY || fileParts.has(name)) {
        entry.resume();
        return;
      }
      const table = byPart.get(name);
      if (!table) throw refused(`the archive holds ${name}, which its manifest does not list`);
      if (loadedParts.has(name)) throw refused(`the archive holds ${name} twice`);
      loadedParts.add(name);
      // Identifiers only, each checked against the catalog above and quoted here.
      const cols = table.columns.map((c) => quoteIdent(c.name)).join(', ');
      // FREEZE: every table was created in this transaction, so its rows can be written frozen
      // (no hint-bit rewrite or anti-wraparound vacuum of the whole table later).
      const copy = client.query(
        copyFrom(`COPY ${quoteIdent(table.name)} (${cols}) FROM STDIN WITH (FREEZE)`),
      );
      await pipeline(entry, createGunzip(), checkedPart(name, table), copy);
      if (copy.rowCount !== table.rows) {
        throw refused(`${name} loaded ${copy.rowCount} rows, the manifest says ${table.rows}`);
      }
      rows += copy.rowCount;
    });
    const missing = manifest.tables.find((t) => !loadedParts.has(t.part));
    if (missing) throw refused(`${missing.part} is missing from the archive`);

    await client.query(`SELECT set_config('maintenance_work_mem', '256MB', true)`);
    for (const index of indexes) await client.query(index.def);
    for (const fk of fks) {
      await client.query(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.def}`);
    }
    await setSequences(client, manifest);
    await settleBackupHistory(client, manifest, file);
    await client.query('COMMIT');
    return { tables: manifest.tables.length, rows };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** Every sequence where the original's was, and never behind the largest id loaded. */
async function setSequences(client: Client, manifest: BackupManifest): Promise<void> {
  // Each one is a sequence of the schema (checked before loading).
  for (const s of manifest.sequences) {
    await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [
      quoteIdent(s.name),
      s.lastValue,
      s.isCalled,
    ]);
  }
  const { rows: owned } = await client.query<{ seq: string; tbl: string; col: string }>(
    `SELECT s.oid::regclass::text AS seq, t.oid::regclass::text AS tbl, quote_ident(a.attname) AS col
       FROM pg_class s
       JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE s.relkind = 'S' AND s.relnamespace = current_schema()::regnamespace`,
  );
  for (const o of owned) {
    await client.query(
      `SELECT setval($1::regclass, m) FROM (SELECT max(${o.col})::bigint AS m FROM ${o.tbl}) x
        WHERE m IS NOT NULL AND m > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${o.seq})`,
      [o.seq],
    );
  }
}

/**
 * The archive's own backups table still shows the backup being taken as running (and perhaps
 * others waiting): after a restore that one is done, and no worker is running the others.
 */
async function settleBackupHistory(client: Client, manifest: BackupManifest, file: string): Promise<void> {
  const { rows } = await client.query<{ ok: boolean }>(
    `SELECT to_regclass(format('%I.backups', current_schema())) IS NOT NULL AS ok`,
  );
  if (!rows[0]?.ok || !manifest.tables.some((t) => t.name === 'backups')) return;
  if (manifest.backupId !== null) {
    const { size } = await stat(file);
    await client.query(
      `UPDATE backups SET status = 'ok', finished_at = $2, size_bytes = $3, schema_version = $4,
              file_name = coalesce(file_name, $5), error = NULL
        WHERE id = $1 AND status = 'running'`,
      [manifest.backupId, manifest.createdAt, size, manifest.schemaVersion, path.basename(file)],
    );
  }
  await client.query(
    `UPDATE backups SET status = 'failed', finished_at = $1,
            error = 'not finished when the backup this database was restored from was taken'
      WHERE status IN ('requested', 'running')`,
    [manifest.createdAt],
  );
}
