import { randomSecret, sha256Hex } from '@timetracker/core';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createUser, type Session, signIn, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

// Account changes that race (the last active admin) or that must end every way of signing in.
let db: TestDatabase;
let app: ApiApp;
let admin: Session;
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

let lastUser = 0;
async function newUser(role: 'admin' | 'user' = 'user') {
  const password = 'granite-peak-90';
  const { id, username } = await createUser(admin, { username: `member${++lastUser}`, password, role });
  return { id, username, password };
}

/** A personal API token the user made with their session, as the dashboard does. */
async function tokenOf({ username, password }: { username: string; password: string }): Promise<string> {
  const { agent, csrf } = await signIn(app, { username, password });
  const res = await agent.post('/api/v1/tokens').set('X-CSRF-Token', csrf).send({ name: 'script' });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

const asToken = (token: string) => ({ Authorization: `Bearer ${token}` });
const meStatus = async (token: string) => (await http().get('/api/v1/auth/me').set(asToken(token))).status;

describe('the last active admin', () => {
  /**
   * Tokens made in the database: the rounds below need many, and signing in that often would
   * meet the sign-in limits.
   */
  async function tokenFor(userId: number): Promise<string> {
    const token = randomSecret('ttpat_');
    await sql(`INSERT INTO api_tokens (user_id, name, token_hash, prefix) VALUES ($1, 'race', $2, $3)`, [
      userId,
      sha256Hex(token),
      token.slice(0, 12),
    ]);
    return token;
  }

  const activeAdmins = async () =>
    (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND is_active`))[0]!
      .n;

  /**
   * Two admins, the only ones, change each other at once: one change wins, the other is refused,
   * and one active admin remains. Several rounds, since a race shows only now and then.
   */
  async function race(
    change: (id: number) => { method: 'patch' | 'delete'; body?: object },
    otherChange: (id: number) => { method: 'patch' | 'delete'; body?: object },
  ) {
    for (let round = 0; round < 8; round++) {
      const a = await newUser('admin');
      const b = await newUser('admin');
      await sql(`UPDATE users SET role = 'user' WHERE role = 'admin' AND id NOT IN ($1, $2)`, [a.id, b.id]);
      const [tokenA, tokenB] = [await tokenFor(a.id), await tokenFor(b.id)];
      try {
        const send = (token: string, target: number, what: ReturnType<typeof change>) => {
          const req = http()[what.method](`/api/v1/users/${target}`).set(asToken(token));
          return what.body ? req.send(what.body) : req;
        };
        const answers = await Promise.all([
          send(tokenA, b.id, change(b.id)),
          send(tokenB, a.id, otherChange(a.id)),
        ]);
        const [won, lost] = answers[0]!.status === 200 ? answers : [answers[1]!, answers[0]!];
        expect(won.status).toBe(200);
        // 409 from the rule, or 403/401 when its sender had already lost admin when it arrived.
        expect([409, 403, 401]).toContain(lost.status);
        if (lost.status === 409) expect(lost.body.detail).toContain('last active admin');
        expect(await activeAdmins()).toBe(1);
      } finally {
        await sql(`UPDATE users SET role = 'admin', is_active = true WHERE username = $1`, [ADMIN.username]);
        await sql(`UPDATE users SET role = 'user' WHERE id IN ($1, $2)`, [a.id, b.id]);
      }
    }
  }

  it('survives two admins demoting each other at once', async () => {
    await race(
      () => ({ method: 'patch', body: { role: 'user' } }),
      () => ({ method: 'patch', body: { role: 'user' } }),
    );
  });

  it('survives one admin deactivating the other while being demoted', async () => {
    await race(
      () => ({ method: 'patch', body: { isActive: false } }),
      () => ({ method: 'patch', body: { role: 'user' } }),
    );
  });

  it('survives two admins deleting each other at once', async () => {
    await race(
      () => ({ method: 'delete' }),
      () => ({ method: 'delete' }),
    );
  });
});

describe('signing a user out everywhere ends their API tokens too', () => {
  it('when an admin resets their password', async () => {
    const user = await newUser();
    const token = await tokenOf(user);
    expect(await meStatus(token)).toBe(200);
    await admin.agent
      .put(`/api/v1/users/${user.id}/password`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ password: 'velvet-harbor-31' })
      .expect(200);
    expect(await meStatus(token)).toBe(401);
    // Their new tokens work.
    expect(await meStatus(await tokenOf({ ...user, password: 'velvet-harbor-31' }))).toBe(200);
  });

  it('when they change their own password', async () => {
    const kim = await newUser('admin');
    const token = await tokenOf(kim);
    const { agent, csrf } = await signIn(app, { username: kim.username, password: kim.password });
    await agent
      .put(`/api/v1/users/${kim.id}/password`)
      .set('X-CSRF-Token', csrf)
      .send({ password: 'velvet-harbor-31' })
      .expect(200);
    expect(await meStatus(token)).toBe(401);
    await agent.get('/api/v1/auth/me').expect(401);
  });

  it('when they are deactivated, and the tokens stay dead after reactivation', async () => {
    const user = await newUser();
    const token = await tokenOf(user);
    const session = await signIn(app, { username: user.username, password: user.password });
    await admin.agent
      .patch(`/api/v1/users/${user.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ isActive: false })
      .expect(200);
    expect(await meStatus(token)).toBe(401);
    await session.agent.get('/api/v1/auth/me').expect(401);

    await admin.agent
      .patch(`/api/v1/users/${user.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ isActive: true })
      .expect(200);
    expect(await meStatus(token)).toBe(401);
    const listed = await (
      await signIn(app, { username: user.username, password: user.password })
    ).agent
      .get('/api/v1/tokens')
      .expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ name: 'script', revokedAt: expect.any(String) }),
    ]);
  });

  it('when deleting them only deactivates them (they have tracked time), also after reactivation', async () => {
    const user = await newUser();
    const token = await tokenOf(user);
    await sql(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds)
               SELECT $1, id, now() - interval '1 hour', now(), 3600 FROM projects LIMIT 1`,
      [user.id],
    );
    const res = await admin.agent
      .delete(`/api/v1/users/${user.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .expect(200);
    expect(res.body.deleted).toBe(false);
    expect(await meStatus(token)).toBe(401);
    await admin.agent
      .patch(`/api/v1/users/${user.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ isActive: true })
      .expect(200);
    expect(await meStatus(token)).toBe(401);
  });
});
