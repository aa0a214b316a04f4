import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

// A real OpenID provider (npm oidc-provider) in the test process, on 127.0.0.1 and a random
// port, for the SSO tests (docs/sso.md). Its accounts are whatever the test puts in `accounts`;
// `rewriteIdToken` lets a test change the ID token the token endpoint answers (tampering,
// expiry, a wrong nonce), re-signed with the provider's own key when asked. The dashboard's
// browser tests (apps/admin/e2e/sso.e2e.test.ts) use this same provider.

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** While true the provider is down: every connection to it is dropped unanswered. */
  down: boolean;
  /** Set to change the next ID tokens; undefined = as issued. */
  rewriteIdToken?: (idToken: string) => Promise<string>;
  /** Signs claims with the provider's key (what a forged-but-valid token would need). */
  sign(claims: Record<string, unknown>): Promise<string>;
  /** Logs `sub` in at the provider and answers the redirect back to us (with code and state). */
  authorize(authorizationUrl: string, sub: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startTestProvider(redirectUri: string, postLogoutUri: string): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const accounts = new Map<string, TestAccount>();
  const clientId = 'timetracker';
  const clientSecret = 'a-test-client-secret-of-some-length';

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [postLogoutUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [jwk as never] },
    pkce: { required: () => true },
    // The claims go into the ID token (as Keycloak and Authentik do), not only to userinfo.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['preferred_username'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    cookies: { keys: ['test-cookie-key'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    // Consent is taken as given: the tests are about our side of the flow.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account }) };
    },
  });

  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    down: false,
    sign: (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(privateKey),
    authorize: (url, sub) => authorize(url, sub, redirectUri),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && body?.id_token && state.rewriteIdToken) {
      ctx.body = { ...body, id_token: await state.rewriteIdToken(body.id_token) };
    }
  });
  const handle = provider.callback();
  server.on('request', (req, res) => (state.down ? req.socket.destroy() : handle(req, res)));
  return state;
}

/** The claims of an ID token, unchecked (the test changes and re-signs them). */
export const claimsOf = (idToken: string) => decodeJwt(idToken) as Record<string, unknown>;

/**
 * Plays the browser at the provider: follows its redirects with its cookies, submits the
 * development login form for `sub`, and stops at the redirect to our callback.
 */
async function authorize(authorizationUrl: string, sub: string, redirectUri: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body: body.toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    await res.arrayBuffer();
    const location = res.headers.get('location');
    if (res.status === 200 && url.pathname.startsWith('/interaction/')) {
      body = new URLSearchParams({ prompt: 'login', login: sub, password: 'any' });
      continue;
    }
    if (!location) throw new Error(`The provider answered ${res.status} at ${url.pathname}`);
    const next = new URL(location, url);
    if (next.toString().startsWith(redirectUri)) return next;
    url = next;
    body = undefined;
  }
  throw new Error('Too many redirects at the provider');
}
