import {
  forEachEntry,
  MANIFEST_ENTRY,
  writeBackup,
  type BackupManifest,
  type BackupTable,
  type WrittenBackup,
} from '@timetracker/core';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { dumpAll, runCli, scratchDatabases, withClient } from './support';

// The archive is untrusted input: each test crafts one kind of hostile archive from a genuine
// one, keeping every checksum consistent so that only the defence under test can catch it, and
// checks that the restore exits 65 naming the cause and changes nothing, whether the database
// was empty or held data (--force --yes).

let source: TestDatabase;
let dir: string;
let genuine: WrittenBackup;
const scratch = scratchDatabases();
const existing: TestDatabase[] = [];

interface Entry {
  name: string;
  data: Buffer;
}
interface Archive {
  entries: Entry[];
  manifest: BackupManifest;
}

async function readEntries(file: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  await forEachEntry(file, async (name, entry) => {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    entries.push({ name, data: Buffer.concat(chunks) });
  });
  return entries;
}

/** The genuine archive, changed by `edit`, written as `<name>.tar` (manifest last, as ours are). */
async function craft(name: string, edit: (a: Archive) => void): Promise<string> {
  const all = await readEntries(genuine.file);
  const manifest = JSON.parse(
    all.find((e) => e.name === MANIFEST_ENTRY)!.data.toString('utf8'),
  ) as BackupManifest;
  const archive = { entries: all.filter((e) => e.name !== MANIFEST_ENTRY), manifest };
  edit(archive);
  const file = path.join(dir, `${name}.tar`);
  const pack = tar.pack();
  const written = pipeline(pack, createWriteStream(file));
  for (const e of [
    ...archive.entries,
    { name: MANIFEST_ENTRY, data: Buffer.from(JSON.stringify(archive.manifest)) },
  ]) {
    pack.entry({ name: e.name, size: e.data.length }, e.data);
  }
  pack.finalize();
  await written;
  return file;
}

const clientRows = () => genuine.manifest.tables.find((t) => t.name === 'clients')!.rows;
const tableOf = (a: Archive, name: string) => a.manifest.tables.find((t) => t.name === name)!;
const partOf = (a: Archive, name: string) => a.entries.find((e) => e.name === tableOf(a, name).part)!;
const linesOf = (a: Archive, name: string) =>
  gunzipSync(partOf(a, name).data).toString('utf8').split('\n').slice(0, -1);

/** Declares `data` (uncompressed COPY text) as the table's part: size, checksum and newline count. */
function seal(table: BackupTable, data: Buffer): Buffer {
  table.bytes = data.length;
  table.sha256 = createHash('sha256').update(data).digest('hex');
  table.rows = data.toString('utf8').split('\n').length - 1;
  return gzipSync(data);
}

/** The first row of a table with some columns changed, as a COPY text line (no newline). */
function rowLike(a: Archive, table: string, changes: Record<string, string>): string {
  const columns = tableOf(a, table).columns.map((c) => c.name);
  const values = linesOf(a, table)[0]!.split('\t');
  for (const [column, value] of Object.entries(changes)) values[columns.indexOf(column)] = value;
  return values.join('\t');
}

/** Adds a table the schema does not have, its column typed as the manifest says. */
function addTable(a: Archive, name: string, type: string): void {
  const table: BackupTable = {
    name,
    columns: [{ name: 'x', type, nullable: true }],
    orderBy: [],
    part: `tables/${name}.copy.gz`,
    rows: 0,
    bytes: 0,
    sha256: '0'.repeat(64),
  };
  a.manifest.tables.push(table);
  a.entries.unshift({ name: table.part, data: seal(table, Buffer.from('1\n')) });
}

/** What a refused restore must leave as it was: every row, and every relation's storage. */
async function snapshot(url: string) {
  const relations = await withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT relname, relkind, relfilenode::text FROM pg_class
        WHERE relnamespace = 'public'::regnamespace ORDER BY relname`,
    );
    return rows;
  });
  return { relations, rows: await dumpAll(url) };
}

/** Restores into an empty and into a populated database; both fail with `code` and `cause`, unchanged. */
async function expectFailed(file: string, code: number, cause: RegExp, prepare = async (_url: string) => {}) {
  const empty = await scratch.create();
  await prepare(empty.url);
  const intoEmpty = await runCli(['restore', file], { DATABASE_URL: empty.url });
  expect(intoEmpty.code, intoEmpty.stderr + intoEmpty.stdout).toBe(code);
  expect(intoEmpty.stderr).toMatch(cause);
  expect((await snapshot(empty.url)).relations).toEqual([]);

  const db = await createTestDatabase();
  existing.push(db);
  await withClient(db.url, (c) => c.query(`INSERT INTO clients (name) VALUES ('Here before the restore')`));
  await prepare(db.url);
  const before = await snapshot(db.url);
  const forced = await runCli(['restore', file, '--force', '--yes'], { DATABASE_URL: db.url });
  expect(forced.code, forced.stderr + forced.stdout).toBe(code);
  expect(forced.stderr).toMatch(cause);
  expect(await snapshot(db.url)).toEqual(before);
}

const expectRefused = (file: string, cause: RegExp) => expectFailed(file, 65, cause);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tt-restore-trust-'));
  source = await createTestDatabase();
  await withClient(source.url, (c) =>
    c.query(`INSERT INTO clients (name) VALUES ('Acme'), ('Globex');
             INSERT INTO users (username, role, password_hash) VALUES ('alice', 'user', 'x');
             INSERT INTO projects (name, client_id) SELECT 'Website', id FROM clients WHERE name = 'Globex'`),
  );
  genuine = await writeBackup({ databaseUrl: source.url, dir, fileName: 'genuine.tar' });
});
afterAll(async () => {
  await scratch.dropAll();
  await Promise.all([source, ...existing].map((d) => d?.drop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('restore refuses a crafted archive, changing nothing', () => {
  it('restores the genuine archive as rewritten by these tests (the crafting keeps it valid)', async () => {
    const file = await craft('untouched', () => {});
    const target = await scratch.create();
    const r = await runCli(['restore', file], { DATABASE_URL: target.url });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const names = await withClient(
      target.url,
      async (c) => (await c.query(`SELECT name FROM clients ORDER BY 1`)).rows,
    );
    expect(names).toEqual(
      await withClient(source.url, async (c) => (await c.query(`SELECT name FROM clients ORDER BY 1`)).rows),
    );
    expect(names).toContainEqual({ name: 'Globex' });
  });

  it('SQL in a column type is never run', async () => {
    const file = await craft('ddl-injection', (a) =>
      addTable(a, 'notes', 'int); CREATE TABLE pwned AS SELECT 1 AS owned; --'),
    );
    await expectRefused(file, /table "notes", which is not in the schema at/);
  });

  it('a tampered table part placed before the genuine one (a name seen twice)', async () => {
    const file = await craft('duplicate-entry', (a) => {
      const intruder = rowLike(a, 'users', { id: '9999', username: 'intruder', role: 'admin' });
      const users = a.entries.findIndex((e) => e.name === tableOf(a, 'users').part);
      a.entries.splice(users, 0, { name: tableOf(a, 'users').part, data: gzipSync(`${intruder}\n`) });
    });
    await expectRefused(file, /tables\/users\.copy\.gz twice/);
  });

  it('an entry the manifest does not list', async () => {
    const file = await craft('unlisted-entry', (a) => {
      a.entries.push({ name: 'files/evil.sh', data: Buffer.from('#!/bin/sh\n') });
    });
    await expectRefused(file, /files\/evil\.sh, which its manifest does not list/);
  });

  it('a table the schema does not have', async () => {
    const file = await craft('unknown-table', (a) => addTable(a, 'notes', 'integer'));
    await expectRefused(file, /table "notes", which is not in the schema at/);
  });

  it('a column the schema does not have', async () => {
    const file = await craft('unknown-column', (a) => {
      const clients = tableOf(a, 'clients');
      const data = Buffer.from(
        linesOf(a, 'clients')
          .map((l) => `${l}\tt\n`)
          .join(''),
      );
      clients.columns.push({ name: 'is_superuser', type: 'boolean', nullable: true });
      partOf(a, 'clients').data = seal(clients, data);
    });
    await expectRefused(file, /table clients has column "is_superuser", which is not in the schema at/);
  });

  it('a part that inflates past its declared size (a gzip bomb)', async () => {
    // 256 MiB of zeros in 16 gzip members of 16 KiB each; the manifest keeps the genuine size.
    const zeros = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    const file = await craft('gzip-bomb', (a) => {
      const part = partOf(a, 'clients');
      part.data = Buffer.concat([part.data, ...Array.from({ length: 16 }, () => zeros)]);
    });
    await expectRefused(file, /tables\/clients\.copy\.gz is larger than its declared size/);
  });

  it('a row count that differs from the manifest', async () => {
    const file = await craft('row-count', (a) => {
      tableOf(a, 'clients').rows += 1;
    });
    const n = clientRows();
    await expectRefused(
      file,
      new RegExp(`tables/clients\\.copy\\.gz has ${n} rows, the manifest says ${n + 1}`),
    );
  });

  it('an extra row without a final newline (counted by the server, not by newlines)', async () => {
    const file = await craft('unterminated-row', (a) => {
      const extra = rowLike(a, 'clients', { id: '9999', name: 'Sneaky' });
      const data = Buffer.from(`${linesOf(a, 'clients').join('\n')}\n${extra}`);
      partOf(a, 'clients').data = seal(tableOf(a, 'clients'), data);
    });
    const n = clientRows();
    await expectRefused(
      file,
      new RegExp(`tables/clients\\.copy\\.gz loaded ${n + 1} rows, the manifest says ${n}`),
    );
  });

  it('a schema version that is not one of our migrations', async () => {
    const file = await craft('unknown-schema-version', (a) => {
      a.manifest.schemaVersion = '20990101000000_not_ours';
    });
    await expectRefused(
      file,
      /schema version "20990101000000_not_ours" is not one of this code's migrations/,
    );
  });
});

describe('a restore whose writes fail stops there, says why, and changes nothing', () => {
  it('a database that refuses writes (read-only): exit 1 with the cause', async () => {
    await expectFailed(
      genuine.file,
      1,
      /the restore failed and was undone, nothing was changed: .*read-only transaction/,
      (url) =>
        withClient(url, async (c) => {
          const { rows } = await c.query<{ db: string }>('SELECT current_database() AS db');
          await c.query(`ALTER DATABASE "${rows[0]!.db}" SET default_transaction_read_only = on`);
        }),
    );
  });

  it('a write that fails after every table was loaded (a foreign key): exit 1 with the cause', async () => {
    const file = await craft('orphan-project', (a) => {
      const globex = linesOf(a, 'clients').findIndex((l) => l.includes('\tGlobex\t'));
      expect(globex).toBeGreaterThanOrEqual(0);
      const lines = linesOf(a, 'clients').filter((_, i) => i !== globex);
      partOf(a, 'clients').data = seal(
        tableOf(a, 'clients'),
        Buffer.from(lines.map((l) => `${l}\n`).join('')),
      );
    });
    await expectFailed(
      file,
      1,
      /the restore failed and was undone, nothing was changed: .*violates foreign key constraint/,
    );
  });
});
