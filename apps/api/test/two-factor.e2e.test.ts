import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createUser, signIn, sqlOn, startApi, type Session } from './support';
import type { ApiApp } from '../src/app';

// Two-factor authentication (issue #21 §2, docs/security.md): codes are computed here by the
// same library from the secret the API shows, as an authenticator app would.

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let adminToken: string;
const sql = sqlOn(() => db.url);
const PASSWORD = 'a-long-enough-password';
const KEY = randomBytes(32).toString('hex');

beforeAll(async () => {
  db = await createTestDatabase();
  // Behind a (pretend) proxy: each test signs in from an address of its own (sign-in limits).
  app = await startApi(db.url, { TRUST_PROXY: 'true', TWO_FACTOR_KEY: KEY });
  admin = await signIn(app, ADMIN);
  // Admin changes below go through an API token: tokens never need a second factor.
  adminToken = (
    await admin.agent
      .post('/api/v1/tokens')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: 'tests' })
      .expect(201)
  ).body.token;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

let counter = 0;
/** A fresh user and a browser of its own, from an address of its own. */
async function newUser(role: 'admin' | 'user' = 'user') {
  counter += 1;
  const username = `tf${counter}-${randomBytes(3).toString('hex')}`;
  const { id } = await createUser(admin, { username, password: PASSWORD, role });
  const ip = `10.21.${counter}.${Math.floor(Math.random() * 250) + 1}`;
  return { id, username, ip, agent: request.agent(app.getHttpServer()).set('X-Forwarded-For', ip) };
}
type User = Awaited<ReturnType<typeof newUser>>;

const login = (u: User) =>
  u.agent.post('/api/v1/auth/login').send({ username: u.username, password: PASSWORD });
const second = (u: User, body: Record<string, unknown>) =>
  u.agent.post('/api/v1/auth/login/second-factor').send(body);
const codeAt = (secret: string, at: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });
/** The code of the next 30-second step: the window accepts it, and it is later than any used. */
const nextCode = (secret: string) => codeAt(secret, Date.now() + 30_000);

/** Signs in (no second factor yet), enrols and confirms: the secret and the recovery codes. */
async function enrol(u: User) {
  const first = await login(u).expect(200);
  const csrf = first.body.csrfToken as string;
  const started = await u.agent
    .post('/api/v1/account/two-factor/enrol')
    .set('X-CSRF-Token', csrf)
    .expect(200);
  const secret = started.body.secret as string;
  const confirmed = await u.agent
    .post('/api/v1/account/two-factor/confirm')
    .set('X-CSRF-Token', csrf)
    .send({ code: codeAt(secret, Date.now()) })
    .expect(200);
  await u.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', csrf).expect(204);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[], started: started.body };
}

describe('enrolment', () => {
  it('shows a secret, URI and QR code once; confirms with a code; recovery codes stored hashed', async () => {
    const u = await newUser();
    const signedIn = await login(u).expect(200);
    expect(signedIn.body).toMatchObject({ secondFactorRequired: false, twoFactorEnrolmentRequired: false });
    const csrf = signedIn.body.csrfToken;
    const started = await u.agent
      .post('/api/v1/account/two-factor/enrol')
      .set('X-CSRF-Token', csrf)
      .expect(200);
    expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/TimeTracker:.+secret=[A-Z2-7]+/);
    expect(started.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret = started.body.secret as string;
    // Encrypted at rest (TWO_FACTOR_KEY is set): the base32 secret is not in the row.
    const [row] = await sql<{ secret: string }>(`SELECT secret FROM user_totp WHERE user_id = $1`, [u.id]);
    expect(row!.secret.startsWith('aes1:')).toBe(true);
    expect(row!.secret).not.toContain(secret);

    // Not on until confirmed; a wrong code confirms nothing.
    expect((await u.agent.get('/api/v1/account/two-factor').expect(200)).body.enabled).toBe(false);
    const wrong = String((Number(codeAt(secret, Date.now())) + 1) % 1_000_000).padStart(6, '0');
    await u.agent
      .post('/api/v1/account/two-factor/confirm')
      .set('X-CSRF-Token', csrf)
      .send({ code: wrong })
      .expect(400);
    const confirmed = await u.agent
      .post('/api/v1/account/two-factor/confirm')
      .set('X-CSRF-Token', csrf)
      .send({ code: codeAt(secret, Date.now()) })
      .expect(200);
    const codes = confirmed.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await sql<{ code_hash: string }>(
      `SELECT code_hash FROM recovery_codes WHERE user_id = $1`,
      [u.id],
    );
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash)).not.toContain(codes[0]);

    const status = (await u.agent.get('/api/v1/account/two-factor').expect(200)).body;
    expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
    expect(JSON.stringify(status)).not.toContain(secret);
    // The secret is never shown again: a second set-up is refused while one is on.
    await u.agent.post('/api/v1/account/two-factor/enrol').set('X-CSRF-Token', csrf).expect(409);
    const audit = await sql(`SELECT action FROM audit_events WHERE entity = 'user' AND entity_id = $1`, [
      u.id,
    ]);
    expect(audit.map((a) => a.action)).toContain('two_factor_enable');
  });
});

describe('sign-in with the second step', () => {
  it('needs a code after the password; the pending step is no session; a replayed code is refused', async () => {
    const u = await newUser();
    const { secret } = await enrol(u);
    const first = await login(u).expect(200);
    expect(first.body).toEqual({ secondFactorRequired: true });
    const cookies = ([] as string[]).concat(first.headers['set-cookie'] ?? []);
    expect(cookies.some((c) => c.startsWith('tt_session='))).toBe(false);
    expect(cookies.find((c) => c.startsWith('tt_2fa='))).toMatch(/HttpOnly/i);
    // Pending is not signed in.
    await u.agent.get('/api/v1/auth/me').expect(401);

    const wrong = await second(u, { code: '000000' }).expect(401);
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
    const code = nextCode(secret);
    const ok = await second(u, { code }).expect(200);
    expect(ok.body.user.username).toBe(u.username);
    expect(ok.body.user.twoFactorEnabled).toBe(true);
    await u.agent.get('/api/v1/auth/me').expect(200);

    // The same code again, for a new sign-in: refused (each step is accepted once).
    await u.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', ok.body.csrfToken).expect(204);
    expect((await login(u).expect(200)).body.secondFactorRequired).toBe(true);
    await second(u, { code }).expect(401);
    await u.agent.get('/api/v1/auth/me').expect(401);
  });

  it('without the password step there is nothing to complete', async () => {
    const u = await newUser();
    const res = await second(u, { code: '123456' }).expect(401);
    expect(res.body.detail).toMatch(/enter your password again/);
  });

  it('accepts each recovery code once, in any case and spacing', async () => {
    const u = await newUser();
    const { recoveryCodes } = await enrol(u);
    await login(u).expect(200);
    const ok = await second(u, { code: ` ${recoveryCodes[3]!.toUpperCase()} ` }).expect(200);
    await u.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', ok.body.csrfToken).expect(204);
    await login(u).expect(200);
    await second(u, { code: recoveryCodes[3] }).expect(401);
    await second(u, { code: recoveryCodes[4] }).expect(200);
    expect((await u.agent.get('/api/v1/account/two-factor').expect(200)).body.recoveryCodesLeft).toBe(8);
  });

  it('counts second steps against the sign-in limits (429)', async () => {
    const u = await newUser();
    await enrol(u);
    await login(u).expect(200);
    // 10 failures per account and address per window; the 11th attempt is refused unchecked.
    for (let i = 0; i < 10; i++) await second(u, { code: '000000' }).expect(401);
    const refused = await second(u, { code: '000000' }).expect(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('remembers a device for 30 days until the factor is reset', async () => {
    const u = await newUser();
    const { secret } = await enrol(u);
    await login(u).expect(200);
    const ok = await second(u, { code: nextCode(secret), rememberDevice: true }).expect(200);
    const device = ([] as string[])
      .concat(ok.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('tt_device='));
    expect(device).toMatch(/HttpOnly/i);
    const days = (Date.parse(/Expires=([^;]+)/i.exec(device!)![1]!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    await u.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', ok.body.csrfToken).expect(204);
    // This browser skips the second step; another browser does not.
    const again = await login(u).expect(200);
    expect(again.body).toMatchObject({ secondFactorRequired: false, user: { username: u.username } });
    const other = request.agent(app.getHttpServer()).set('X-Forwarded-For', u.ip);
    expect(
      (await other.post('/api/v1/auth/login').send({ username: u.username, password: PASSWORD }).expect(200))
        .body,
    ).toEqual({ secondFactorRequired: true });

    // An admin resets the factor: remembered browsers are forgotten, and the reset is audited.
    const reset = await request(app.getHttpServer())
      .delete(`/api/v1/users/${u.id}/two-factor`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(200);
    expect(reset.body).toMatchObject({ id: u.id, twoFactorEnabled: false });
    expect(await sql(`SELECT 1 FROM remembered_devices WHERE user_id = $1`, [u.id])).toHaveLength(0);
    const [event] = await sql<{ actor_username: string; via: string; before: unknown; after: unknown }>(
      `SELECT actor_username, via, before, after FROM audit_events
        WHERE entity = 'user' AND entity_id = $1 AND action = 'two_factor_reset'`,
      [u.id],
    );
    expect(event).toMatchObject({
      actor_username: ADMIN.username,
      via: 'token',
      before: { twoFactor: true },
      after: { twoFactor: false },
    });
    // Now the password alone signs in (with or without the old device cookie).
    expect((await login(u).expect(200)).body).toMatchObject({ secondFactorRequired: false });
  });
});

describe('turning it off and new recovery codes', () => {
  it('needs the password or a current code', async () => {
    const u = await newUser();
    const { secret, recoveryCodes } = await enrol(u);
    await login(u).expect(200);
    const s = await second(u, { code: recoveryCodes[0] }).expect(200);
    const csrf = s.body.csrfToken;
    const post = (path: string, body: object) =>
      u.agent.post(`/api/v1/account/two-factor/${path}`).set('X-CSRF-Token', csrf).send(body);
    await post('recovery-codes', { password: 'wrong-password' }).expect(403);
    await post('recovery-codes', {}).expect(400);
    const fresh = (await post('recovery-codes', { password: PASSWORD }).expect(200)).body.recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[1]);
    await post('disable', { code: '000000' }).expect(403);
    await post('disable', { code: nextCode(secret) }).expect(204);
    expect((await u.agent.get('/api/v1/account/two-factor').expect(200)).body.enabled).toBe(false);
    expect(await sql(`SELECT 1 FROM recovery_codes WHERE user_id = $1`, [u.id])).toHaveLength(0);
  });
});

describe('settings.requireTwoFactor', () => {
  const setRequirement = (value: string) =>
    request(app.getHttpServer())
      .patch('/api/v1/settings')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ requireTwoFactor: value })
      .expect(200);

  it('sends users without a factor to enrolment; nothing else answers until they enrol', async () => {
    const plain = await newUser('user');
    const boss = await newUser('admin');
    await setRequirement('admins');
    try {
      // Admins only: the plain user is free, the admin is sent to enrolment.
      expect((await login(plain).expect(200)).body.twoFactorEnrolmentRequired).toBe(false);
      await plain.agent.get('/api/v1/time-entries').expect(200);
      const bossIn = await login(boss).expect(200);
      expect(bossIn.body.twoFactorEnrolmentRequired).toBe(true);
      const csrf = bossIn.body.csrfToken;
      const refused = await boss.agent.get('/api/v1/time-entries').expect(403);
      expect(refused.body.detail).toMatch(/two-factor/);
      await boss.agent.get('/api/v1/users').expect(403);
      expect((await boss.agent.get('/api/v1/auth/me').expect(200)).body.twoFactorEnrolmentRequired).toBe(
        true,
      );
      const status = (await boss.agent.get('/api/v1/account/two-factor').expect(200)).body;
      expect(status).toMatchObject({ enabled: false, required: true });
      const started = await boss.agent
        .post('/api/v1/account/two-factor/enrol')
        .set('X-CSRF-Token', csrf)
        .expect(200);
      await boss.agent
        .post('/api/v1/account/two-factor/confirm')
        .set('X-CSRF-Token', csrf)
        .send({ code: codeAt(started.body.secret, Date.now()) })
        .expect(200);
      // Enrolled: the same session goes on.
      await boss.agent.get('/api/v1/time-entries').expect(200);
      expect((await boss.agent.get('/api/v1/auth/me').expect(200)).body.twoFactorEnrolmentRequired).toBe(
        false,
      );

      // Everyone: the plain user's live session is held at enrolment too.
      await setRequirement('everyone');
      await plain.agent.get('/api/v1/time-entries').expect(403);
      expect((await plain.agent.get('/api/v1/auth/me').expect(200)).body.twoFactorEnrolmentRequired).toBe(
        true,
      );
    } finally {
      await setRequirement('off');
    }
    await plain.agent.get('/api/v1/time-entries').expect(200);
  });

  it('refuses values other than off, admins and everyone', async () => {
    await request(app.getHttpServer())
      .patch('/api/v1/settings')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ requireTwoFactor: 'sometimes' })
      .expect(400);
  });
});

describe('admin reset', () => {
  it('is for admins only, and 404 for an unknown user', async () => {
    const u = await newUser();
    const csrf = (await login(u).expect(200)).body.csrfToken;
    await u.agent.delete(`/api/v1/users/${u.id}/two-factor`).set('X-CSRF-Token', csrf).expect(403);
    await request(app.getHttpServer())
      .delete('/api/v1/users/999999/two-factor')
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(404);
  });
});
