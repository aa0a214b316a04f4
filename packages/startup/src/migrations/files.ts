import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface MigrationFile {
  /** Folder name, `<UTC timestamp>_<name>` as Prisma Migrate lays it out. */
  name: string;
  sql: string;
  checksum: string;
  /** The reverse script, when the migration has one. */
  downSql?: string;
}

const MIGRATION_DIR = /^\d{14}_[a-z0-9_]+$/i;

/** sha256 hex of the file, as Prisma Migrate records it. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/**
 * Prisma accepts a recorded checksum made on either line-ending convention (git may rewrite
 * them on checkout); so do we, so that a Windows clone is not reported as tampered.
 */
export function checksumMatches(sql: string, recorded: string): boolean {
  const lf = sql.replace(/\r\n/g, '\n');
  return [sql, lf, lf.replace(/\n/g, '\r\n')].some((variant) => checksumOf(variant) === recorded);
}

/** Every migration folder under `dir`, in name (= time) order. */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && MIGRATION_DIR.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new Error(`migration ${name} has no migration.sql`);
      const sql = readFileSync(file, 'utf8');
      const downFile = path.join(dir, name, 'down.sql');
      const downSql = existsSync(downFile) ? readFileSync(downFile, 'utf8') : undefined;
      return { name, sql, checksum: checksumOf(sql), downSql };
    });
}

/** The idempotent raw SQL re-applied on every start, in name order. */
export function readSqlFiles(dir: string): { name: string; sql: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name), 'utf8') }));
}
