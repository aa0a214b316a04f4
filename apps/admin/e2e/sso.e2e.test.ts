import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestProvider, type TestProvider } from '../../api/test/oidc-provider-support';
import {
  ADMIN,
  adminApi,
  createUser,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
} from './support';

// Single sign-on in the browser (issue #21 §1, docs/sso.md): the admin's settings screen and the
// sign-in, against a real OpenID provider (npm oidc-provider, its development login form) on
// 127.0.0.1 in the test process — the API tests' provider (apps/api/test/oidc-provider-support.ts).

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;
let provider: TestProvider;

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
  provider = await startTestProvider(`${stack.baseUrl}/api/v1/auth/sso/callback`, `${stack.baseUrl}/sign-in`);
});

afterAll(async () => {
  await provider?.close();
  await stack?.stop();
});

const SETTINGS = () => ({
  enabled: true,
  issuer: provider.issuer,
  clientId: provider.clientId,
  clientSecret: provider.clientSecret,
  scopes: 'openid profile groups',
  autoCreate: true,
  linkBy: 'username',
  groupsClaim: 'groups',
  roleMapping: [{ group: 'tt-managers', role: 'manager' }],
  teamMapping: [],
  ssoOnly: false,
});

/** Every test states the settings it starts from (tests run in random order). */
function configure(overrides: Record<string, unknown> = {}) {
  provider.down = false;
  return api('PUT', '/api/v1/sso/config', { ...SETTINGS(), ...overrides });
}

/** A port nothing listens on: a provider that is not there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sign in with SSO in a fresh browser, through the provider's own (development) login form. */
async function ssoSignIn(sub: string, options: { mobile?: boolean } = {}) {
  const session = await openPage(stack, options);
  const { page } = session;
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Sign in with SSO' }).click();
  await page.getByPlaceholder('Enter any login').fill(sub);
  await page.getByPlaceholder('and password').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  return session;
}

/** The role the user menu names ("Signed in as noor (manager)"). */
async function roleShown(page: Page, username: string): Promise<string> {
  await page.getByRole('button', { name: `Account: ${username}` }).click();
  const text = await page.getByText(`Signed in as ${username}`).textContent();
  await page.keyboard.press('Escape');
  return /\((\w+)\)$/.exec(text ?? '')?.[1] ?? '';
}

async function pick(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Mantine's switches by keyboard: a sticky header may lie over one scrolled to an edge. */
async function toggle(page: Page, scope: Locator, name: string) {
  await scope.getByRole('switch', { name }).focus();
  await page.keyboard.press('Space');
}

async function openSsoScreen(page: Page) {
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Single sign-on' })
    .click();
  await page.getByRole('heading', { name: 'Single sign-on' }).waitFor();
  await page.getByRole('region', { name: 'Provider' }).waitFor();
}

describe('single sign-on', () => {
  it('shows settings made by OIDC_* variables read-only, each naming its variable', async () => {
    const envStack = await startStack({
      apiEnv: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: 'from-env',
        OIDC_CLIENT_SECRET: 'an-env-secret-never-shown',
        OIDC_GROUPS_CLAIM: 'groups',
        OIDC_ROLE_MAPPING: 'tt-admins=admin',
      },
    });
    try {
      const { page, context, errors } = await openPage(envStack);
      await signIn(page, ADMIN, '/sso');
      await page.getByText("Set by the server's environment").waitFor();
      const providerBox = page.getByRole('region', { name: 'Provider' });
      const clientId = providerBox.getByLabel('Client id');
      expect(await clientId.inputValue()).toBe('from-env');
      expect(await clientId.isDisabled()).toBe(true);
      for (const variable of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_SCOPES'])
        await providerBox.getByText(`Set by ${variable} in the environment`).first().waitFor();
      expect(await providerBox.getByTestId('secret-status').textContent()).toBe('set');
      const groups = page.getByRole('region', { name: 'Roles and teams from groups' });
      await groups.getByText('Set by OIDC_ROLE_MAPPING in the environment').waitFor();
      expect(await groups.getByRole('textbox', { name: 'Group 1', exact: true }).inputValue()).toBe(
        'tt-admins',
      );
      expect(await groups.getByRole('button', { name: 'Add a group → role row' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
      expect(await page.content()).not.toContain('an-env-secret-never-shown');
      await screenshot(page, 'sso-settings-env');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await envStack.stop();
    }
  });

  it('is set up on the screen (the provider checked down and up), then creates an account at first sign-in', async () => {
    await api('PUT', '/api/v1/sso/config', {
      ...SETTINGS(),
      enabled: false,
      issuer: '',
      clientId: '',
      clientSecret: '',
      autoCreate: false,
      linkBy: 'email',
      groupsClaim: '',
      roleMapping: [],
    });
    const team = await api<{ id: number }>('POST', '/api/v1/teams', { name: 'Developers' });
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN);
    await openSsoScreen(page);
    await page.getByText('Not set up yet').waitFor();
    const providerBox = page.getByRole('region', { name: 'Provider' });
    expect(await providerBox.getByTestId('secret-status').textContent()).toBe('not set');
    expect(await providerBox.getByTestId('redirect-uri').textContent()).toBe(
      `${stack.baseUrl}/api/v1/auth/sso/callback`,
    );

    // Checked while the provider is down: a plain reason, and the form stays as typed.
    await providerBox.getByLabel('Issuer URL').fill(provider.issuer);
    provider.down = true;
    await providerBox.getByRole('button', { name: 'Check provider' }).click();
    const failed = providerBox.getByRole('alert').filter({ hasText: 'The provider cannot be used' });
    await failed.waitFor();
    expect(await failed.textContent()).toContain(
      `Nothing answers at ${provider.issuer}/.well-known/openid-configuration`,
    );
    await screenshot(page, 'sso-settings-check-failed');
    provider.down = false;
    await providerBox.getByRole('button', { name: 'Check provider' }).click();
    const ok = providerBox.getByRole('status').filter({ hasText: 'The provider answered' });
    await ok.waitFor();
    expect(await ok.textContent()).toContain(`Token endpoint: ${provider.issuer}/token`);
    expect(await failed.count()).toBe(0);

    await toggle(page, providerBox, 'Offer “Sign in with SSO”');
    await providerBox.getByLabel('Client id').fill(provider.clientId);
    await providerBox.getByLabel('New client secret').fill(provider.clientSecret);
    await providerBox.getByLabel('Scopes').fill('openid profile groups');
    const accounts = page.getByRole('region', { name: 'Accounts' });
    await accounts.getByRole('radio', { name: 'By username' }).check();
    await toggle(page, accounts, 'Create accounts at first sign-in');
    const rule = accounts.getByTestId('rule-in-force');
    await rule.getByText('Anyone else gets a new account.', { exact: false }).waitFor();
    expect(await rule.textContent()).toContain(
      "A first sign-in joins the user with the same username as the provider's preferred_username.",
    );
    const groups = page.getByRole('region', { name: 'Roles and teams from groups' });
    await groups.getByLabel('Groups claim').fill('groups');
    await groups.getByRole('button', { name: 'Add a group → role row' }).click();
    await groups.getByRole('textbox', { name: 'Group 1', exact: true }).fill('tt-managers');
    await pick(page, groups, 'Role 1', 'Manager');
    await groups.getByRole('button', { name: 'Add a group → team row' }).click();
    await groups.getByRole('textbox', { name: 'Team group 1', exact: true }).fill('tt-dev');
    await pick(page, groups, 'Team 1', 'Developers');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Single sign-on settings saved').waitFor();
    expect(await providerBox.getByTestId('secret-status').textContent()).toBe('set');
    // The secret is never shown again, not even in the field it was typed into.
    expect(await providerBox.getByLabel('New client secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(provider.clientSecret);
    await screenshot(page, 'sso-settings');
    expect(await api('GET', '/api/v1/sso/config')).toMatchObject({
      enabled: true,
      issuer: provider.issuer,
      clientSecretSet: true,
      linkBy: 'username',
      autoCreate: true,
      roleMapping: [{ group: 'tt-managers', role: 'manager' }],
      teamMapping: [{ group: 'tt-dev', teamId: team.id }],
    });
    expect(errors).toEqual([]);
    await context.close();

    provider.accounts.set('sub-ada', { preferred_username: 'ada', groups: ['tt-managers', 'tt-dev'] });
    const ada = await ssoSignIn('sub-ada');
    expect(await roleShown(ada.page, 'ada')).toBe('manager');
    const members = await api<{ members: { username: string }[] }>('GET', `/api/v1/teams/${team.id}`);
    expect(members.members.map((m) => m.username)).toEqual(['ada']);
    expect(ada.errors).toEqual([]);
    await ada.context.close();
  });

  it('applies a group → role change made on the screen at the next sign-in', async () => {
    await configure();
    provider.accounts.set('sub-bo', { preferred_username: 'bo', groups: ['tt-finance'] });
    const first = await ssoSignIn('sub-bo');
    expect(await roleShown(first.page, 'bo')).toBe('user');
    await first.context.close();

    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN);
    await openSsoScreen(page);
    const groups = page.getByRole('region', { name: 'Roles and teams from groups' });
    await groups.getByRole('button', { name: 'Add a group → role row' }).click();
    await groups.getByRole('textbox', { name: 'Group 2', exact: true }).fill('tt-finance');
    await pick(page, groups, 'Role 2', 'Accountant');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Single sign-on settings saved').waitFor();
    expect(errors).toEqual([]);
    await context.close();

    const second = await ssoSignIn('sub-bo');
    expect(await roleShown(second.page, 'bo')).toBe('accountant');
    expect(second.errors).toEqual([]);
    await second.context.close();
  });

  it('explains a failed sign-in on the page (the provider is down), on a phone; SSO-only note', async () => {
    await configure({ issuer: `http://127.0.0.1:${await closedPort()}`, ssoOnly: true });
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

  it('turns SSO-only on from a phone: passwords refused except the break-glass admin', async () => {
    await configure();
    const local = await createUser(api, `local-${Date.now().toString(36)}`);
    try {
      const { page, context, errors } = await openPage(stack, { mobile: true });
      await signIn(page, ADMIN, '/sso');
      await page.getByRole('region', { name: 'Provider' }).waitFor();
      const only = page.getByRole('region', { name: 'Sign in only with SSO' });
      await toggle(page, only, 'Refuse password sign-in and sign-up');
      expect(await only.textContent()).toContain(
        `only the local account “${ADMIN.username}” may still sign in with its password`,
      );
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Single sign-on settings saved').waitFor();
      await screenshot(page, 'sso-settings-phone');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
      await context.close();

      const other = await openPage(stack, { mobile: true });
      await other.page.goto('/sign-in');
      await other.page.getByText('The password form is for the emergency admin account only').waitFor();
      await other.page.getByLabel('Username').fill(local.username);
      await other.page.getByLabel('Password').fill(local.password);
      await other.page.getByRole('button', { name: 'Sign in' }).click();
      await other.page
        .getByRole('alert')
        .getByText('password sign-in is turned off', { exact: false })
        .waitFor();
      await screenshot(other.page, 'sso-only-refused-phone');
      expect(other.page.url()).toMatch(/\/sign-in/);
      // The break-glass admin still gets in with the password.
      await signIn(other.page, ADMIN);
      expect(other.errors).toEqual([]);
      await other.context.close();
    } finally {
      await configure();
    }
  });
});
