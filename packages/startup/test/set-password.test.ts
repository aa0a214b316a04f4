import { ApiTokensRepository, randomSecret, sha256Hex, verifyPassword } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
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

  it('signs the user out everywhere: sessions end and API tokens stop working', async () => {
    const token = randomSecret('ttpat_');
    await withClient(db.url, async (c) => {
      const { rows } = await c.query(
        `INSERT INTO users (username, password_hash) VALUES ('scripted', 'x') RETURNING id`,
      );
      await c.query(
        `INSERT INTO sessions (id, user_id, csrf_token, expires_at) VALUES ('s1', $1, 'c', now() + interval '1 day')`,
        [rows[0].id],
      );
      await c.query(
        `INSERT INTO api_tokens (user_id, name, token_hash, prefix) VALUES ($1, 'cron', $2, 'ttpat_')`,
        [rows[0].id, sha256Hex(token)],
      );
    });
    // What the API asks of a Bearer token.
    const usable = async () => {
      const prisma = createPrismaClient(db.url, { poolSize: 1 });
      try {
        return (await new ApiTokensRepository(prisma).findUsable(sha256Hex(token), new Date())) !== null;
      } finally {
        await prisma.$disconnect();
      }
    };
    expect(await usable()).toBe(true);

    const result = await runCli(
      ['user:set-password', 'scripted'],
      { DATABASE_URL: db.url },
      [],
      'a-fresh-secret\n',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(await usable()).toBe(false);
    const sessions = await withClient(db.url, (c) => c.query(`SELECT 1 FROM sessions WHERE id = 's1'`));
    expect(sessions.rows).toHaveLength(0);
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
