import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { runCli, withClient } from './support';

// Break glass (docs/security.md "Two-factor authentication"): the only admin lost the phone and
// the recovery codes; the operator at the console removes the factor, and the audit log says so.

let db: TestDatabase;
let userId: number;
beforeAll(async () => {
  db = await createTestDatabase();
  userId = await withClient(db.url, async (c) => {
    const { rows } = await c.query(
      `INSERT INTO users (username, password_hash, role) VALUES ('Boss', 'x', 'admin') RETURNING id`,
    );
    const id = rows[0].id as number;
    await c.query(`INSERT INTO user_totp (user_id, secret, confirmed_at) VALUES ($1, 'plain:AAAA', now())`, [
      id,
    ]);
    await c.query(`INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, 'h1'), ($1, 'h2')`, [id]);
    await c.query(
      `INSERT INTO remembered_devices (id, user_id, expires_at) VALUES ('d1', $1, now() + interval '1 day')`,
      [id],
    );
    return id;
  });
});
afterAll(() => db.drop());

const count = (table: string) =>
  withClient(db.url, async (c) => {
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [userId]);
    return rows[0].n as number;
  });

describe('npm run tt -- reset-two-factor', () => {
  it("removes the user's factor, recovery codes and remembered browsers, audited", async () => {
    const result = await runCli(['reset-two-factor', 'boss'], { DATABASE_URL: db.url });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('second factor of "Boss" reset');
    for (const table of ['user_totp', 'recovery_codes', 'remembered_devices'])
      expect(await count(table)).toBe(0);
    const events = await withClient(db.url, async (c) => {
      const { rows } = await c.query(
        `SELECT actor_username, action FROM audit_events WHERE entity = 'user' AND entity_id = $1`,
        [userId],
      );
      return rows;
    });
    expect(events).toEqual([{ actor_username: '(console)', action: 'two_factor_reset' }]);
  });

  it('answers 1 for an unknown user', async () => {
    const result = await runCli(['reset-two-factor', 'nobody'], { DATABASE_URL: db.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('User "nobody" not found');
  });
});
