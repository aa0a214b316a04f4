import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ADMIN,
  adminApi,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
  createUser,
} from './support';

// My account and first run (issue #17 §1). The stack is a fresh install that no test here
// changes the settings of; each test has its own user, so they run alone and in any order.

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;
let projectId: number;

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
  const projects = await api<{ items: { id: number; name: string }[] }>('GET', '/api/v1/projects');
  projectId = projects.items.find((p) => p.name === 'General')!.id;
});

afterAll(async () => {
  await stack?.stop();
});

const newUser = (username: string) => createUser(api, username);

/** Types into a searchable Select and picks the option. */
async function pickOption(page: Page, scope: Locator, label: string, type: string | null, option: string) {
  const input = scope.getByRole('textbox', { name: label, exact: true });
  await input.click();
  if (type !== null) await input.fill(type);
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('my account', () => {
  it('changes the time zone and clock, and times on the entries list change with them', async () => {
    const kiri = await newUser('kiri');
    await api('POST', '/api/v1/time-entries', {
      userId: kiri.id,
      projectId,
      startTime: '2026-12-01T08:00:00Z',
      endTime: '2026-12-01T09:00:00Z',
      notes: 'Planning',
    });
    const { page, context, errors } = await openPage(stack);
    await signIn(page, kiri, '/time-entries');
    const row = page.getByRole('row').filter({ hasText: 'Planning' });
    // The company's zone (Rome, UTC+1 in December), 24-hour clock.
    await row.getByText('09:00–10:00').waitFor();

    await page.getByRole('button', { name: 'Account: kiri' }).click();
    await page.getByRole('menuitem', { name: 'My account' }).click();
    const prefs = page.getByRole('region', { name: 'Preferences' });
    await pickOption(page, prefs, 'Time zone', 'Auckland', 'Pacific/Auckland');
    await pickOption(page, prefs, 'Clock', null, '12-hour (2:30 PM)');
    await prefs.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Preferences saved').waitFor();
    await screenshot(page, 'account');

    // Auckland is UTC+13 in December: 08:00 UTC is 9:00 PM there.
    await page.getByRole('link', { name: 'Time entries' }).click();
    await row.getByText('9:00 PM–10:00 PM').waitFor();
    const saved = await page.request.get('/api/v1/account/preferences');
    expect(await saved.json()).toMatchObject({ timezone: 'Pacific/Auckland', clock: '12h' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('changes the password, and another signed-in browser is signed out', async () => {
    const tama = await newUser('tama');
    const here = await openPage(stack);
    const there = await openPage(stack);
    await signIn(there.page, tama, '/time-entries');
    await signIn(here.page, tama, '/account');

    const sessions = here.page.getByRole('region', { name: 'Sessions' });
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(2);
    await sessions.getByText('This device').waitFor();

    const password = here.page.getByRole('region', { name: 'Password' });
    await password.getByLabel('Current password').fill('not-my-password');
    await password.getByLabel(/^New password\s*\*?$/).fill('copper-meadow-9034');
    await password.getByLabel('New password again').fill('copper-meadow-9034');
    await password.getByRole('button', { name: 'Change password' }).click();
    await password.getByText('This is not your current password').waitFor();

    await password.getByLabel('Current password').fill(tama.password);
    await password.getByRole('button', { name: 'Change password' }).click();
    await here.page.getByText('Signed out 1 other session and revoked 0 API tokens.').waitFor();
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(1);

    // The other browser learns it on its next request.
    await there.page.getByRole('link', { name: 'Dashboard' }).click();
    await there.page.waitForURL(/\/sign-in\?/);
    await there.page.getByLabel('Username').waitFor();
    expect(here.errors).toEqual([]);
    await here.context.close();
    await there.context.close();
  });

  it('fits a phone: the account page at 390 px', async () => {
    const mere = await newUser('mere');
    const { page, context, errors } = await openPage(stack, { mobile: true });
    await signIn(page, mere, '/account');
    await page.getByRole('region', { name: 'Sessions' }).getByText('This device').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'account-phone');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('first run', () => {
  it('shows an admin the checklist on a fresh install, linking to where each thing is done', async () => {
    for (const mobile of [false, true]) {
      const { page, context, errors } = await openPage(stack, { mobile });
      await signIn(page, ADMIN, '/');
      const checklist = page.getByRole('region', { name: 'Set up TimeTracker' });
      await checklist.getByText('Company name and address are still the placeholders').waitFor();
      await expect.poll(() => checklist.getByRole('link', { name: 'Add' }).count()).toBe(2);
      expect(await checklist.getByRole('button', { name: 'Hide this list' }).count()).toBe(0);
      if (mobile) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      }
      await screenshot(page, mobile ? 'first-run-phone' : 'first-run');
      if (!mobile) {
        await checklist.getByRole('link', { name: 'Fill in' }).click();
        await page.getByRole('heading', { name: 'Company' }).waitFor();
        expect(page.url()).toContain('/settings#settings-company');
      }
      expect(errors).toEqual([]);
      await context.close();
    }
    // A plain user sees no checklist.
    const rua = await newUser('rua');
    const { page, context } = await openPage(stack);
    await signIn(page, rua, '/');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await page.getByRole('region', { name: 'Set up TimeTracker' }).count()).toBe(0);
    await context.close();
  });
});
