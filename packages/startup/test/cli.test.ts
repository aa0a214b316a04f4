import { verifyPassword } from '@timetracker/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandHelp, COMMANDS } from '../src/cli-commands';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { runCli, withClient } from './support';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const userRow = (username: string) =>
  withClient(db.url, async (c) => {
    const { rows } = await c.query(
      `SELECT username, role, is_active, password_hash FROM users WHERE lower(username) = $1`,
      [username],
    );
    return rows[0] as
      { username: string; role: string; is_active: boolean; password_hash: string } | undefined;
  });

describe('timetracker help', () => {
  it('lists every command of the issue, with usage and exit codes', async () => {
    const result = await runCli(['help'], {});
    expect(result.code).toBe(0);
    for (const name of [
      'startup',
      'verify',
      'status',
      'migration <name>',
      'create-admin <username>',
      'set-password <username>',
      'backup',
      'restore <file>',
      'seed:demo [--users N] [--entries M]',
    ]) {
      expect(result.stdout).toContain(`\n  ${name}`);
    }
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stdout).toContain('npm run tt -- <command>');
  });

  it('prints each command’s own usage, options and exit codes, under its old name too', async () => {
    for (const spec of COMMANDS) {
      const text = commandHelp(spec);
      expect(text).toContain(`Usage: timetracker ${spec.name}`);
      expect(text).toMatch(/Exit codes:\n {2}0 /);
      for (const option of spec.options ?? []) expect(text).toContain(option.name);
    }
    const old = await runCli(['user:set-password', '--help'], {});
    expect(old.stdout).toContain('Usage: timetracker set-password <username>');
    expect(old.stdout).toMatch(/65 +the password is refused/);
  });

  it('answers an unknown command, option or missing argument with exit 64 and the help', async () => {
    const unknown = await runCli(['frobnicate'], {});
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('create-admin <username>');

    const option = await runCli(['verify', '--jsn'], {});
    expect(option.code).toBe(64);
    expect(option.stderr).toContain('unknown option --jsn');

    const missing = await runCli(['create-admin'], { DATABASE_URL: db.url });
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain('missing <username>');
  });
});

describe('timetracker create-admin', () => {
  it('creates an active admin who can sign in with the password from standard input', async () => {
    const result = await runCli(
      ['create-admin', 'Ops.Lead'],
      { DATABASE_URL: db.url },
      [],
      'a-strong-secret\n',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('admin "ops.lead" created');
    const user = await userRow('ops.lead');
    expect(user).toMatchObject({ username: 'ops.lead', role: 'admin', is_active: true });
    expect(await verifyPassword(user!.password_hash, 'a-strong-secret')).toBe(true);
  });

  it('refuses a username that exists (any case) and changes nothing', async () => {
    const made = await runCli(
      ['create-admin', 'Day.Lead'],
      { DATABASE_URL: db.url },
      [],
      'a-strong-secret\n',
    );
    expect(made.code, made.stderr).toBe(0);
    const before = await userRow('day.lead');
    const result = await runCli(
      ['create-admin', 'DAY.LEAD'],
      { DATABASE_URL: db.url },
      [],
      'another-secret-1\n',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"day.lead" is taken');
    expect(await userRow('day.lead')).toEqual(before);
  });

  it('refuses a password against the policy, and a malformed username, creating no one', async () => {
    const weak = await runCli(['create-admin', 'night-shift'], { DATABASE_URL: db.url }, [], 'short\n');
    expect(weak.code).toBe(65);
    expect(weak.stderr).toContain('must be at least 10 characters');
    const own = await runCli(
      ['create-admin', 'night-shift'],
      { DATABASE_URL: db.url },
      [],
      'night-shift-2026\n',
    );
    expect(own.code).toBe(65);
    expect(own.stderr).toContain('must not contain the username');
    const badName = await runCli(
      ['create-admin', 'has space'],
      { DATABASE_URL: db.url },
      [],
      'a-strong-secret\n',
    );
    expect(badName.code).toBe(65);
    expect(badName.stderr).toContain('Invalid username');
    expect(await userRow('night-shift')).toBeUndefined();
    expect(await userRow('has space')).toBeUndefined();
  });
});

describe('timetracker seed:demo', () => {
  it('adds the requested users and entries and says what it made', async () => {
    const result = await runCli(['seed:demo', '--users', '4', '--entries=1500', '--days', '60'], {
      DATABASE_URL: db.url,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('added 1500 time entries over the last 60 days');
    expect(result.stdout).toMatch(/users: +4 /);
    const counts = await withClient(db.url, async (c) => {
      const { rows } = await c.query(`
        SELECT (SELECT count(*)::int FROM users WHERE username ~ '^demo[0-9]+$') AS users,
               (SELECT count(*)::int FROM time_entries) AS entries,
               (SELECT count(DISTINCT user_id)::int FROM time_entries) AS entry_users,
               (SELECT bool_and(start_time > now() - interval '61 days') FROM time_entries) AS within`);
      return rows[0];
    });
    expect(counts).toEqual({ users: 4, entries: 1500, entry_users: 4, within: true });
  });

  it('refuses numbers that are not whole and in range, with exit 64, before touching the database', async () => {
    for (const bad of [
      ['--users', '0'],
      ['--entries', '-5'],
      ['--entries', '1e6'],
      ['--days', 'many'],
      ['--users'],
    ]) {
      const result = await runCli(['seed:demo', ...bad], {
        DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      });
      expect(result.code, bad.join(' ')).toBe(64);
      expect(result.stderr).toContain('Usage: timetracker seed:demo');
    }
  });
});
