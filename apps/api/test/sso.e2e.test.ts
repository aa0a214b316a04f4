import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, startTestProvider, type TestAccount, type TestProvider } from './oidc-provider-support';
import { ADMIN, createUser, signIn, sqlOn, startApi, type Session } from './support';
import type { ApiApp } from '../src/app';

// OpenID Connect sign-in (issue #21 §1, docs/sso.md) against a real provider (oidc-provider)
// running in this process: the browser's part is played by supertest (our side, with its cookie
// jar) and fetch (the provider's side, its development login form).

const PUBLIC_URL = 'http://tt.test';
const REDIRECT_URI = `${PUBLIC_URL}/api/v1/auth/sso/callback`;
const PASSWORD = 'a-long-enough-password';

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let adminToken: string;
let provider: TestProvider;
const sql = sqlOn(() => db.url);

beforeAll(async () => {
  db = await createTestDatabase();
  provider = await startTestProvider(REDIRECT_URI, `${PUBLIC_URL}/sign-in`);
  app = await startApi(db.url, {
    TRUST_PROXY: 'true',
    PUBLIC_URL,
    TWO_FACTOR_KEY: randomBytes(32).toString('hex'),
  });
  admin = await signIn(app, ADMIN);
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
  await provider?.close();
  await db?.drop();
});

const MAPPING = [
  { group: 'tt-admins', role: 'admin' },
  { group: 'tt-managers', role: 'manager' },
];

const BODY = () => ({
  enabled: true,
  issuer: provider.issuer,
  clientId: provider.clientId,
  clientSecret: provider.clientSecret,
  scopes: 'openid email profile groups',
  autoCreate: true,
  linkBy: 'email',
  groupsClaim: 'groups',
  roleMapping: MAPPING,
  ssoOnly: false,
});

/** Every test states the settings it needs (tests run in random order). */
async function configure(overrides: Record<string, unknown> = {}) {
  provider.rewriteIdToken = undefined;
  return request(app.getHttpServer())
    .put('/api/v1/sso/config')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ ...BODY(), ...overrides })
    .expect(200);
}

let counter = 0;
/** A provider account of its own and a browser of its own, from an address of its own. */
function newPerson(account: TestAccount = {}) {
  counter += 1;
  const sub = `sub-${counter}-${randomBytes(4).toString('hex')}`;
  const username = `sso${counter}-${randomBytes(3).toString('hex')}`;
  provider.accounts.set(sub, { preferred_username: username, ...account });
  const ip = `10.31.${counter}.${Math.floor(Math.random() * 250) + 1}`;
  return { sub, username, agent: request.agent(app.getHttpServer()).set('X-Forwarded-For', ip) };
}
type Person = ReturnType<typeof newPerson>;

/** Start → the provider → our callback; the callback's answer (a redirect either way). */
async function ssoSignIn(p: Person) {
  const start = await p.agent.get('/api/v1/auth/sso/start').expect(303);
  expect(start.headers.location).toMatch(new RegExp(`^${provider.issuer}/`));
  const back = await provider.authorize(start.headers.location!, p.sub);
  return p.agent.get(back.pathname + back.search);
}

const sessionCookieOf = (res: request.Response) =>
  ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('tt_session=') && !c.startsWith('tt_session=;'));

function me(p: Person) {
  return p.agent.get('/api/v1/auth/me');
}

describe('settings', () => {
  it('stores the client secret sealed and never returns it; admins only', async () => {
    const res = await configure();
    expect(res.body).toMatchObject({ source: 'dashboard', clientSecretSet: true, redirectUri: REDIRECT_URI });
    expect(JSON.stringify(res.body)).not.toContain(provider.clientSecret);
    const [row] = await sql<{ client_secret: string }>('SELECT client_secret FROM sso_config');
    expect(row!.client_secret).toMatch(/^aes1:/);
    expect(row!.client_secret).not.toContain(provider.clientSecret);

    // Saving without a secret keeps the stored one.
    const { clientSecret: _kept, ...withoutSecret } = BODY();
    const kept = await request(app.getHttpServer())
      .put('/api/v1/sso/config')
      .set('Authorization', `Bearer ${adminToken}`)
      .send(withoutSecret)
      .expect(200);
    expect(kept.body.clientSecretSet).toBe(true);
    expect(_kept).toBeTruthy();

    const user = newPerson();
    await createUser(admin, { username: user.username, password: PASSWORD });
    const session = await signIn(app, { username: user.username, password: PASSWORD });
    await session.agent.get('/api/v1/sso/config').expect(403);
    await request(app.getHttpServer()).get('/api/v1/sso/config').expect(401);
    // SSO-only without SSO on makes no sense; SSO without an issuer neither.
    for (const bad of [
      { enabled: false, ssoOnly: true },
      { issuer: '' },
      { scopes: 'email profile' },
      { roleMapping: [{ group: 'x', role: 'owner' }] },
    ])
      await request(app.getHttpServer())
        .put('/api/v1/sso/config')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ ...BODY(), ...bad })
        .expect(400);
  });

  it('tells the sign-in page whether SSO is offered', async () => {
    await configure({ enabled: false });
    let options = await request(app.getHttpServer()).get('/api/v1/auth/options').expect(200);
    expect(options.body.sso).toEqual({ enabled: false, ssoOnly: false });
    const p = newPerson();
    const start = await p.agent.get('/api/v1/auth/sso/start').expect(303);
    expect(start.headers.location).toBe('/sign-in?sso_error=disabled');
    await configure();
    options = await request(app.getHttpServer()).get('/api/v1/auth/options').expect(200);
    expect(options.body.sso).toEqual({ enabled: true, ssoOnly: false });
  });
});

describe('sign-in', () => {
  it('creates the account at the first sign-in, with PKCE, state and nonce, and no password', async () => {
    await configure();
    const p = newPerson({
      email: 'First.Person@Example.test',
      email_verified: true,
      groups: ['tt-managers'],
    });
    const start = await p.agent.get('/api/v1/auth/sso/start').expect(303);
    const url = new URL(start.headers.location!);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    const back = await provider.authorize(start.headers.location!, p.sub);
    const cb = await p.agent.get(back.pathname + back.search).expect(303);
    expect(cb.headers.location).toBe('/');
    expect(sessionCookieOf(cb)).toMatch(/HttpOnly/);

    const who = await me(p).expect(200);
    expect(who.body.user).toMatchObject({ username: p.username, role: 'manager' });
    expect(who.body.twoFactorEnrolmentRequired).toBe(false);
    const [row] = await sql<{ password_hash: string | null; email: string | null }>(
      'SELECT password_hash, email FROM users WHERE id = $1',
      [who.body.user.id],
    );
    expect(row).toEqual({ password_hash: null, email: 'first.person@example.test' });
    const links = await sql('SELECT issuer, subject FROM user_identities WHERE user_id = $1', [
      who.body.user.id,
    ]);
    expect(links).toEqual([{ issuer: provider.issuer, subject: p.sub }]);
    // The same provider account comes back to the same user.
    const again = newPerson();
    const second = await ssoSignIn({ ...again, sub: p.sub });
    expect(second.headers.location).toBe('/');
    const who2 = await again.agent.get('/api/v1/auth/me').expect(200);
    expect(who2.body.user.id).toBe(who.body.user.id);
  });

  it('maps groups to a role at every sign-in, and records the change', async () => {
    await configure();
    const p = newPerson({ groups: ['tt-admins', 'other'] });
    await ssoSignIn(p).then((r) => expect(r.headers.location).toBe('/'));
    const first = await me(p).expect(200);
    expect(first.body.user.role).toBe('admin');

    provider.accounts.set(p.sub, { ...provider.accounts.get(p.sub), groups: ['other'] });
    const later = { ...newPerson(), sub: p.sub };
    await ssoSignIn(later).then((r) => expect(r.headers.location).toBe('/'));
    const second = await later.agent.get('/api/v1/auth/me').expect(200);
    expect(second.body.user).toMatchObject({ id: first.body.user.id, role: 'user' });
    const audit = await sql<{ before: { role: string }; after: { role: string } }>(
      `SELECT before, after FROM audit_events
        WHERE entity = 'user' AND entity_id = $1 AND action = 'update' ORDER BY id`,
      [first.body.user.id],
    );
    // Created as a user, raised by its groups at that first sign-in, lowered at the second.
    expect(audit.map((a) => [a.before.role, a.after.role])).toEqual([
      ['user', 'admin'],
      ['admin', 'user'],
    ]);
  });

  it('maps groups to teams at every sign-in; memberships an admin added stay', async () => {
    const api = (method: 'post' | 'patch' | 'get', path: string) =>
      request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${adminToken}`);
    const suffix = randomBytes(3).toString('hex');
    const team = async (name: string) =>
      (
        await api('post', '/api/v1/teams')
          .send({ name: `${name} ${suffix}` })
          .expect(201)
      ).body.id as number;
    const [x, y, byHand] = [await team('X'), await team('Y'), await team('Hand')];
    await configure({
      teamMapping: [
        { group: 'group-a', teamId: x },
        { group: 'group-b', teamId: y },
        { group: 'group-b', teamId: byHand },
      ],
    });
    const saved = await api('get', '/api/v1/sso/config').expect(200);
    expect(saved.body.teamMapping).toHaveLength(3);
    const members = async (teamId: number) =>
      (await api('get', `/api/v1/teams/${teamId}`).expect(200)).body.members.map(
        (m: { username: string }) => m.username,
      );

    const p = newPerson({ groups: ['group-a'] });
    await ssoSignIn(p).then((r) => expect(r.headers.location).toBe('/'));
    const { id } = (await me(p).expect(200)).body.user;
    expect(await members(x)).toEqual([p.username]);
    expect(await members(y)).toEqual([]);
    // An admin puts them in "Hand" themselves, and re-saves X (its SSO member listed).
    await api('patch', `/api/v1/teams/${byHand}`)
      .send({ members: [{ userId: id, isLead: false }] })
      .expect(200);
    await api('patch', `/api/v1/teams/${x}`)
      .send({ members: [{ userId: id, isLead: false }] })
      .expect(200);

    // The provider moves them from group A to group B: re-evaluated at the next sign-in.
    provider.accounts.set(p.sub, { ...provider.accounts.get(p.sub), groups: ['group-b'] });
    await ssoSignIn(p).then((r) => expect(r.headers.location).toBe('/'));
    expect(await members(x)).toEqual([]);
    expect(await members(y)).toEqual([p.username]);
    expect(await members(byHand)).toEqual([p.username]);

    // No groups at all: SSO's teams go, the admin's one stays.
    provider.accounts.set(p.sub, { ...provider.accounts.get(p.sub), groups: [] });
    await ssoSignIn(p).then((r) => expect(r.headers.location).toBe('/'));
    expect(await members(y)).toEqual([]);
    expect(await members(byHand)).toEqual([p.username]);
    const rows = await sql<{ team_id: number; via_sso: boolean }>(
      'SELECT team_id, via_sso FROM team_members WHERE user_id = $1',
      [id],
    );
    expect(rows).toEqual([{ team_id: byHand, via_sso: false }]);
    await configure();
  });

  it('checks a provider: its endpoints, or why it cannot be used', async () => {
    const check = (issuer: string) =>
      request(app.getHttpServer())
        .post('/api/v1/sso/config/check')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ issuer });
    const ok = await check(provider.issuer).expect(200);
    expect(ok.body).toMatchObject({
      issuer: provider.issuer,
      authorizationEndpoint: `${provider.issuer}/auth`,
      tokenEndpoint: `${provider.issuer}/token`,
      endSessionEndpoint: `${provider.issuer}/session/end`,
    });
    expect(ok.body.scopesSupported).toContain('openid');

    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const down = await check(`http://127.0.0.1:${closed}`).expect(400);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.body.detail).toBe(
      `Nothing answers at http://127.0.0.1:${closed}/.well-known/openid-configuration (unreachable, refused or timed out)`,
    );
    // The provider answers, but as another issuer (a typo in the path, a proxy in between).
    const other = await check(`${provider.issuer}/realms/x`).expect(400);
    expect(other.body.detail).toMatch(/did not answer an OpenID discovery document|names another issuer/);
    const remote = await check('http://id.example.com').expect(400);
    expect(remote.body.detail).toBe('The issuer must be https (plain http only on this machine)');
    await check('not a url').expect(400);
  });

  it('links an existing user by verified email only, never by an unverified one', async () => {
    await configure({ autoCreate: false, linkBy: 'email' });
    const local = newPerson();
    const email = `${local.username}@example.test`;
    const { id } = await createUser(admin, { username: local.username, password: PASSWORD });
    await request(app.getHttpServer())
      .patch(`/api/v1/users/${id}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ email })
      .expect(200);

    const unverified = newPerson({ email, email_verified: false });
    const refused = await ssoSignIn(unverified);
    expect(refused.headers.location).toBe('/sign-in?sso_error=no_account');
    expect(sessionCookieOf(refused)).toBeUndefined();

    const verified = newPerson({ email: email.toUpperCase(), email_verified: true });
    const ok = await ssoSignIn(verified);
    expect(ok.headers.location).toBe('/');
    expect((await me(verified).expect(200)).body.user.id).toBe(id);
  });

  it('links by username when the admin chose that rule', async () => {
    await configure({ autoCreate: false, linkBy: 'username', groupsClaim: '' });
    const p = newPerson();
    const { id } = await createUser(admin, { username: p.username, password: PASSWORD, role: 'manager' });
    await ssoSignIn(p).then((r) => expect(r.headers.location).toBe('/'));
    // No groups claim configured: the role is left as the admin set it.
    expect((await me(p).expect(200)).body.user).toMatchObject({ id, role: 'manager' });
  });

  it('refuses a stranger when accounts are not created at sign-in', async () => {
    await configure({ autoCreate: false, linkBy: 'none' });
    const p = newPerson({ email: 'nobody@example.test', email_verified: true });
    const res = await ssoSignIn(p);
    expect(res.headers.location).toBe('/sign-in?sso_error=no_account');
    await me(p).expect(401);
  });

  it('skips the TOTP step for SSO sign-ins of a user who has one for the password', async () => {
    await configure({ autoCreate: false, linkBy: 'username' });
    const p = newPerson();
    await createUser(admin, { username: p.username, password: PASSWORD });
    const pw = await p.agent.post('/api/v1/auth/login').send({ username: p.username, password: PASSWORD });
    const csrf = pw.body.csrfToken as string;
    const started = await p.agent.post('/api/v1/account/two-factor/enrol').set('X-CSRF-Token', csrf);
    const secret = started.body.secret as string;
    await p.agent
      .post('/api/v1/account/two-factor/confirm')
      .set('X-CSRF-Token', csrf)
      .send({ code: TOTP.generate({ secret: Secret.fromBase32(secret) }) })
      .expect(200);
    await p.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', csrf).expect(204);
    // The password still asks for the code …
    const second = await p.agent
      .post('/api/v1/auth/login')
      .send({ username: p.username, password: PASSWORD })
      .expect(200);
    expect(second.body.secondFactorRequired).toBe(true);
    // … SSO does not.
    const res = await ssoSignIn(p);
    expect(res.headers.location).toBe('/');
    expect((await me(p).expect(200)).body.user.username).toBe(p.username);
  });
});

describe('refusals', () => {
  async function refusedWith(rewrite: (idToken: string) => Promise<string>) {
    await configure();
    provider.rewriteIdToken = rewrite;
    const p = newPerson({ groups: ['tt-managers'] });
    const res = await ssoSignIn(p);
    provider.rewriteIdToken = undefined;
    expect(sessionCookieOf(res)).toBeUndefined();
    await me(p).expect(401);
    return { res, p };
  }

  it('accepts a token the provider signed (the control for the refusals below)', async () => {
    await configure();
    provider.rewriteIdToken = async (token) => provider.sign(claimsOf(token));
    const p = newPerson({ groups: ['tt-managers'] });
    const res = await ssoSignIn(p);
    provider.rewriteIdToken = undefined;
    expect(res.headers.location).toBe('/');
    expect((await me(p).expect(200)).body.user.role).toBe('manager');
  });

  it('refuses a tampered ID token (claims changed, signature kept)', async () => {
    const { res, p } = await refusedWith(async (token) => {
      const [h, , s] = token.split('.');
      const claims = { ...claimsOf(token), groups: ['tt-admins'] };
      return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    });
    expect(res.headers.location).toBe('/sign-in?sso_error=invalid_token');
    expect(await sql('SELECT 1 FROM users WHERE username = $1', [p.username])).toEqual([]);
  });

  it('refuses an expired ID token, even when signed by the provider', async () => {
    const { res } = await refusedWith(async (token) => {
      const now = Math.floor(Date.now() / 1000);
      return provider.sign({ ...claimsOf(token), iat: now - 7200, exp: now - 3600 });
    });
    expect(res.headers.location).toBe('/sign-in?sso_error=invalid_token');
  });

  it('refuses an ID token with another nonce, or for another client', async () => {
    const wrongNonce = await refusedWith(async (token) => provider.sign({ ...claimsOf(token), nonce: 'x' }));
    expect(wrongNonce.res.headers.location).toBe('/sign-in?sso_error=invalid_token');
    const wrongAudience = await refusedWith(async (token) =>
      provider.sign({ ...claimsOf(token), aud: 'someone-else' }),
    );
    expect(wrongAudience.res.headers.location).toBe('/sign-in?sso_error=invalid_token');
  });

  it('refuses a wrong state, and a callback in a browser that did not start the sign-in', async () => {
    await configure();
    const p = newPerson();
    const start = await p.agent.get('/api/v1/auth/sso/start').expect(303);
    const back = await provider.authorize(start.headers.location!, p.sub);
    back.searchParams.set('state', 'forged');
    const res = await p.agent.get(back.pathname + back.search).expect(303);
    expect(res.headers.location).toBe('/sign-in?sso_error=state_mismatch');

    const q = newPerson();
    const startQ = await q.agent.get('/api/v1/auth/sso/start').expect(303);
    const backQ = await provider.authorize(startQ.headers.location!, q.sub);
    const other = request.agent(app.getHttpServer());
    const stolen = await other.get(backQ.pathname + backQ.search).expect(303);
    expect(stolen.headers.location).toBe('/sign-in?sso_error=state_mismatch');
    // The pending sign-in is single use: replaying the same callback in the right browser fails too.
    await q.agent.get(backQ.pathname + backQ.search).expect(303);
    const replay = await q.agent.get(backQ.pathname + backQ.search).expect(303);
    expect(replay.headers.location).toBe('/sign-in?sso_error=state_mismatch');
  });

  it('says the provider cannot be reached, not a 500, when it is down', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    await configure({ issuer: `http://127.0.0.1:${closed}` });
    const p = newPerson();
    const res = await p.agent.get('/api/v1/auth/sso/start').expect(303);
    expect(res.headers.location).toBe('/sign-in?sso_error=provider_unavailable');
  });

  it('reports what the provider refused (the user cancelled)', async () => {
    await configure();
    const p = newPerson();
    const start = await p.agent.get('/api/v1/auth/sso/start').expect(303);
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const res = await p.agent
      .get(
        `/api/v1/auth/sso/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(provider.issuer)}`,
      )
      .expect(303);
    expect(res.headers.location).toBe('/sign-in?sso_error=provider_error');
  });
});

describe('SSO-only, logout, deactivation', () => {
  it('refuses passwords except for the break-glass admin; API tokens keep working', async () => {
    await configure();
    const p = newPerson();
    const { id } = await createUser(admin, { username: p.username, password: PASSWORD });
    const session = await signIn(app, { username: p.username, password: PASSWORD });
    const token = (
      await session.agent
        .post('/api/v1/tokens')
        .set('X-CSRF-Token', session.csrf)
        .send({ name: 'script' })
        .expect(201)
    ).body.token as string;
    expect(token).toBeTruthy();
    await configure({ ssoOnly: true });
    try {
      const options = await request(app.getHttpServer()).get('/api/v1/auth/options').expect(200);
      expect(options.body).toMatchObject({ allowSelfRegister: false, sso: { enabled: true, ssoOnly: true } });
      const refused = await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', '10.32.0.1')
        .send({ username: p.username, password: PASSWORD })
        .expect(403);
      expect(refused.body.detail).toMatch(/single sign-on/);
      await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', '10.32.0.2')
        .send(ADMIN)
        .expect(200);
      const viaToken = await request(app.getHttpServer())
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(viaToken.body.user.id).toBe(id);
    } finally {
      await configure();
    }
  });

  it("ends the local session and names the provider's logout page", async () => {
    await configure();
    const p = newPerson();
    await ssoSignIn(p).then((r) => expect(r.headers.location).toBe('/'));
    const csrf = (await me(p).expect(200)).body.csrfToken as string;
    const out = await p.agent.post('/api/v1/auth/sso/logout').set('X-CSRF-Token', csrf).expect(200);
    const end = new URL(out.body.endSessionUrl);
    expect(`${end.origin}${end.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(end.searchParams.get('id_token_hint')).toBeTruthy();
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/sign-in`);
    await me(p).expect(401);
  });

  it('deactivating an SSO user ends the session and refuses the next SSO sign-in', async () => {
    await configure();
    const p = newPerson();
    await ssoSignIn(p).then((r) => expect(r.headers.location).toBe('/'));
    const id = (await me(p).expect(200)).body.user.id as number;
    await request(app.getHttpServer())
      .patch(`/api/v1/users/${id}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ isActive: false })
      .expect(200);
    await me(p).expect(401);
    const again = await ssoSignIn(p);
    expect(again.headers.location).toBe('/sign-in?sso_error=inactive');
  });
});

describe('configured by environment', () => {
  it('uses OIDC_* and keeps the dashboard from changing them', async () => {
    const envDb = await createTestDatabase();
    const envApp = await startApi(envDb.url, {
      PUBLIC_URL,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_SCOPES: 'openid email profile groups',
      OIDC_AUTO_CREATE: 'true',
      OIDC_GROUPS_CLAIM: 'groups',
      OIDC_ROLE_MAPPING: 'tt-admins=admin,tt-managers=manager',
    });
    try {
      const envAdmin = await signIn(envApp, ADMIN);
      const config = await envAdmin.agent.get('/api/v1/sso/config').expect(200);
      expect(config.body).toMatchObject({ source: 'env', enabled: true, clientSecretSet: true });
      expect(JSON.stringify(config.body)).not.toContain(provider.clientSecret);
      await envAdmin.agent
        .put('/api/v1/sso/config')
        .set('X-CSRF-Token', envAdmin.csrf)
        .send(BODY())
        .expect(409);
      const p = newPerson({ groups: ['tt-managers'] });
      const agent = request.agent(envApp.getHttpServer());
      const start = await agent.get('/api/v1/auth/sso/start').expect(303);
      const back = await provider.authorize(start.headers.location!, p.sub);
      await agent
        .get(back.pathname + back.search)
        .expect(303)
        .expect('location', '/');
      const who = await agent.get('/api/v1/auth/me').expect(200);
      expect(who.body.user).toMatchObject({ username: p.username, role: 'manager' });
    } finally {
      await envApp.close();
      await envDb.drop();
    }
  });
});
