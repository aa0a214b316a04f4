import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareCatalogs } from '../src/catalog/compare';
import { readCatalog } from '../src/catalog/introspect';
import { withDatabase } from '../src/db';
import { readMigrations, readSqlFiles } from '../src/migrations/files';
import { testServerUrl } from '../src/testing';
import {
  ALL_MIGRATIONS,
  dumpAll,
  repoPrismaDir,
  runCli,
  startup,
  tempPrismaDir,
  withClient,
  scratchDatabases,
} from './support';

const WASM = ['--experimental-wasm-modules', '--no-warnings'];
const scratch = scratchDatabases();
const emptyDb = () => scratch.create();
afterEach(() => scratch.dropAll());

const catalogOf = (url: string) => withClient(url, (c) => readCatalog(c, 'public'));
const serverEnv = () => ({ DATABASE_URL: withDatabase(testServerUrl(), 'postgres') });

describe('drift: the migrations and schema.prisma agree', () => {
  it('all migrations applied to an empty database equal exactly what schema.prisma declares', async () => {
    const declared = await runCli(['schema-sql'], serverEnv(), WASM);
    expect(declared.code, declared.stderr).toBe(0);
    expect(declared.stdout).toContain('CREATE TABLE "time_entries"');

    const fromSchema = await emptyDb();
    await withClient(fromSchema.url, async (c) => {
      await c.query(declared.stdout);
      for (const f of readSqlFiles(path.join(repoPrismaDir, 'sql'))) await c.query(f.sql);
    });
    const fromMigrations = await emptyDb();
    await startup(fromMigrations.url);

    const expected = await catalogOf(fromSchema.url);
    const actual = await catalogOf(fromMigrations.url);
    // CHECK constraints cannot be declared in schema.prisma: they live only in the migrations.
    const comparison = compareCatalogs({ ...expected, checks: {} }, { ...actual, checks: {} });
    expect(comparison.problems).toEqual([]);
    expect(comparison.warnings).toEqual([]);
    // The hand-written CHECKs are exactly what the comparison left out.
    expect(Object.keys(expected.checks)).toEqual([]);
    expect(Object.keys(actual.checks)).toEqual(
      expect.arrayContaining([
        'settings_singleton',
        'time_entries_end_after_start',
        'settings_rounding_mode_check',
      ]),
    );
  });

  it('the newest migration snapshot is the current schema.prisma (edit → run db:migration)', () => {
    const latest = readMigrations(path.join(repoPrismaDir, 'migrations')).at(-1)!;
    const snapshot = readFileSync(
      path.join(repoPrismaDir, 'migrations', latest.name, 'schema.prisma'),
      'utf8',
    );
    expect(snapshot).toBe(readFileSync(path.join(repoPrismaDir, 'schema.prisma'), 'utf8'));
  });

  it('every migration has a down.sql', () => {
    const dir = path.join(repoPrismaDir, 'migrations');
    const folders = readdirSync(dir).filter((n) => /^\d{14}_/.test(n));
    expect(folders.length).toBeGreaterThan(0);
    for (const f of folders) expect(existsSync(path.join(dir, f, 'down.sql')), f).toBe(true);
  });
});

describe('db:migration, db:status and db:rollback', () => {
  function editSchema(prismaDir: string): void {
    const file = path.join(prismaDir, 'schema.prisma');
    const original = readFileSync(file, 'utf8');
    // Insert a field into the User model, whatever the column alignment of the file.
    const schema = original
      .replace(/^( +)lastLogin /m, '$1nickname String? @db.VarChar(40)\n$1lastLogin ')
      .concat(
        '\nmodel Label {\n  id   Int    @id @default(autoincrement())\n  name String @unique @db.VarChar(50)\n\n  @@map("labels")\n}\n',
      );
    if (schema === original) throw new Error('the test could not edit schema.prisma');
    writeFileSync(file, schema);
  }

  it('creates a migration offline; migrate → rollback → migrate leaves the same schema and data', async () => {
    const prismaDir = tempPrismaDir();
    const db = await emptyDb();
    await startup(db.url, prismaDir);
    await withClient(db.url, (c) => c.query(`INSERT INTO clients (name) VALUES ('Keep me')`));
    const catalogBefore = await catalogOf(db.url);
    const dataBefore = await dumpAll(db.url);

    const unchanged = await runCli(['migration', 'nothing'], { ...serverEnv(), PRISMA_DIR: prismaDir }, WASM);
    expect(unchanged.stdout).toContain('nothing to create');

    editSchema(prismaDir);
    const created = await runCli(
      ['migration', 'Add nickname & labels'],
      { ...serverEnv(), PRISMA_DIR: prismaDir },
      WASM,
    );
    expect(created.code, created.stderr).toBe(0);
    const folder = readMigrations(path.join(prismaDir, 'migrations')).at(-1)!;
    expect(folder.name).toMatch(/^\d{14}_add_nickname_labels$/);
    expect(folder.sql).toContain('ADD COLUMN     "nickname" VARCHAR(40)');
    expect(folder.sql).toContain('CREATE TABLE "labels"');
    expect(folder.downSql).toContain('DROP COLUMN "nickname"');
    expect(folder.downSql).toContain('DROP TABLE "labels"');

    const pending = await runCli(['status'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain(`pending  ${folder.name}`);

    const migrated = await startup(db.url, prismaDir);
    expect(migrated.migrate.applied).toEqual([folder.name]);
    const catalogMigrated = await catalogOf(db.url);
    expect(catalogMigrated.tables.users?.nickname).toBeDefined();
    const applied = await runCli(['status', '--json'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ pending: [], latestApplied: folder.name });

    const rolledBack = await runCli(['rollback'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain(`rolled back ${folder.name}`);
    expect(compareCatalogs(catalogBefore, await catalogOf(db.url)).problems).toEqual([]);
    const { _prisma_migrations: _h1, ...dataAfterRollback } = await dumpAll(db.url);
    const { _prisma_migrations: _h2, ...dataBeforeRest } = dataBefore;
    expect(dataAfterRollback).toEqual(dataBeforeRest);
    await withClient(db.url, async (c) => {
      const { rows } = await c.query(
        `SELECT rolled_back_at FROM _prisma_migrations WHERE migration_name = $1`,
        [folder.name],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].rolled_back_at).toBeInstanceOf(Date);
    });

    const again = await startup(db.url, prismaDir);
    expect(again.migrate.applied).toEqual([folder.name]);
    expect(compareCatalogs(catalogMigrated, await catalogOf(db.url)).problems).toEqual([]);
  });

  it('rolls back running_timers with timers running: no --force (its rows are copies), writes go on, a start refills it', async () => {
    // The repository as of that migration (rollback reverts the newest).
    const latest = ALL_MIGRATIONS.find((m) => m.endsWith('_running_timers'))!;
    const prismaDir = tempPrismaDir();
    for (const later of ALL_MIGRATIONS.slice(ALL_MIGRATIONS.indexOf(latest) + 1))
      rmSync(path.join(prismaDir, 'migrations', later), { recursive: true });
    const db = await emptyDb();
    await startup(db.url, prismaDir);
    const running = `INSERT INTO time_entries (user_id, project_id, start_time)
                     SELECT 1, min(id), now() FROM projects RETURNING id`;
    const [first] = await withClient(db.url, (c) => c.query<{ id: number }>(running).then((r) => r.rows));

    const rolledBack = await runCli(['rollback'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain(`rolled back ${latest}`);
    expect((await dumpAll(db.url)).running_timers).toBeUndefined();
    const [second] = await withClient(db.url, (c) => c.query<{ id: number }>(running).then((r) => r.rows));

    const again = await startup(db.url, prismaDir);
    expect(again.migrate.applied).toEqual([latest]);
    expect(again.verify.ok).toBe(true);
    expect((await dumpAll(db.url)).running_timers).toEqual([
      { entry_id: first!.id, user_id: 1 },
      { entry_id: second!.id, user_id: 1 },
    ]);
  });

  it('refuses a rollback that would drop data unless --force, and one without down.sql', async () => {
    const prismaDir = tempPrismaDir();
    const db = await emptyDb();
    editSchema(prismaDir);
    expect(
      (await runCli(['migration', 'labels'], { ...serverEnv(), PRISMA_DIR: prismaDir }, WASM)).code,
    ).toBe(0);
    await startup(db.url, prismaDir);
    await withClient(db.url, (c) => c.query(`INSERT INTO labels (name) VALUES ('urgent')`));

    const refused = await runCli(['rollback'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('would drop data: table labels (1 rows)');
    expect((await dumpAll(db.url)).labels).toHaveLength(1);

    const forced = await runCli(['rollback', '--force'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(forced.code, forced.stderr).toBe(0);
    expect((await dumpAll(db.url)).labels).toBeUndefined();

    // Without a down.sql there is nothing to run: refused even with --force (whatever the
    // repository's newest migration contains).
    const latest = ALL_MIGRATIONS.at(-1)!;
    rmSync(path.join(prismaDir, 'migrations', latest, 'down.sql'));
    const noDown = await runCli(['rollback', '--force'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(noDown.code).toBe(1);
    expect(noDown.stderr).toContain('has no down.sql');
  });
});
