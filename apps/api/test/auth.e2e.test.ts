import { DEFAULT_AUTH_OPTIONS } from '@timetracker/core';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, signIn, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

let db: TestDatabase;
let app: ApiApp;
const http = () => request(app.getHttpServer());

const sql = sqlOn(() => db.url);

beforeAll(async () => {
  db = await createTestDatabase();
  // Behind a (pretend) proxy: the sign-in limit tests come from addresses of their own.
  app = await startApi(db.url, { TRUST_PROXY: 'true' });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('sign-in, session and CSRF', () => {
  it('signs in: httpOnly SameSite=Lax session cookie, the user, and a CSRF token', async () => {
    const res = await http()
      .post('/api/v1/auth/login')
      .send({ username: 'ADMIN ', password: ADMIN.password })
      .expect(200);
    expect(res.body.user).toMatchObject({
      username: 'admin',
      role: 'admin',
      isActive: true,
      hasPassword: true,
    });
    expect(res.body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('tt_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(cookies.find((c) => c.startsWith('tt_csrf='))).not.toMatch(/HttpOnly/i);
    // The cookie holds a secret; the database only its hash.
    const token = /tt_session=([^;]+)/.exec(session)![1]!;
    expect(await sql(`SELECT 1 FROM sessions WHERE id = $1`, [token])).toHaveLength(0);
  });

  it('rejects wrong passwords and unknown users alike, and bad bodies with 400', async () => {
    const wrong = await http()
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: 'not-the-password' })
      .expect(401);
    const unknown = await http()
      .post('/api/v1/auth/login')
      .send({ username: 'ghost', password: 'whatever-pass' })
      .expect(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.body).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      detail: 'Invalid username or password',
    });
    expect(unknown.body.detail).toBe(wrong.body.detail);
    const bad = await http()
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: 'x', admin: true })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION');
  });

  it('needs credentials everywhere but the public routes', async () => {
    const res = await http().get('/api/v1/auth/me').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    await http().get('/api/v1/health').expect(200);
  });

  it('requires the CSRF token on cookie-authenticated writes, and signs out', async () => {
    const { agent, csrf } = await signIn(app, ADMIN);
    const me = await agent.get('/api/v1/auth/me').expect(200);
    expect(me.body).toMatchObject({ user: { username: 'admin' }, csrfToken: csrf });

    const missing = await agent.post('/api/v1/tokens').send({ name: 'cli' }).expect(403);
    expect(missing.body.detail).toContain('X-CSRF-Token');
    await agent.post('/api/v1/tokens').set('X-CSRF-Token', 'forged').send({ name: 'cli' }).expect(403);
    await agent.post('/api/v1/tokens').set('X-CSRF-Token', csrf).send({ name: 'cli' }).expect(201);

    await agent.post('/api/v1/auth/logout').set('X-CSRF-Token', csrf).expect(204);
    await agent.get('/api/v1/auth/me').expect(401);
  });

  it('counts every authenticated write as activity (idle timeout rule)', async () => {
    const { agent, csrf, user } = await signIn(app, ADMIN);
    await sql(`UPDATE users SET last_activity_at = NULL WHERE id = $1`, [user.id]);
    await agent.get('/api/v1/auth/me').expect(200);
    expect(
      (await sql(`SELECT last_activity_at FROM users WHERE id = $1`, [user.id]))[0]!.last_activity_at,
    ).toBeNull();
    await agent.post('/api/v1/tokens').set('X-CSRF-Token', csrf).send({ name: 'activity' }).expect(201);
    expect(
      (await sql(`SELECT last_activity_at FROM users WHERE id = $1`, [user.id]))[0]!.last_activity_at,
    ).toBeInstanceOf(Date);
  });
});

describe('sign-in limits', () => {
  let lastAddress = 0;
  /** A client address no other test uses (X-Forwarded-For, TRUST_PROXY is on). */
  const newAddress = () => `198.51.100.${++lastAddress}`;
  const attempt = (username: string, password: string, address: string) =>
    http().post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ username, password });
  const wrong = (i: number) => `wrong-${i}-password`;

  let lastUser = 0;
  async function newUser() {
    const username = `owner${++lastUser}`;
    const password = 'granite-peak-90';
    const { agent, csrf } = await signIn(app, ADMIN);
    await agent.post('/api/v1/users').set('X-CSRF-Token', csrf).send({ username, password }).expect(201);
    return { username, password };
  }

  /**
   * Runs `scenario` again (with new accounts and addresses) when the limits' fixed window turned
   * over while it ran: counting starts afresh in each window, and a test would see both.
   */
  async function inOneWindow<T>(scenario: () => Promise<T>): Promise<T> {
    const windowOf = (ms: number) => Math.floor(ms / DEFAULT_AUTH_OPTIONS.loginWindowMs);
    for (;;) {
      const window = windowOf(Date.now());
      const result = await scenario();
      if (windowOf(Date.now()) === window) return result;
    }
  }

  function expectLimited(res: request.Response, detail: string) {
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    expect(res.body.detail).toContain(detail);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(DEFAULT_AUTH_OPTIONS.loginWindowMs / 1000);
  }

  it('checks only 10 of 45 parallel wrong passwords for one account; the others get 429', async () => {
    const { limited, right } = await inOneWindow(async () => {
      const owner = await newUser();
      const address = newAddress();
      const all = await Promise.all(
        Array.from({ length: 45 }, (_, i) => attempt(owner.username, wrong(i), address)),
      );
      expect(all.filter((r) => r.status === 401)).toHaveLength(10);
      const limited = all.filter((r) => r.status !== 401);
      // Refused now even with the right password, and from another address still welcome.
      const right = await attempt(owner.username, owner.password, address);
      await attempt(owner.username, owner.password, newAddress()).expect(200);
      return { limited, right };
    });
    expect(limited).toHaveLength(35);
    for (const res of [...limited, right]) expectLimited(res, 'for this account from this address');
  });

  it("does not lock the owner out over a teammate's failures from another address", async () => {
    await inOneWindow(async () => {
      const owner = await newUser();
      const teammate = newAddress();
      for (let i = 0; i < 10; i++) await attempt(owner.username, wrong(i), teammate).expect(401);
      expectLimited(await attempt(owner.username, owner.password, teammate), 'from this address');
      await attempt(owner.username, owner.password, newAddress()).expect(200);
    });
  });

  it("clears an address's failures for the account when it signs in", async () => {
    await inOneWindow(async () => {
      const owner = await newUser();
      const address = newAddress();
      for (let i = 0; i < 9; i++) await attempt(owner.username, wrong(i), address).expect(401);
      await attempt(owner.username, owner.password, address).expect(200);
      for (let i = 0; i < 10; i++) await attempt(owner.username, wrong(i), address).expect(401);
      expectLimited(await attempt(owner.username, wrong(10), address), 'from this address');
    });
  });

  it('locks the account from everywhere after 50 failures from several addresses', async () => {
    await inOneWindow(async () => {
      const owner = await newUser();
      const failures = await Promise.all(
        Array.from({ length: 5 }, () => newAddress()).flatMap((address) =>
          Array.from({ length: 10 }, (_, i) => attempt(owner.username, wrong(i), address)),
        ),
      );
      expect(failures.map((r) => r.status)).toEqual(Array(50).fill(401));
      const res = await attempt(owner.username, owner.password, newAddress());
      expectLimited(res, 'for this account;');
    });
  });
});

describe('self-registration', () => {
  // A fresh install (the template is one) has sign-up closed; an admin opens it.
  beforeAll(() => sql(`UPDATE settings SET allow_self_register = true`));

  it('tells signed-out visitors whether sign-up is open, and nothing else', async () => {
    const res = await http().get('/api/v1/auth/options').expect(200);
    expect(res.body).toEqual({ allowSelfRegister: true, sso: { enabled: false, ssoOnly: false } });
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });

  it('registers while the setting allows it; usernames are case-insensitive; the policy is enforced', async () => {
    const created = await http()
      .post('/api/v1/auth/register')
      .send({ username: ' Carol ', password: 'sunny-meadow-42' })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'carol', role: 'user' });
    const clash = await http()
      .post('/api/v1/auth/register')
      .send({ username: 'CAROL', password: 'quiet-river-77' })
      .expect(409);
    expect(clash.body.code).toBe('CONFLICT');
    const weak = await http()
      .post('/api/v1/auth/register')
      .send({ username: 'dave', password: 'dave-is-me-123' })
      .expect(400);
    expect(weak.body.errors).toEqual([{ path: 'password', message: 'must not contain the username' }]);
    await signIn(app, { username: 'carol', password: 'sunny-meadow-42' });
  });

  it('is closed when settings.allow_self_register is false', async () => {
    await sql(`UPDATE settings SET allow_self_register = false`);
    try {
      const res = await http()
        .post('/api/v1/auth/register')
        .send({ username: 'erin', password: 'misty-valley-13' })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect((await http().get('/api/v1/auth/options').expect(200)).body).toEqual({
        allowSelfRegister: false,
        sso: { enabled: false, ssoOnly: false },
      });
    } finally {
      await sql(`UPDATE settings SET allow_self_register = true`);
    }
  });
});

describe('personal API tokens', () => {
  it('shows the secret once, authenticates as Bearer without CSRF, and stops working when revoked', async () => {
    const { agent, csrf } = await signIn(app, ADMIN);
    const created = await agent
      .post('/api/v1/tokens')
      .set('X-CSRF-Token', csrf)
      .send({ name: 'ci' })
      .expect(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^ttpat_/);
    expect(created.body.prefix).toBe(token.slice(0, 12));
    expect(await sql(`SELECT 1 FROM api_tokens WHERE token_hash = $1`, [token])).toHaveLength(0);

    const list = await agent.get('/api/v1/tokens').expect(200);
    const listed = list.body.items.find((t: { id: number }) => t.id === created.body.id);
    expect(listed).toMatchObject({ name: 'ci', revokedAt: null });
    expect(listed.token).toBeUndefined();

    const me = await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ user: { username: 'admin' }, csrfToken: null });
    await http()
      .post('/api/v1/tokens')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'from-token' })
      .expect(201);
    const used = await agent.get('/api/v1/tokens').expect(200);
    expect(used.body.items.find((t: { id: number }) => t.id === created.body.id).lastUsedAt).not.toBeNull();

    await agent.delete(`/api/v1/tokens/${created.body.id}`).set('X-CSRF-Token', csrf).expect(200);
    const revoked = await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(revoked.body.detail).toContain('invalid, expired or revoked');
    await http().get('/api/v1/auth/me').set('Authorization', 'Bearer ttpat_made-up').expect(401);
  });

  it('never shows or revokes another user\u2019s tokens', async () => {
    const admin = await signIn(app, ADMIN);
    const adminToken = await admin.agent
      .post('/api/v1/tokens')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: 'mine' })
      .expect(201);
    await admin.agent
      .post('/api/v1/users')
      .set('X-CSRF-Token', admin.csrf)
      .send({ username: 'frank', password: 'amber-forest-19' })
      .expect(201);
    const frank = await signIn(app, { username: 'frank', password: 'amber-forest-19' });
    expect((await frank.agent.get('/api/v1/tokens').expect(200)).body.items).toEqual([]);
    await frank.agent
      .delete(`/api/v1/tokens/${adminToken.body.id}`)
      .set('X-CSRF-Token', frank.csrf)
      .expect(404);
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${adminToken.body.token}`).expect(200);
  });

  it('rejects an expiry in the past', async () => {
    const { agent, csrf } = await signIn(app, ADMIN);
    const res = await agent
      .post('/api/v1/tokens')
      .set('X-CSRF-Token', csrf)
      .send({ name: 'old', expiresAt: '2020-01-01T00:00:00Z' })
      .expect(400);
    expect(res.body.errors).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
  });
});

describe('users (admin)', () => {
  it('is for admins only', async () => {
    const admin = await signIn(app, ADMIN);
    await admin.agent
      .post('/api/v1/users')
      .set('X-CSRF-Token', admin.csrf)
      .send({ username: 'gina', password: 'copper-kettle-55' })
      .expect(201);
    const gina = await signIn(app, { username: 'gina', password: 'copper-kettle-55' });
    const res = await gina.agent.get('/api/v1/users').expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('lists, creates (409 on a clash), updates and pages', async () => {
    const { agent, csrf } = await signIn(app, ADMIN);
    await agent.post('/api/v1/users').set('X-CSRF-Token', csrf).send({ username: 'hank' }).expect(201);
    await agent.post('/api/v1/users').set('X-CSRF-Token', csrf).send({ username: 'HANK' }).expect(409);
    const page = await agent.get('/api/v1/users?search=han&pageSize=1').expect(200);
    expect(page.body).toMatchObject({
      total: 1,
      page: 1,
      pageSize: 1,
      items: [{ username: 'hank', hasPassword: false }],
    });
    await agent.get('/api/v1/users?pageSize=501').expect(400);
    const id = page.body.items[0].id;
    const updated = await agent
      .patch(`/api/v1/users/${id}`)
      .set('X-CSRF-Token', csrf)
      .send({ role: 'admin' })
      .expect(200);
    expect(updated.body.role).toBe('admin');
    await agent.patch(`/api/v1/users/${id}`).set('X-CSRF-Token', csrf).send({ role: 'root' }).expect(400);
    await agent.get('/api/v1/users/999999').expect(404);
  });

  it('lets an admin give an adopted (password-less) account a password', async () => {
    const [row] = await sql<{ id: number }>(`INSERT INTO users (username) VALUES ('legacy') RETURNING id`);
    await http()
      .post('/api/v1/auth/login')
      .send({ username: 'legacy', password: 'anything-at-all' })
      .expect(401);
    const { agent, csrf } = await signIn(app, ADMIN);
    await agent
      .put(`/api/v1/users/${row!.id}/password`)
      .set('X-CSRF-Token', csrf)
      .send({ password: 'short' })
      .expect(400);
    const res = await agent
      .put(`/api/v1/users/${row!.id}/password`)
      .set('X-CSRF-Token', csrf)
      .send({ password: 'velvet-harbor-31' })
      .expect(200);
    expect(res.body.hasPassword).toBe(true);
    await signIn(app, { username: 'legacy', password: 'velvet-harbor-31' });
  });

  it('never leaves the instance without an active admin', async () => {
    // Whatever other tests promoted, "admin" is made the only admin here.
    await sql(`UPDATE users SET role = 'user' WHERE role = 'admin' AND username <> 'admin'`);
    const { agent, csrf, user } = await signIn(app, ADMIN);
    for (const body of [{ role: 'user' }, { isActive: false }]) {
      const res = await agent
        .patch(`/api/v1/users/${user.id}`)
        .set('X-CSRF-Token', csrf)
        .send(body)
        .expect(409);
      expect(res.body.detail).toContain('last active admin');
    }
    await agent.delete(`/api/v1/users/${user.id}`).set('X-CSRF-Token', csrf).expect(409);
    expect((await agent.get('/api/v1/auth/me').expect(200)).body.user.role).toBe('admin');
  });

  it('deactivates rather than deletes a user with time entries, and signs them out', async () => {
    const { agent, csrf } = await signIn(app, ADMIN);
    const a = await agent
      .post('/api/v1/users')
      .set('X-CSRF-Token', csrf)
      .send({ username: 'ivan', password: 'silver-comet-64' })
      .expect(201);
    const b = await agent
      .post('/api/v1/users')
      .set('X-CSRF-Token', csrf)
      .send({ username: 'judy', password: 'paper-lantern-28' })
      .expect(201);
    await sql(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds)
               SELECT $1, id, now() - interval '1 hour', now(), 3600 FROM projects LIMIT 1`,
      [a.body.id],
    );
    const ivan = await signIn(app, { username: 'ivan', password: 'silver-comet-64' });

    const kept = await agent.delete(`/api/v1/users/${a.body.id}`).set('X-CSRF-Token', csrf).expect(200);
    expect(kept.body).toMatchObject({ deleted: false, user: { isActive: false } });
    await ivan.agent.get('/api/v1/auth/me').expect(401);
    await http()
      .post('/api/v1/auth/login')
      .send({ username: 'ivan', password: 'silver-comet-64' })
      .expect(401);
    expect(await sql(`SELECT 1 FROM time_entries WHERE user_id = $1`, [a.body.id])).toHaveLength(1);

    const gone = await agent.delete(`/api/v1/users/${b.body.id}`).set('X-CSRF-Token', csrf).expect(200);
    expect(gone.body.deleted).toBe(true);
    await agent.get(`/api/v1/users/${b.body.id}`).expect(404);
  });
});
