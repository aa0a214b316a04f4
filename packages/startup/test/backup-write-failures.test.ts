import { writeBackup } from '@timetracker/core';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  mountSmallFilesystem,
  smallFilesystemUnavailable,
  type SmallFilesystem,
  type TestDatabase,
} from '../src/testing';
import { runCli, withClient } from './support';

let db: TestDatabase;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // ~2.4 MB of random hex in one table: about 1.4 MB once gzip-compressed, whatever the machine.
  await withClient(db.url, (c) =>
    c.query(`INSERT INTO clients (name, description)
             SELECT 'filler ' || i, (SELECT string_agg(md5(random()::text || i || j), '') FROM generate_series(1, 30) j)
               FROM generate_series(1, 2500) i`),
  );
});
afterAll(async () => {
  await db?.drop();
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tt-backup-write-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
const mode = (file: string) => statSync(file).mode & 0o777;

const unavailable = smallFilesystemUnavailable();
if (unavailable) console.warn(`skipping the full-disk tests: ${unavailable}`);

describe.skipIf(unavailable !== null)('`timetracker backup` on a full disk', () => {
  // 1m: the compressed table does not fit in its spool file; 2m: it does, but copying it into
  // the archive does not. Before the fix the first exited 0 with no archive and no message (the
  // snapshot's connection waited forever after the aborted COPY), the second died on an
  // uncaught stream error.
  it.each(['1m', '2m'])(
    'in %s fails with the cause in words, leaves nothing behind and keeps the older backups',
    async (size) => {
      let fs: SmallFilesystem | undefined = mountSmallFilesystem(size);
      cleanups.push(() => fs?.unmount());
      const dir = path.join(fs.dir, 'backups');
      mkdirSync(dir, { mode: 0o700 });
      const older = path.join(dir, 'timetracker-backup-20260101T000000Z-cli.tar');
      writeFileSync(older, 'an older backup', { mode: 0o600 });

      const failed = await runCli(['backup'], { DATABASE_URL: db.url, BACKUP_DIR: dir });
      expect(failed.code, failed.stdout + failed.stderr).toBe(1);
      expect(failed.stderr).toContain(
        `[backup] error: cannot write the backup into ${dir}: ENOSPC: no space left on device`,
      );
      expect(failed.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
      expect(readdirSync(dir)).toEqual([path.basename(older)]);
      expect(readFileSync(older, 'utf8')).toBe('an older backup');

      // With room again, the next backup is written next to the older one.
      fs.resize('16m');
      const made = await runCli(['backup'], { DATABASE_URL: db.url, BACKUP_DIR: dir });
      expect(made.code, made.stderr).toBe(0);
      expect(readdirSync(dir)).toHaveLength(2);
      fs.unmount();
      fs = undefined;
    },
  );
});

describe('backup files', () => {
  it('are 0600 in a 0700 folder, created or tightened by the backup', async () => {
    const parent = tempDir();
    const created = path.join(parent, 'new', 'backups');
    const made = await runCli(['backup'], { DATABASE_URL: db.url, BACKUP_DIR: created });
    expect(made.code, made.stderr).toBe(0);
    const file = /backup written: (\S+)/.exec(made.stdout)![1]!;
    expect(mode(created)).toBe(0o700);
    expect(mode(file)).toBe(0o600);

    // A folder made by hand with the usual 0755 is tightened on the next backup.
    const existing = path.join(parent, 'existing');
    mkdirSync(existing, { mode: 0o755 });
    const written = await writeBackup({ databaseUrl: db.url, dir: existing, fileName: 'b.tar' });
    expect(mode(existing)).toBe(0o700);
    expect(mode(written.file)).toBe(0o600);
  });

  it('are only ever plain file names in the folder', async () => {
    const parent = tempDir();
    const dir = path.join(parent, 'backups');
    for (const fileName of ['../escape.tar', 'sub/escape.tar', '.hidden.tar', '/tmp/escape.tar', '..']) {
      await expect(writeBackup({ databaseUrl: db.url, dir, fileName })).rejects.toThrow(/plain file name/);
    }
    expect(readdirSync(parent)).toEqual([]);
  });
});
