import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { repoRoot, runCli, withClient } from './support';

// `timetracker import <file>` (issue #20 §1): the dry run's counts and refused rows with their row
// numbers, the import itself with progress on stderr, and exit codes a script can act on.

let db: TestDatabase;
let dir: string;

const TOGGL = readFileSync(path.join(repoRoot, 'apps/worker/test/fixtures/import/toggl.csv'), 'utf8');
const HEADER = TOGGL.split('\n')[0]!;
// Row 5: it ends before it starts.
const BAD_ROW =
  'Anna Berg,anna@example.test,,Website,,Backwards,Yes,2026-03-31,10:00:00,2026-03-31,09:00:00,01:00:00,,';

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'tt-cli-import-'));
  await withClient(db.url, (c) =>
    c.query(`INSERT INTO users (username, email, password_hash, updated_at)
             VALUES ('anna', 'anna@example.test', 'x', now()), ('ben', 'ben@example.test', 'x', now())`),
  );
});
afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function csv(name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** anna's and ben's entries (the placeholder test writes to a user of its own). */
const entries = () =>
  withClient(db.url, async (c) => {
    const { rows } = await c.query(
      `SELECT count(*) FROM time_entries e JOIN users u ON u.id = e.user_id WHERE u.username IN ('anna', 'ben')`,
    );
    return Number(rows[0].count);
  });

describe('timetracker import', () => {
  it('dry-runs, then imports with progress; a second run skips everything; exit 3 lists refusals', async () => {
    const file = csv('toggl.csv', `${TOGGL.trimEnd()}\n${BAD_ROW}\n`);
    const env = { DATABASE_URL: db.url };

    const dry = await runCli(['import', file, '--zone', 'Europe/Berlin', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(3);
    expect(dry.stdout).toMatch(/import #\d+: toggl\.csv, format toggl, zone Europe\/Berlin/);
    expect(dry.stdout).toContain('dry run: 3 to create, 0 skipped, 1 refused');
    expect(dry.stdout).toContain('  row 5: ends (2026-03-31T07:00:00.000Z) before it starts');
    expect(await entries()).toBe(0);

    const run = await runCli(['import', file, '--zone=Europe/Berlin'], env);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toContain('imported: 3 created, 0 skipped, 1 refused');
    expect(run.stderr).toContain('[startup] import: 4/4 rows');
    expect(await entries()).toBe(3);

    const again = await runCli(['import', file, '--zone', 'Europe/Berlin'], env);
    expect(again.code, again.stderr).toBe(3);
    expect(again.stdout).toContain('imported: 0 created, 3 skipped, 1 refused');
    expect(await entries()).toBe(3);
  });

  it('maps an unknown person with --user-map, or makes a placeholder; exit 0 when nothing is refused', async () => {
    const file = csv(
      'zed.csv',
      `${HEADER}\nZed Unknown,zed@example.test,,Website,,mapped,Yes,2026-04-01,11:00:00,2026-04-01,12:00:00,01:00:00,,\n`,
    );
    const env = { DATABASE_URL: db.url };
    const unknown = await runCli(['import', file, '--dry-run'], env);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toContain('row 2: unknown user "zed@example.test"');

    const mapped = await runCli(['import', file, '--dry-run', '--user-map', 'zed@example.test=ben'], env);
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(mapped.stdout).toContain('dry run: 1 to create, 0 skipped, 0 refused');

    const missing = await runCli(['import', file, '--user-map', 'zed@example.test=nobody'], env);
    expect(missing.code).toBe(65);
    expect(missing.stderr).toContain('--user-map: no active user "nobody"');

    const placeholder = await runCli(['import', file, '--placeholders'], env);
    expect(placeholder.code, placeholder.stderr).toBe(0);
    const owner = await withClient(db.url, async (c) => {
      const { rows } = await c.query(
        `SELECT u.username, u.password_hash FROM time_entries e JOIN users u ON u.id = e.user_id
          WHERE e.notes = 'mapped'`,
      );
      return rows[0] as { username: string; password_hash: string | null };
    });
    expect(owner.username).toBe('zed@example.test');
  });

  it('refuses a bad zone or format (64), a missing file (66) and a file that is not UTF-8 (65)', async () => {
    const env = { DATABASE_URL: db.url };
    const file = csv('ok.csv', TOGGL);
    const zone = await runCli(['import', file, '--zone', 'Mars/Olympus'], env);
    expect(zone.code).toBe(64);
    expect(zone.stderr).toContain('--zone: an IANA time zone');
    const format = await runCli(['import', file, '--format', 'excel'], env);
    expect(format.code).toBe(64);
    expect(format.stderr).toContain('--format');

    const none = await runCli(['import', path.join(dir, 'nope.csv')], env);
    expect(none.code).toBe(66);
    expect(none.stderr).toContain('cannot read');

    const utf16 = csv(
      'utf16.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]),
    );
    const refused = await runCli(['import', utf16], env);
    expect(refused.code).toBe(65);
    expect(refused.stderr).toContain('not UTF-8');

    const help = await runCli(['import', '--help'], {});
    expect(help.stdout).toContain('Usage: timetracker import <file>');
    expect(help.stdout).toMatch(/3 +done \(or checked\), but some rows were refused/);
  });
});
