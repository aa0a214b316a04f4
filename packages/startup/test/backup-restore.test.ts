import { CorruptBackupError, DERIVED_TABLES, writeBackup, type WrittenBackup } from '@timetracker/core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup, RestoreRefusedError } from '../src/backup/restore';
import { silentReporter } from '../src/report';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import {
  ALL_MIGRATIONS,
  repoPrismaDir,
  runCli,
  scratchDatabases,
  startup,
  tempPrismaDir,
  withClient,
} from './support';

let source: TestDatabase;
let dir: string;
let backup: WrittenBackup;
const scratch = scratchDatabases();

/** A little of everything, with the values that break naive dumps: tabs, newlines, backslashes, NULLs, bytes. */
async function fillEveryTable(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`
      INSERT INTO users (username, role, password_hash, last_activity_at)
        VALUES ('alice', 'user', 'x', '2026-03-29 00:30:00+00'), ('bob "the" builder', 'admin', NULL, NULL);
      INSERT INTO clients (name, description, rounding_minutes, rounding_mode)
        VALUES ('Acme', E'line one\\nline two\\twith a tab and a \\\\ backslash', 15, 'up'), ('Ünïcødé ☃', NULL, NULL, NULL);
      INSERT INTO projects (name, client_id, client)
        SELECT 'Website', id, 'Acme' FROM clients WHERE name = 'Acme';
      INSERT INTO rates (kind, client_id, effective_from, amount) SELECT 'billable', id, '1970-01-01', 85.50 FROM clients WHERE name = 'Acme';
      INSERT INTO rates (kind, project_id, user_id, effective_from, amount)
        SELECT 'cost', p.id, u.id, '2026-03-01', 40.25 FROM projects p, users u WHERE p.name = 'Website' AND u.username = 'alice';
      INSERT INTO tasks (project_id, name, created_by, due_date, estimated_hours)
        SELECT p.id, 'Design', u.id, '2026-04-01', 12.25 FROM projects p, users u
         WHERE p.name = 'Website' AND u.username = 'alice';
      INSERT INTO invoices (invoice_number, project_id, client_name, issue_date, due_date, status, subtotal, tax_rate)
        SELECT 'INV-1000', id, 'Acme', '2026-03-01', '2026-03-31', 'sent', 150.00, 22.00 FROM projects WHERE name = 'Website';
      INSERT INTO invoice_items (invoice_id, description, quantity, unit_price, total_amount)
        SELECT id, 'Design work', 1.50, 100.00, 150.00 FROM invoices;
      INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds, notes, invoice_item_id)
        SELECT u.id, p.id, t.id, '2026-03-28 23:59:59.123456+00', '2026-03-29 01:30:00+00', 5400,
               E'notes with \\r\\n and "quotes" and NULL text \\\\N', i.id
          FROM users u, projects p, tasks t, invoice_items i WHERE u.username = 'alice' AND p.name = 'Website';
      INSERT INTO tags (name, colour) VALUES ('a', '#ff8800'), ('b', NULL);
      INSERT INTO time_entry_tags (time_entry_id, tag_id, position)
        SELECT te.id, t.id, t.id FROM time_entries te, tags t;
      INSERT INTO time_entries (user_id, start_time, source) SELECT id, now(), 'auto' FROM users WHERE username = 'alice';
      INSERT INTO sessions (id, user_id, csrf_token, expires_at) SELECT 'sess1', id, 'csrf', now() + interval '1 day' FROM users LIMIT 1;
      INSERT INTO api_tokens (user_id, name, token_hash, prefix) SELECT id, 'cli', repeat('a', 64), 'tt_abc' FROM users LIMIT 1;
      INSERT INTO rate_limits (key, window_start, hits) VALUES ('login:alice', '2026-03-29 00:00:00+00', 3);
      INSERT INTO usage_counts (day, route_group, count) VALUES ('2026-03-29', 'time-entries', 42);
      INSERT INTO job_runs (job_name, scheduled_at, started_at, outcome, counts, worker)
        VALUES ('idle-timeout', '2026-03-29 00:00:00+00', '2026-03-29 00:00:00.5+00', 'ok', '{"stopped": 2}', 'w:1');
      INSERT INTO backups (trigger, status, requested_at, rows_done) VALUES ('manual', 'ok', '2026-03-28 10:00:00+00', 12345678901);
      INSERT INTO audit_events (at, actor_id, actor_username, via, entity, entity_id, action, before, after)
        VALUES ('2026-03-29 00:31:00.5+00', 999, 'a deleted user', 'session', 'time_entry', 7, 'update',
                '{"notes": "tab\\there, newline\\n, backslash \\\\ and \\u00e9"}', '{"notes": null, "tags": ["a"]}'),
               ('2026-03-29 00:32:00+00', NULL, NULL, 'system', 'time_entry', 7, 'idle_stop', NULL, '{}');
    `);
    const logo = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 0x5c, 0x09, 0x0a, 255,
    ]);
    const { rows } = await c.query<{ id: number }>(
      `INSERT INTO uploaded_files (kind, content_type, size, sha256, data) VALUES ('company_logo', 'image/png', $1, $2, $3) RETURNING id`,
      [logo.length, 'f'.repeat(64), logo],
    );
    await c.query(
      `UPDATE settings SET company_logo_file_id = $1, company_logo_filename = 'logo.png', timezone = 'Europe/Rome'`,
      [rows[0]!.id],
    );
    // A deleted row: the sequence must stay past it after a restore.
    await c.query(`INSERT INTO clients (name) VALUES ('Gone'); DELETE FROM clients WHERE name = 'Gone'`);
  });
}

/** md5 of every row of every table, in a stable order: equal checksums = nothing lost or changed. */
function tableChecksums(url: string): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    await c.query(`SET TimeZone = 'UTC'`);
    const { rows: tables } = await c.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'
          AND tablename <> ALL ($1::text[]) ORDER BY 1`,
      [DERIVED_TABLES],
    );
    const out: Record<string, string> = {};
    for (const { t } of tables) {
      const { rows } = await c.query<{ sum: string; n: number }>(
        `SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS sum, count(*)::int AS n FROM "${t}" x`,
      );
      out[t] = `${rows[0]!.n}:${rows[0]!.sum}`;
    }
    return out;
  });
}

const sequenceValues = (url: string) =>
  withClient(url, async (c) => {
    const { rows } = await c.query<{ s: string; v: string }>(
      `SELECT sequencename AS s, coalesce(last_value, 0)::text AS v FROM pg_sequences WHERE schemaname = current_schema()
          AND NOT sequencename = ANY (SELECT t || '_id_seq' FROM unnest($1::text[]) t) ORDER BY 1`,
      [DERIVED_TABLES],
    );
    return Object.fromEntries(rows.map((r) => [r.s, r.v]));
  });

/** Flips one byte in the middle of a part's data (found by walking the tar headers). */
function corruptPart(bytes: Buffer, part: string): Buffer {
  const copy = Buffer.from(bytes);
  for (let at = 0; at + 512 <= copy.length;) {
    const name = copy.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
    const size = parseInt(
      copy
        .toString('utf8', at + 124, at + 136)
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8,
    );
    if (name === part) {
      copy[at + 512 + Math.floor(size / 2)]! ^= 0xff;
      return copy;
    }
    if (!name) break;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${part} not found`);
}

const restore = (file: string, url: string, extra: { force?: boolean; prismaDir?: string } = {}) =>
  restoreBackup({
    file,
    databaseUrl: url,
    prismaDir: extra.prismaDir ?? repoPrismaDir,
    force: extra.force ?? false,
    waitTimeoutMs: 5_000,
    adminUsername: 'admin',
    reporter: silentReporter,
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tt-backups-'));
  source = await createTestDatabase();
  await fillEveryTable(source.url);
  backup = await writeBackup({ databaseUrl: source.url, dir, fileName: 'source.tar' });
});
afterAll(async () => {
  await scratch.dropAll();
  await source?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup', () => {
  it('writes every table with row counts, checksums and the schema version, and the uploaded logo', () => {
    const m = backup.manifest;
    expect(m.schemaVersion).toBe(ALL_MIGRATIONS.at(-1));
    expect(m.migrations.map((x) => x.name)).toEqual(ALL_MIGRATIONS);
    const rows = Object.fromEntries(m.tables.map((t) => [t.name, t.rows]));
    expect(rows).toMatchObject({
      users: 3,
      clients: 3,
      time_entries: 2,
      uploaded_files: 1,
      settings: 1,
      backups: 1,
      audit_events: 2,
    });
    expect(m.tables.every((t) => /^[0-9a-f]{64}$/.test(t.sha256))).toBe(true);
    expect(m.tables.map((t) => t.name)).not.toContain('_prisma_migrations');
    expect(m.files).toEqual([
      expect.objectContaining({ kind: 'company_logo', contentType: 'image/png', bytes: 15 }),
    ]);
    expect(backup.sizeBytes).toBeGreaterThan(0);
  });
});

describe('restore', () => {
  it('round-trips: every table equal (checksums), sequences past every id, and a new backup of it is identical', async () => {
    const target = await scratch.create();
    const result = await restore(backup.file, target.url);
    expect(result.laterMigrations).toEqual([]);
    expect(result.startup.verify.ok).toBe(true);
    expect(result.startup.seed.inserted).toEqual([]);
    expect(await tableChecksums(target.url)).toEqual(await tableChecksums(source.url));
    // The report rollups, not in the archive, were rebuilt from the restored entries.
    const rollups = (url: string) =>
      withClient(url, async (c) => {
        await c.query(`SELECT entry_rollups_fold()`);
        const { rows } = await c.query<{ entries: number; seconds: string }>(
          `SELECT COALESCE(sum(entries), 0)::int AS entries, COALESCE(sum(seconds), 0)::text AS seconds FROM entry_rollups`,
        );
        return rows[0];
      });
    const rebuilt = await rollups(target.url);
    expect(rebuilt).toEqual(await rollups(source.url));
    expect(rebuilt!.entries).toBeGreaterThan(0);
    // Where the original was, except that a sequence never used (settings: id 1 inserted
    // explicitly) is moved past the ids the table holds.
    expect(await sequenceValues(target.url)).toEqual({
      ...(await sequenceValues(source.url)),
      settings_id_seq: '1',
    });
    // The deleted client's id is not handed out again.
    const ids = await withClient(target.url, async (c) => {
      const { rows } = await c.query<{ id: number }>(
        `INSERT INTO clients (name) VALUES ('New') RETURNING id`,
      );
      const { rows: max } = await c.query<{ m: number }>(
        `SELECT max(id) AS m FROM clients WHERE name <> 'New'`,
      );
      return { id: rows[0]!.id, max: max[0]!.m };
    });
    expect(ids.id).toBe(ids.max + 2);
    await withClient(target.url, (c) => c.query(`DELETE FROM clients WHERE name = 'New'`));
    // The same data backs up to the same bytes, table by table.
    const again = await writeBackup({ databaseUrl: target.url, dir, fileName: 'again.tar' });
    const sums = (w: WrittenBackup) => Object.fromEntries(w.manifest.tables.map((t) => [t.name, t.sha256]));
    expect(sums(again)).toEqual(sums(backup));
    // The audit log came back append-only: the triggers are re-applied by the startup that ends
    // the restore (the load itself, COPY FROM, is an insert they allow).
    await expect(
      withClient(target.url, (c) => c.query(`UPDATE audit_events SET action = 'forged'`)),
    ).rejects.toThrow(/append-only/);
  });

  it('restores an older archive at its schema version, then applies the later migrations', async () => {
    // A database at the schema before the newest migration, backed up, restored by today's code.
    const older = tempPrismaDir();
    const newest = ALL_MIGRATIONS.at(-1)!;
    rmSync(path.join(older, 'migrations', newest), { recursive: true });
    const old = await scratch.create();
    await startup(old.url, older);
    await withClient(old.url, (c) => c.query(`INSERT INTO clients (name) VALUES ('From the past')`));
    const archive = await writeBackup({ databaseUrl: old.url, dir, fileName: 'older.tar' });
    expect(archive.manifest.schemaVersion).toBe(ALL_MIGRATIONS.at(-2));

    const target = await scratch.create();
    const result = await restore(archive.file, target.url);
    expect(result.laterMigrations).toEqual([newest]);
    expect(result.startup.verify.ok).toBe(true);
    const names = await withClient(target.url, async (c) => (await c.query(`SELECT name FROM clients`)).rows);
    expect(names).toContainEqual({ name: 'From the past' });
  });

  it('refuses a corrupt archive and changes nothing', async () => {
    const bytes = readFileSync(backup.file);
    const corrupt = path.join(dir, 'corrupt.tar');
    writeFileSync(corrupt, corruptPart(bytes, 'tables/time_entries.copy.gz'));
    const target = await scratch.create();
    await expect(restore(corrupt, target.url)).rejects.toThrow(CorruptBackupError);
    const truncated = path.join(dir, 'truncated.tar');
    writeFileSync(truncated, readFileSync(backup.file).subarray(0, Math.floor(bytes.length / 2)));
    await expect(restore(truncated, target.url)).rejects.toThrow(CorruptBackupError);
    const tables = await withClient(
      target.url,
      async (c) => (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows,
    );
    expect(tables).toEqual([]);
  });

  it('refuses an archive whose schema is newer than the code', async () => {
    const future = tempPrismaDir();
    const name = '29991231000000_from_the_future';
    mkdirSync(path.join(future, 'migrations', name));
    writeFileSync(
      path.join(future, 'migrations', name, 'migration.sql'),
      'CREATE TABLE "future_things" ("id" INTEGER);\n',
    );
    const db = await scratch.create();
    await startup(db.url, future);
    const archive = await writeBackup({ databaseUrl: db.url, dir, fileName: 'future.tar' });
    const target = await scratch.create();
    const refused = await restore(archive.file, target.url).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RestoreRefusedError);
    expect((refused as Error).message).toContain(`schema version ${name} is newer than this code`);
  });

  it('refuses a database that is not empty unless forced, and then replaces it', async () => {
    const target = await createTestDatabase();
    try {
      await withClient(target.url, (c) =>
        c.query(`INSERT INTO clients (name) VALUES ('Not in the backup');
                 INSERT INTO audit_events (via, entity, action) VALUES ('system', 'lock', 'not in the backup')`),
      );
      await expect(restore(backup.file, target.url)).rejects.toThrow(/not empty/);
      await restore(backup.file, target.url, { force: true });
      expect(await tableChecksums(target.url)).toEqual(await tableChecksums(source.url));
    } finally {
      await target.drop();
    }
  });
});

describe('npm run backup:create / backup:restore', () => {
  it('backs up and restores from the command line; a corrupt archive exits 65', async () => {
    const cliDir = path.join(dir, 'cli');
    const made = await runCli(['backup'], { DATABASE_URL: source.url, BACKUP_DIR: cliDir });
    expect(made.code, made.stderr).toBe(0);
    const file = /backup written: (\S+)/.exec(made.stdout)![1]!;
    expect(path.dirname(file)).toBe(cliDir);

    const target = await scratch.create();
    const restored = await runCli(['restore', file], { DATABASE_URL: target.url });
    expect(restored.code, restored.stderr + restored.stdout).toBe(0);
    expect(await tableChecksums(target.url)).toEqual(await tableChecksums(source.url));

    const again = await runCli(['restore', file], { DATABASE_URL: target.url });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');
    const unconfirmed = await runCli(['restore', file, '--force'], { DATABASE_URL: target.url });
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('--yes');
    const forced = await runCli(['restore', file, '--force', '--yes'], { DATABASE_URL: target.url });
    expect(forced.code, forced.stderr).toBe(0);

    writeFileSync(file, corruptPart(readFileSync(file), 'tables/clients.copy.gz'));
    const corrupt = await runCli(['restore', file], { DATABASE_URL: (await scratch.create()).url });
    expect(corrupt.code).toBe(65);
    expect(corrupt.stderr).toContain('corrupt');
  });
});
