import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readMigrations } from './files';
import { datamodel, diffScript, emptySchema, isEmptyScript, withSchemaEngine } from './schema-engine';

export interface CreateMigrationResult {
  name: string;
  dir: string;
  /** False when schema.prisma did not change and no empty migration was asked for. */
  created: boolean;
  up: string;
  down: string;
}

/** Each migration keeps the schema.prisma it was made from: the "from" side of the next diff. */
export const SNAPSHOT_FILE = 'schema.prisma';

export function migrationFolderName(name: string, now: Date = new Date()): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new Error('a migration needs a name made of letters or digits');
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}_${slug}`;
}

/**
 * Writes `prisma/migrations/<timestamp>_<name>/` with migration.sql (last snapshot → current
 * schema.prisma), down.sql (the reverse) and the snapshot, all computed offline by the schema
 * engine. Hand-written SQL (CHECKs, data moves) can then be appended to both scripts.
 */
export async function createMigration(
  prismaDir: string,
  serverUrl: string,
  name: string,
  options: { allowEmpty?: boolean; now?: Date } = {},
): Promise<CreateMigrationResult> {
  const migrationsDir = path.join(prismaDir, 'migrations');
  const current = readFileSync(path.join(prismaDir, 'schema.prisma'), 'utf8');
  const latest = readMigrations(migrationsDir).at(-1);
  const snapshotFile = latest && path.join(migrationsDir, latest.name, SNAPSHOT_FILE);
  if (latest && !existsSync(snapshotFile!)) {
    throw new Error(`migration ${latest.name} has no ${SNAPSHOT_FILE} snapshot to diff from`);
  }
  const previous = snapshotFile ? readFileSync(snapshotFile, 'utf8') : undefined;
  const from = previous === undefined ? emptySchema : datamodel(previous);
  const { up, down } = await withSchemaEngine(serverUrl, current, async (engine) => ({
    up: await diffScript(engine, from, datamodel(current)),
    down: await diffScript(engine, datamodel(current), from),
  }));
  const folder = migrationFolderName(name, options.now);
  const dir = path.join(migrationsDir, folder);
  if (isEmptyScript(up) && !options.allowEmpty) return { name: folder, dir, created: false, up, down };
  if (existsSync(dir)) throw new Error(`${dir} already exists`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), up);
  writeFileSync(path.join(dir, 'down.sql'), down);
  writeFileSync(path.join(dir, SNAPSHOT_FILE), current);
  return { name: folder, dir, created: true, up, down };
}
