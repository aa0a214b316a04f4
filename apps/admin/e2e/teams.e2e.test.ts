import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  adminApi,
  ADMIN,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
  createUser,
} from './support';

// Teams and private projects (issue #18): an admin builds a team on the Teams page, opens a
// private project to it, and only its members find the project in the timer; and an admin sets a
// project's rate from a date, which the Reports screen applies from that day only.

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
});

afterAll(async () => {
  await stack?.stop();
});

const newUser = (username: string) => createUser(api, username);

async function pickMany(page: Page, scope: Locator, label: string, option: string) {
  const input = scope.getByRole('textbox', { name: label, exact: true });
  await input.click();
  await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
  await input.press('Escape');
}

describe('teams and private projects', () => {
  it('builds a team with a lead and a member, and a project private to it is offered to them only', async () => {
    const tara = await newUser('tara');
    const milo = await newUser('milo');
    const otto = await newUser('otto');
    const project = await api<{ id: number }>('POST', '/api/v1/projects', { name: 'Secret Garden' });

    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/');
    await page.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('heading', { name: 'Teams' }).waitFor();
    await page.getByRole('button', { name: 'New team' }).click();
    const dialog = page.getByRole('dialog', { name: 'New team' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Garden crew');
    await pickMany(page, dialog, 'Leads', tara.username);
    await pickMany(page, dialog, 'Members', milo.username);
    await screenshot(page, 'teams-form');
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page
      .getByRole('table', { name: 'Teams' })
      .getByRole('row')
      .filter({ hasText: 'Garden crew' });
    await row.getByText(milo.username).waitFor();
    expect(await row.getByText(tara.username).count()).toBe(1);
    await screenshot(page, 'teams-list');
    const teams = await api<{ items: { id: number; name: string; members: unknown[] }[] }>(
      'GET',
      '/api/v1/teams',
    );
    const team = teams.items.find((x) => x.name === 'Garden crew')!;
    expect(team.members).toEqual([
      { userId: milo.id, username: 'milo', isLead: false },
      { userId: tara.id, username: 'tara', isLead: true },
    ]);

    // The project form: private, open to the team.
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('button', { name: 'Edit Secret Garden' }).click();
    const form = page.getByRole('dialog', { name: 'Edit Secret Garden' });
    await form.getByText('Everyone may track time on it.').waitFor();
    await form
      .locator('label')
      .filter({ hasText: /^Private$/ })
      .click();
    await form.getByText('Only the people and teams chosen below may track time on it.').waitFor();
    await pickMany(page, form, 'Teams', 'Garden crew');
    await screenshot(page, 'teams-project-private');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    const saved = await api<{ visibility: string; teamIds: number[]; memberIds: number[] }>(
      'GET',
      `/api/v1/projects/${project.id}`,
    );
    expect(saved).toMatchObject({ visibility: 'private', teamIds: [team.id], memberIds: [] });
    expect(errors).toEqual([]);
    await context.close();

    // The member finds it in the timer's project picker; someone outside the team does not.
    const member = await openPage(stack);
    await signIn(member.page, milo, '/');
    const memberPicker = member.page.getByRole('textbox', { name: 'Project', exact: true });
    await memberPicker.click();
    await memberPicker.fill('Secret');
    await member.page.getByRole('option', { name: 'Secret Garden', exact: true }).waitFor();
    await screenshot(member.page, 'teams-member-picker');
    expect(member.errors).toEqual([]);
    await member.context.close();

    const outsider = await openPage(stack);
    await signIn(outsider.page, otto, '/');
    const outsiderPicker = outsider.page.getByRole('textbox', { name: 'Project', exact: true });
    await outsiderPicker.click();
    await outsiderPicker.fill('Secret');
    await outsider.page.getByText('No project matches').waitFor();
    expect(await outsider.page.getByRole('option', { name: 'Secret Garden' }).count()).toBe(0);
    await screenshot(outsider.page, 'teams-outsider-picker');
    expect(outsider.errors).toEqual([]);
    await outsider.context.close();
  });

  it('lets an accountant read the teams without changing them, and keeps a plain user out', async () => {
    const password = 'amber-lantern-4242';
    const ada = { username: 'ada', password };
    await api('POST', '/api/v1/users', { ...ada, role: 'accountant' });
    const ugo = await newUser('ugo');
    await api('POST', '/api/v1/teams', { name: 'Ledger crew', members: [{ userId: ugo.id, isLead: false }] });

    const { page, context, errors } = await openPage(stack);
    await signIn(page, ada, '/');
    await page.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('row').filter({ hasText: 'Ledger crew' }).getByText('ugo').waitFor();
    expect(await page.getByRole('button', { name: 'New team' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Actions for Ledger crew' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();

    const plain = await openPage(stack);
    await signIn(plain.page, ugo, '/teams');
    await plain.page.getByRole('alert').getByText('Admins only').waitFor();
    expect(await plain.page.getByRole('link', { name: 'Teams' }).count()).toBe(0);
    expect(plain.errors).toEqual([]);
    await plain.context.close();
  });

  it('shows the teams as cards on a phone', async () => {
    const ana = await newUser('ana');
    await api('POST', '/api/v1/teams', { name: 'Phone crew', members: [{ userId: ana.id, isLead: true }] });
    const { page, context, errors } = await openPage(stack, { mobile: true });
    await signIn(page, ADMIN, '/teams');
    const row = page.getByRole('row').filter({ hasText: 'Phone crew' });
    await row.getByText('ana').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'teams-phone');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('rates from a date', () => {
  it("sets a project's rate from a date, and reports price only later entries at it", async () => {
    const project = await api<{ id: number }>('POST', '/api/v1/projects', {
      name: 'Rated work',
      hourlyRate: '100.00',
      hourlyRateFrom: '2026-01-01',
    });
    for (const day of ['2026-03-02', '2026-03-16']) {
      await api('POST', '/api/v1/time-entries', {
        projectId: project.id,
        startTime: `${day}T09:00:00Z`,
        endTime: `${day}T10:00:00Z`,
      });
    }

    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/projects?q=Rated');
    const row = page.getByRole('row').filter({ hasText: 'Rated work' });
    await row.getByRole('button', { name: 'Rates' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rates of Rated work' });
    const history = dialog.getByRole('table', { name: 'Rate history' });
    await history.getByRole('row').nth(1).waitFor();
    await dialog.getByRole('textbox', { name: 'Per hour' }).fill('150');
    await dialog.getByLabel('From').fill('2026-03-10');
    await dialog.getByRole('button', { name: 'Set rate' }).click();
    await expect.poll(() => history.getByRole('row').count()).toBe(3);
    await history.getByText('150.00').waitFor();
    await screenshot(page, 'rates-history');
    await dialog
      .getByRole('button', { name: 'Close' })
      .click()
      .catch(() => page.keyboard.press('Escape'));

    await page.goto(`/reports?period=custom&from=2026-03-01&to=2026-03-31&project=${project.id}&group=day`);
    const table = page.getByRole('table', { name: 'Report' });
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    // The Amount column (day, hours, billable hours, break, amount): the old rate before the
    // day the new one starts, the new rate from that day.
    const amount = (i: number) => rows.nth(i).getByRole('cell').nth(4).textContent();
    const day = (i: number) => rows.nth(i).getByRole('cell').nth(0).textContent();
    await expect.poll(() => day(0)).toBe('2026-03-02');
    await expect.poll(() => day(1)).toBe('2026-03-16');
    await expect.poll(() => amount(0)).toBe('€100.00');
    await expect.poll(() => amount(1)).toBe('€150.00');
    await page.getByLabel('Report totals').getByText('€250.00').first().waitFor();
    await screenshot(page, 'rates-report');
    expect(errors).toEqual([]);
    await context.close();
  });
});
