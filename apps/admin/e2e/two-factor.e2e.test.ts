import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminApi, createUser, openPage, type RunningStack, screenshot, startStack } from './support';

// Two-factor authentication in the browser (issue #21 §2): set up in Account with the code an
// app would show (computed here from the key the page shows), then sign in with the second step.
// Each test has its own user; the settings are not changed.

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
});

afterAll(async () => {
  await stack?.stop();
});

const codeOf = (secret: string, at = Date.now()) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });

async function passwordStep(page: Page, creds: { username: string; password: string }) {
  await page.goto('/');
  await page.getByLabel('Username').fill(creds.username);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('two-factor authentication', () => {
  it('sets it up in Account, then signs in with a code, and once with a recovery code', async () => {
    const mika = await createUser(api, 'mika');
    const { page, context, errors } = await openPage(stack);
    await passwordStep(page, mika);
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();

    await page.goto('/account');
    const card = page.getByRole('region', { name: 'Two-factor authentication' });
    await card.getByRole('button', { name: 'Set up' }).click();
    await card.getByRole('img', { name: 'QR code for the authenticator app' }).waitFor();
    const secret = (await card.getByTestId('totp-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await card.getByLabel('Code from the app').fill(codeOf(secret));
    await card.getByRole('button', { name: 'Turn on' }).click();
    const codes = card.getByTestId('recovery-codes').getByText(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await codes.first().waitFor();
    const recovery = (await codes.allTextContents()).map((c) => c.trim());
    expect(recovery).toHaveLength(10);
    await screenshot(page, 'two-factor-recovery-codes');
    await card.getByRole('button', { name: 'I have saved them' }).click();
    await card.getByText(/^On since/).waitFor();

    // Sign out, and in again: the password, then the code of the next step (the one used to
    // confirm is spent).
    await page.getByRole('button', { name: 'Account: mika' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await passwordStep(page, mika);
    await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
    await screenshot(page, 'two-factor-second-step');
    await page.getByLabel('Code or recovery code').fill('000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('That code is wrong').waitFor();
    await page.getByLabel('Code or recovery code').fill(codeOf(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();

    // A recovery code works once.
    await page.getByRole('button', { name: 'Account: mika' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await passwordStep(page, mika);
    await page.getByLabel('Code or recovery code').fill(recovery[0]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    const status = await page.request.get('/api/v1/account/two-factor');
    expect(await status.json()).toMatchObject({ enabled: true, recoveryCodesLeft: 9 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('holds an admin at the set-up page when the settings require it, until enrolled', async () => {
    // Through an API token: the admin's own cookie session would be held at enrolment too.
    const { token } = await api<{ token: string }>('POST', '/api/v1/tokens', { name: 'e2e 2fa' });
    const requireFor = async (value: string) => {
      const res = await fetch(`${stack.baseUrl}/api/v1/settings`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ requireTwoFactor: value }),
      });
      expect(res.status).toBe(200);
    };
    const rana = await createUser(api, 'rana', 'admin');
    await requireFor('admins');
    try {
      const { page, context, errors } = await openPage(stack);
      await passwordStep(page, rana);
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/two-factor-setup');
      // Another page sends back to the set-up.
      await page.goto('/time-entries');
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
      await page.getByRole('button', { name: 'Set up' }).click();
      const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
      await page.getByLabel('Code from the app').fill(codeOf(secret));
      await page.getByRole('button', { name: 'Turn on' }).click();
      await page.getByRole('button', { name: 'I have saved them' }).click();
      await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await requireFor('off');
    }
  });
});
