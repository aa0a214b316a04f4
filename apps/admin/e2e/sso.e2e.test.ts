import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminApi, openPage, type RunningStack, screenshot, startStack } from './support';

// Single sign-on in the browser (issue #21 §1, docs/sso.md) against a real OpenID provider
// (npm oidc-provider, its development login form) on 127.0.0.1 in the test process.

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;
let server: Server;
let issuer: string;
const accounts = new Map<string, { preferred_username: string; groups: string[] }>();

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'timetracker',
        client_secret: 'a-test-client-secret-of-some-length',
        redirect_uris: [`${stack.baseUrl}/api/v1/auth/sso/callback`],
        post_logout_redirect_uris: [`${stack.baseUrl}/sign-in`],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'k', alg: 'RS256', use: 'sig' } as never] },
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['preferred_username'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups'],
    cookies: { keys: ['test-cookie-key'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid profile groups');
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      return account && { accountId: sub, claims: () => ({ sub, ...account }) };
    },
  });
  server.on('request', provider.callback());
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await stack?.stop();
});

function configure(overrides: Record<string, unknown> = {}) {
  return api('PUT', '/api/v1/sso/config', {
    enabled: true,
    issuer,
    clientId: 'timetracker',
    clientSecret: 'a-test-client-secret-of-some-length',
    scopes: 'openid profile groups',
    autoCreate: true,
    linkBy: 'username',
    groupsClaim: 'groups',
    roleMapping: [{ group: 'tt-managers', role: 'manager' }],
    ssoOnly: false,
    ...overrides,
  });
}

describe('single sign-on', () => {
  it('signs in with SSO (a new account, role from its groups) and signs out at the provider too', async () => {
    await configure();
    accounts.set('sub-noor', { preferred_username: 'noor', groups: ['tt-managers'] });
    const { page, context, errors } = await openPage(stack);
    await page.goto('/');
    const button = page.getByRole('link', { name: 'Sign in with SSO' });
    await button.waitFor();
    await screenshot(page, 'sso-sign-in');
    await button.click();

    // The provider's own (development) sign-in form.
    await page.getByPlaceholder('Enter any login').fill('sub-noor');
    await page.getByPlaceholder('and password').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('button', { name: 'Account: noor' }).click();
    await page.getByText('Signed in as noor').waitFor();
    expect(await page.getByText(/Signed in as noor/).textContent()).toBe('Signed in as noor (manager)');

    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    // The provider asks to end its session too, then sends the browser back to our sign-in.
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
    const me = await context.request.get('/api/v1/auth/me');
    expect(me.status()).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('explains a failed sign-in on the page (the provider is down), on a phone; SSO-only note', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await configure({ issuer: `http://127.0.0.1:${port}`, ssoOnly: true });
    try {
      const { page, context, errors } = await openPage(stack, { mobile: true });
      await page.goto('/sign-in');
      await page
        .getByText('The password form is for the emergency admin account only', { exact: false })
        .waitFor();
      await page.getByRole('link', { name: 'Sign in with SSO' }).click();
      await page.waitForURL(/sso_error=provider_unavailable/);
      await page
        .getByRole('alert')
        .getByText('The sign-in provider cannot be reached right now', { exact: false })
        .waitFor();
      await screenshot(page, 'sso-provider-down-phone');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await configure();
    }
  });
});
