import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  adminApi,
  ADMIN,
  createUser,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
  userApi,
} from './support';

// User and project-member rates from the dashboard (issue #18 §2): an admin sets them from a
// date on the Users page and on a project's rates, and the Reports page prices time at them
// from that date only.

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
});

afterAll(async () => {
  await stack?.stop();
});

/** A project of no client and no rate, and an hour of `who`'s time on each day. */
async function hoursOn(name: string, who: { username: string; password: string }, days: string[]) {
  const project = await api<{ id: number }>('POST', '/api/v1/projects', { name });
  const own = await userApi(stack, who);
  for (const day of days)
    await own('POST', '/api/v1/time-entries', {
      projectId: project.id,
      startTime: `${day}T09:00:00Z`,
      endTime: `${day}T10:00:00Z`,
    });
  return project.id;
}

/** The Amount cells of the report's rows, by day (day, hours, billable hours, break, amount). */
async function amountsByDay(page: Page, rows: number) {
  const body = page.getByRole('table', { name: 'Report' }).locator('tbody tr');
  await expect.poll(() => body.count()).toBe(rows);
  const out: Record<string, string | null> = {};
  for (let i = 0; i < rows; i++) {
    const cells = body.nth(i).getByRole('cell');
    out[(await cells.nth(0).textContent())!] = await cells.nth(4).textContent();
  }
  return out;
}

describe('user and member rates', () => {
  it("sets a user's rate from a date on the Users page; reports price their time from that date", async () => {
    const rhea = await createUser(api, 'rhea');
    const project = await hoursOn('Rhea work', rhea, ['2026-03-02', '2026-03-16']);

    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/users?q=rhea');
    await page.getByRole('button', { name: 'Rates of rhea' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rates of rhea' });
    await dialog.getByText('No rates yet.').waitFor();
    // Users have no member picker: the rate is theirs on every project.
    expect(await dialog.getByRole('textbox', { name: 'For a member' }).count()).toBe(0);
    await dialog.getByRole('textbox', { name: 'Per hour' }).fill('80');
    await dialog.getByLabel('From').fill('2026-03-10');
    await dialog.getByRole('button', { name: 'Set rate' }).click();
    const history = dialog.getByRole('table', { name: 'Rate history' });
    const row = history.getByRole('row').filter({ hasText: '€80.00' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Billable\s+User\s+/);
    await screenshot(page, 'rates-user');
    const rates = await api<{ items: { userId: number; projectId: number | null; effectiveFrom: string }[] }>(
      'GET',
      `/api/v1/rates?userId=${rhea.id}`,
    );
    expect(rates.items).toMatchObject([{ userId: rhea.id, projectId: null, effectiveFrom: '2026-03-10' }]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.goto(`/reports?period=custom&from=2026-03-01&to=2026-03-31&project=${project}&group=day`);
    // Before 10 March rhea's time has no rate (no amount); from then on 80.00 an hour.
    expect(await amountsByDay(page, 2)).toEqual({ '2026-03-02': '€0.00', '2026-03-16': '€80.00' });
    await page.getByLabel('Report totals').getByText('€80.00').first().waitFor();
    await screenshot(page, 'rates-user-report');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("sets a member's rate on a project, which beats the member's own rate there", async () => {
    const milo = await createUser(api, 'milo-rates');
    const project = await hoursOn('Member work', milo, ['2026-03-02', '2026-03-16']);
    await api('POST', '/api/v1/rates', {
      kind: 'billable',
      userId: milo.id,
      effectiveFrom: '2026-01-01',
      amount: '50.00',
    });

    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/projects?q=Member%20work');
    await page
      .getByRole('row')
      .filter({ hasText: 'Member work' })
      .getByRole('button', { name: 'Rates' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Rates of Member work' });
    await dialog.getByText('No rates yet.').waitFor();
    const member = dialog.getByRole('textbox', { name: 'For a member' });
    await member.click();
    await member.fill('milo-rates');
    await page.getByRole('option', { name: 'milo-rates', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Per hour' }).fill('120.5');
    await dialog.getByLabel('From').fill('2026-03-10');
    await dialog.getByRole('button', { name: 'Set rate' }).click();
    const row = dialog
      .getByRole('table', { name: 'Rate history' })
      .getByRole('row')
      .filter({ hasText: '€120.50' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Member: milo-rates');
    await screenshot(page, 'rates-member');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.goto(`/reports?period=custom&from=2026-03-01&to=2026-03-31&project=${project}&group=day`);
    // Before 10 March milo's own rate (50.00); from then on the member rate on this project.
    expect(await amountsByDay(page, 2)).toEqual({ '2026-03-02': '€50.00', '2026-03-16': '€120.50' });
    await screenshot(page, 'rates-member-report');
    expect(errors).toEqual([]);
    await context.close();
  });
});
