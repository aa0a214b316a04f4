import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createUser, type Session, signIn, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

// A password reset or a deactivation ends every sign-in of the user in one transaction. A
// request that authenticated just before it commits must not create a session or an API token
// just after it: each test holds the user's row lock, sends the request, waits until the
// request waits on that lock, then commits the change in the held transaction and lets it go.
let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let users = 0;
const http = () => request(app.getHttpServer());

const sql = sqlOn(() => db.url);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

async function newUser() {
  const creds = { username: `racer${++users}`, password: `violet-heron-${users}-2718` };
  const { id } = await createUser(admin, creds);
  return { ...creds, id };
}

/** Holds the user's row lock as a password reset or deactivation does until it commits. */
async function holdUser(id: number) {
  const c = new Client({ connectionString: db.url });
  await c.connect();
  await c.query('BEGIN');
  await c.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
  return {
    async waitForLockWaiter() {
      for (let tries = 0; ; tries++) {
        // Not on `c`: inside its transaction pg_stat_activity would be read once and kept.
        const [row] = await sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (row!.n >= 1) return;
        if (tries > 1000) throw new Error('the request never waited on the user row');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    /** What UsersService does to the user row and their sign-ins, then commit. */
    async commit(change: 'password reset' | 'deactivation') {
      await c.query(
        change === 'password reset'
          ? `UPDATE users SET password_hash = 'scrypt$changed' WHERE id = $1`
          : `UPDATE users SET is_active = false WHERE id = $1`,
        [id],
      );
      await c.query('DELETE FROM sessions WHERE user_id = $1', [id]);
      await c.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [
        id,
      ]);
      await c.query('COMMIT');
      await c.end();
    },
  };
}

const countOf = async (table: 'sessions' | 'api_tokens', userId: number) =>
  (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [userId]))[0]!.n;

describe('sign-ins against a password reset or deactivation', () => {
  it.each(['password reset', 'deactivation'] as const)(
    'a sign-in checked against the old password before a %s creates no session',
    async (change) => {
      const user = await newUser();
      const hold = await holdUser(user.id);
      const login = http()
        .post('/api/v1/auth/login')
        .send({ username: user.username, password: user.password })
        .then((res) => res);
      await hold.waitForLockWaiter();
      await hold.commit(change);
      const res = await login;
      expect(res.status).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(await countOf('sessions', user.id)).toBe(0);
    },
  );

  it.each(['password reset', 'deactivation'] as const)(
    'a token asked for by a session that a %s ends is refused and not created',
    async (change) => {
      const user = await newUser();
      const session = await signIn(app, { username: user.username, password: user.password });
      const hold = await holdUser(user.id);
      const create = session.agent
        .post('/api/v1/tokens')
        .set('X-CSRF-Token', session.csrf)
        .send({ name: 'late' })
        .then((res) => res);
      await hold.waitForLockWaiter();
      await hold.commit(change);
      const res = await create;
      expect(res.status).toBe(401);
      expect(res.body.token).toBeUndefined();
      expect(await countOf('api_tokens', user.id)).toBe(0);
    },
  );

  it('a token asked for with a token that a password reset revokes is refused and not created', async () => {
    const user = await newUser();
    const session = await signIn(app, { username: user.username, password: user.password });
    const first = await session.agent
      .post('/api/v1/tokens')
      .set('X-CSRF-Token', session.csrf)
      .send({ name: 'rest' })
      .expect(201);
    const hold = await holdUser(user.id);
    const create = http()
      .post('/api/v1/tokens')
      .set('Authorization', `Bearer ${first.body.token as string}`)
      .send({ name: 'late' })
      .then((res) => res);
    await hold.waitForLockWaiter();
    await hold.commit('password reset');
    const res = await create;
    expect(res.status).toBe(401);
    expect(await countOf('api_tokens', user.id)).toBe(1);
  });

  it('without a change in between, sign-in and token creation work as before', async () => {
    const user = await newUser();
    const session = await signIn(app, { username: user.username, password: user.password });
    await session.agent
      .post('/api/v1/tokens')
      .set('X-CSRF-Token', session.csrf)
      .send({ name: 'ok' })
      .expect(201);
    expect(await countOf('sessions', user.id)).toBe(1);
    expect(await countOf('api_tokens', user.id)).toBe(1);
  });

  it('sign-ins of many users at once, beside their writes and role changes, never fail', async () => {
    // The authorization matrix once saw a deadlock while users signed in together: sign-ins
    // (right and wrong, two per user), timer writes and an admin's role changes of the same
    // users, all at once. Each sign-in's counters are single-row statements and its session
    // takes only the user's row share lock, so nothing here may wait in a cycle.
    await sql(`DELETE FROM rate_limits WHERE key LIKE 'login:%'`);
    const [{ id: projectId }] = (await sql<{ id: number }>(`SELECT min(id) AS id FROM projects`)) as [
      { id: number },
    ];
    const racers = await Promise.all(Array.from({ length: 8 }, () => newUser()));
    const sessions = await Promise.all(
      racers.map((u) => signIn(app, { username: u.username, password: u.password })),
    );
    const sent = racers.flatMap((u, i) => {
      const own = sessions[i]!;
      return [
        http().post('/api/v1/auth/login').send({ username: u.username, password: u.password }),
        http().post('/api/v1/auth/login').send({ username: u.username, password: u.password }),
        http().post('/api/v1/auth/login').send({ username: u.username, password: 'not-the-password-1' }),
        own.agent.post('/api/v1/timer/start').set('X-CSRF-Token', own.csrf).send({ projectId }),
        admin.agent.patch(`/api/v1/users/${u.id}`).set('X-CSRF-Token', admin.csrf).send({ role: 'manager' }),
      ];
    });
    const statuses = (await Promise.all(sent)).map((r) => r.status);
    expect(statuses).toEqual(racers.flatMap(() => [200, 200, 401, 201, 200]));
    for (const u of racers) expect(await countOf('sessions', u.id)).toBe(3);
  });
});
