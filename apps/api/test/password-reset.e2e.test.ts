import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, signIn, sqlOn, startApi, type Session } from './support';

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
const http = () => request(app.getHttpServer());
const sql = sqlOn(() => db.url);

beforeAll(async () => {
  db = await createTestDatabase();
  // Behind a (pretend) proxy: each test asks from an address of its own, as the limits count per address.
  app = await startApi(db.url, { TRUST_PROXY: 'true' });
  admin = await signIn(app, ADMIN);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

let n = 0;
const fresh = (prefix: string) => `${prefix}${++n}x${Date.now() % 100000}`;
const ip = () => `203.0.113.${(n % 200) + 1}`;

async function makeUser(data: { email?: string; language?: string; password?: string } = {}) {
  const username = fresh('resetter');
  const password = data.password ?? 'the-old-password';
  const res = await admin.agent
    .post('/api/v1/users')
    .set('X-CSRF-Token', admin.csrf)
    .send({ username, password, ...(data.email ? { email: data.email } : {}) })
    .expect(201);
  if (data.language) await sql('UPDATE users SET language = $1 WHERE id = $2', [data.language, res.body.id]);
  return { id: res.body.id as number, username, password, email: data.email };
}

const requestReset = (login: string, from = ip()) =>
  http().post('/api/v1/auth/password-reset/request').set('X-Forwarded-For', from).send({ login });

/** The secret of the newest link mailed to `userId`, read from the queued mail. */
async function linkOf(userId: number, kind = 'password_reset'): Promise<string> {
  const [row] = await sql<{ path: string }>(
    `SELECT payload->>'path' AS path FROM email_outbox WHERE user_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1`,
    [userId, kind],
  );
  return new URL(row!.path, 'http://x').searchParams.get('token')!;
}

describe('password reset by email', () => {
  it('answers alike for an account with an address, one without, and none; queues one mail', async () => {
    const withMail = await makeUser({ email: `${fresh('Ann')}@Example.test` });
    const withoutMail = await makeUser();
    const answers = [];
    for (const login of [withMail.email!.toUpperCase(), withoutMail.username, 'no-such-user']) {
      const started = performance.now();
      const res = await requestReset(login).expect(202);
      answers.push(res.body);
      // Nothing in the request talks to SMTP (no server is even configured): it returns at once.
      expect(performance.now() - started).toBeLessThan(5_000);
    }
    expect(answers).toEqual([{ accepted: true }, { accepted: true }, { accepted: true }]);
    const queued = await sql<{ user_id: number; to_address: string; status: string; kind: string }>(
      'SELECT user_id, to_address, status, kind FROM email_outbox WHERE user_id IN ($1, $2)',
      [withMail.id, withoutMail.id],
    );
    expect(queued).toEqual([
      {
        user_id: withMail.id,
        to_address: withMail.email!.toLowerCase(),
        status: 'pending',
        kind: 'password_reset',
      },
    ]);
    // Only the secret's hash is stored.
    const token = await linkOf(withMail.id);
    expect(await sql('SELECT 1 FROM password_tokens WHERE token_hash = $1', [token])).toHaveLength(0);
  });

  it('limits requests per account whether or not it exists, and per address', async () => {
    const from = ip();
    for (const login of [
      fresh('ghost'),
      (await makeUser({ email: `${fresh('b')}@example.test` })).username,
    ]) {
      for (let i = 0; i < 5; i += 1) await requestReset(login, from).expect(202);
      const refused = await requestReset(login, from).expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    const busy = ip().replace('203.0.113', '198.51.100');
    for (let i = 0; i < 20; i += 1) await requestReset(fresh('many'), busy).expect(202);
    await requestReset(fresh('many'), busy).expect(429);
  });

  it('sets a new password once with the mailed link, following the policy, and ends old sign-ins', async () => {
    const u = await makeUser({ email: `${fresh('c')}@example.test` });
    const before = await signIn(app, { username: u.username, password: u.password });
    await requestReset(u.username).expect(202);
    const token = await linkOf(u.id);

    const check = await http().post('/api/v1/auth/password-reset/check').send({ token }).expect(200);
    expect(check.body).toEqual({ username: u.username });
    const weak = await http()
      .post('/api/v1/auth/password-reset')
      .send({ token, password: 'short' })
      .expect(400);
    expect(weak.body.code).toBe('VALIDATION');
    const named = await http()
      .post('/api/v1/auth/password-reset')
      .send({ token, password: `my ${u.username} pass` })
      .expect(400);
    expect(JSON.stringify(named.body)).toContain('must not contain the username');

    const done = await http()
      .post('/api/v1/auth/password-reset')
      .send({ token, password: 'fresh-password-42' })
      .expect(200);
    expect(done.body).toEqual({ username: u.username });
    await before.agent.get('/api/v1/auth/me').expect(401);
    await http().post('/api/v1/auth/login').send({ username: u.username, password: u.password }).expect(401);
    await signIn(app, { username: u.username, password: 'fresh-password-42' });

    const again = await http()
      .post('/api/v1/auth/password-reset')
      .send({ token, password: 'other-password-43' })
      .expect(400);
    expect(again.body.detail).toMatch(/invalid, used or expired/);
    await http().post('/api/v1/auth/password-reset/check').send({ token }).expect(400);
  });

  it('refuses an expired link, an unknown one, and a link of a deactivated account', async () => {
    const u = await makeUser({ email: `${fresh('d')}@example.test` });
    await requestReset(u.username).expect(202);
    const token = await linkOf(u.id);
    await sql(`UPDATE password_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      u.id,
    ]);
    await http()
      .post('/api/v1/auth/password-reset')
      .send({ token, password: 'fresh-password-44' })
      .expect(400);
    await http()
      .post('/api/v1/auth/password-reset')
      .send({ token: 'x'.repeat(43), password: 'fresh-password-44' })
      .expect(400);

    await requestReset(u.username).expect(202);
    const second = await linkOf(u.id);
    await admin.agent
      .patch(`/api/v1/users/${u.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ isActive: false })
      .expect(200);
    await http()
      .post('/api/v1/auth/password-reset')
      .send({ token: second, password: 'fresh-password-45' })
      .expect(400);
  });

  it('refuses malformed bodies with 400', async () => {
    await http().post('/api/v1/auth/password-reset/request').send({}).expect(400);
    await http().post('/api/v1/auth/password-reset/request').send({ login: 'a', admin: true }).expect(400);
    await http().post('/api/v1/auth/password-reset/request').send({ login: 'a\u0000b' }).expect(400);
    await http()
      .post('/api/v1/auth/password-reset')
      .send({ token: 'short', password: 'fresh-password-46' })
      .expect(400);
    await http().post('/api/v1/auth/password-reset/check').send({ token: 42 }).expect(400);
  });
});

describe('invitations', () => {
  it('mails a new account without a password an invitation whose link sets it', async () => {
    const username = fresh('invitee');
    const res = await admin.agent
      .post('/api/v1/users')
      .set('X-CSRF-Token', admin.csrf)
      .send({ username, email: ` ${username}@Example.TEST ` })
      .expect(201);
    expect(res.body).toMatchObject({ username, email: `${username}@example.test`, hasPassword: false });
    const [mail] = await sql<{ payload: { invitedBy: string; username: string } }>(
      `SELECT payload FROM email_outbox WHERE user_id = $1 AND kind = 'invitation'`,
      [res.body.id],
    );
    expect(mail!.payload).toMatchObject({ invitedBy: ADMIN.username, username });
    const token = await linkOf(res.body.id, 'invitation');
    await http()
      .post('/api/v1/auth/password-reset')
      .send({ token, password: 'invited-password-1' })
      .expect(200);
    await signIn(app, { username, password: 'invited-password-1' });
  });

  it('sends none when the admin sets the password, and keeps addresses unique', async () => {
    const u = await makeUser({ email: `${fresh('e')}@example.test` });
    expect(await sql('SELECT 1 FROM email_outbox WHERE user_id = $1', [u.id])).toHaveLength(0);
    const taken = await admin.agent
      .post('/api/v1/users')
      .set('X-CSRF-Token', admin.csrf)
      .send({ username: fresh('twin'), email: u.email!.toUpperCase() })
      .expect(409);
    expect(taken.body.code).toBe('CONFLICT');
    await admin.agent
      .post('/api/v1/users')
      .set('X-CSRF-Token', admin.csrf)
      .send({ username: fresh('bad'), email: 'not-an-address' })
      .expect(400);
    const cleared = await admin.agent
      .patch(`/api/v1/users/${u.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ email: null })
      .expect(200);
    expect(cleared.body.email).toBeNull();
  });
});
