import { verifyPassword } from '@timetracker/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { runCli, withClient } from './support';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await withClient(db.url, (c) => c.query(`INSERT INTO users (username) VALUES ('Legacy')`));
});
afterAll(() => db.drop());

const hashOf = (username: string) =>
  withClient(db.url, async (c) => {
    const { rows } = await c.query(`SELECT password_hash FROM users WHERE lower(username) = $1`, [username]);
    return rows[0]?.password_hash as string | null;
  });

describe('npm run user:set-password', () => {
  it('gives an adopted account a password read from standard input (username case-insensitive)', async () => {
    expect(await hashOf('legacy')).toBeNull();
    const result = await runCli(
      ['user:set-password', 'LEGACY'],
      { DATABASE_URL: db.url },
      [],
      'a-fresh-secret\n',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('password set for "Legacy"');
    expect(await verifyPassword((await hashOf('legacy'))!, 'a-fresh-secret')).toBe(true);
  });

  it('applies the password policy and changes nothing when it fails', async () => {
    const before = await hashOf('legacy');
    const result = await runCli(
      ['user:set-password', 'legacy'],
      { DATABASE_URL: db.url },
      [],
      'legacy-2024!\n',
    );
    expect(result.code).toBe(65);
    expect(result.stderr).toContain('must not contain the username');
    expect(await hashOf('legacy')).toBe(before);
  });

  it('finds an adopted name with surrounding spaces by its plain spelling', async () => {
    await withClient(db.url, (c) => c.query(`INSERT INTO users (username) VALUES (' Dave ')`));
    const result = await runCli(
      ['user:set-password', 'dave'],
      { DATABASE_URL: db.url },
      [],
      'a-second-secret\n',
    );
    expect(result.code, result.stderr).toBe(0);
    const [row] = await withClient(
      db.url,
      async (c) => (await c.query(`SELECT password_hash FROM users WHERE username = ' Dave '`)).rows,
    );
    expect(await verifyPassword(row.password_hash, 'a-second-secret')).toBe(true);
  });

  it('says so for an unknown user', async () => {
    const result = await runCli(
      ['user:set-password', 'nobody'],
      { DATABASE_URL: db.url },
      [],
      'whatever-secret\n',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('User "nobody" not found');
  });
});
