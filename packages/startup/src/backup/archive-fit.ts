import type { BackupManifest } from '@timetracker/core';
import type { Client } from 'pg';
import { checksumMatches, type MigrationFile } from '../migrations/files';

// Whether an archive fits this code. The archive is untrusted input: its manifest is compared
// with our migrations and our catalog, and nothing read from it is ever turned into SQL.

/**
 * Nothing was changed: the archive does not fit this code (newer or unknown schema version, a
 * migration that differs, a table, column or sequence our migrations do not create, an entry
 * not listed or seen twice, a row count that differs), or the database was not to be replaced.
 */
export class RestoreRefusedError extends Error {
  override readonly name = 'RestoreRefusedError';

  constructor(
    /** archive: it does not fit this code; database: not empty, or not confirmed. */
    readonly reason: 'archive' | 'database',
    message: string,
  ) {
    super(message);
  }
}

export const refused = (cause: string) =>
  new RestoreRefusedError('archive', `${cause}: refused, nothing was changed`);

/**
 * The code's migrations that make up the archive's schema version. The archive's history must
 * be the start of ours, migration for migration, with the same checksums.
 */
export function migrationsUpTo(manifest: BackupManifest, migrations: MigrationFile[]): MigrationFile[] {
  const latest = migrations.at(-1)?.name ?? '(none)';
  manifest.migrations.forEach((applied, i) => {
    const ours = migrations[i];
    if (!migrations.some((m) => m.name === applied.name)) {
      throw new RestoreRefusedError(
        'archive',
        `the archive's schema version ${manifest.schemaVersion} is newer than this code (latest migration ` +
          `${latest}; ${applied.name} is unknown here): restore it with the version of TimeTracker that made it, or newer`,
      );
    }
    if (ours?.name !== applied.name || !checksumMatches(ours.sql, applied.checksum)) {
      throw new RestoreRefusedError(
        'archive',
        `the archive's migration history does not match this code at ${applied.name}: it was made by a different build`,
      );
    }
  });
  // The data is at this version: it must be one of ours, and the last of the archive's history.
  if (
    !migrations.some((m) => m.name === manifest.schemaVersion) ||
    manifest.migrations.at(-1)?.name !== manifest.schemaVersion
  ) {
    throw new RestoreRefusedError(
      'archive',
      `the archive's schema version ${JSON.stringify(manifest.schemaVersion)} is not one of this code's ` +
        `migrations, or not the last of the archive's own history: refused`,
    );
  }
  return migrations.slice(0, manifest.migrations.length);
}

/**
 * Every table and column the archive names must be one our migrations created (the archive's
 * types are never used: the catalog's are). An adopted database's extra tables or columns are
 * therefore refused too: they cannot be told apart from a tampered archive.
 */
export async function checkAgainstSchema(client: Client, manifest: BackupManifest): Promise<void> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(
    `SELECT c.relname AS name,
            coalesce(array_agg(a.attname::text) FILTER (WHERE a.attname IS NOT NULL), '{}') AS columns
       FROM pg_class c
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                               AND a.attgenerated = ''
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
        AND c.relname <> '_prisma_migrations'
      GROUP BY c.relname`,
  );
  const schema = new Map(rows.map((r) => [r.name, new Set(r.columns)]));
  const at = `the schema at ${manifest.schemaVersion}`;
  for (const table of manifest.tables) {
    const columns = schema.get(table.name);
    if (!columns)
      throw refused(`the archive holds table ${JSON.stringify(table.name)}, which is not in ${at}`);
    const unknown = table.columns.find((c) => !columns.has(c.name));
    if (unknown) {
      throw refused(
        `the archive's table ${table.name} has column ${JSON.stringify(unknown.name)}, which is not in ${at}`,
      );
    }
  }
  const { rows: sequences } = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace`,
  );
  const known = new Set(sequences.map((r) => r.name));
  const unknown = manifest.sequences.find((s) => !known.has(s.name));
  if (unknown)
    throw refused(`the archive holds sequence ${JSON.stringify(unknown.name)}, which is not in ${at}`);
}
