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
} from './support';

// Budgets in the dashboard (issue #18 §3, docs/budgets.md): a project's and a client's progress
// on their list pages and in a report filtered to them, money only for those who may see rates;
// and the budget settings saved from the Settings form.

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
});

afterAll(async () => {
  await stack?.stop();
});

/** A finished entry of `hours` on the project, made through the API (the admin's own time). */
const track = (projectId: number, start: string, hours: number) =>
  api('POST', '/api/v1/time-entries', {
    projectId,
    startTime: start,
    endTime: new Date(Date.parse(start) + hours * 3600_000).toISOString(),
  });

describe('budget progress', () => {
  it('shows the project budget on the Projects page, the client budget on Clients and in Reports', async () => {
    const client = await api<{ id: number }>('POST', '/api/v1/clients', { name: 'Harbour Ltd' });
    const project = await api<{ id: number }>('POST', '/api/v1/projects', {
      name: 'Harbour Site',
      clientId: client.id,
      hourlyRate: '100.00',
      hourlyRateFrom: '2020-01-01',
    });
    const budget = await api<{ id: number }>('POST', '/api/v1/budgets', {
      projectId: project.id,
      hours: '10',
      amount: '800.00',
    });
    const clientBudget = await api<{ id: number }>('POST', '/api/v1/budgets', {
      clientId: client.id,
      hours: '40',
      period: 'monthly',
    });
    // 6 h this month: 60 % of the project's 10 h, 600.00 of 800.00 (75 %), 15 % of the client's 40 h.
    const start = new Date();
    start.setUTCDate(1);
    start.setUTCHours(8, 0, 0, 0);
    await track(project.id, start.toISOString(), 6);

    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/projects');
    const row = page
      .getByRole('table', { name: 'Projects' })
      .getByRole('row')
      .filter({ hasText: 'Harbour Site' });
    const hours = row.getByTestId(`budget-hours-${budget.id}`);
    await hours.waitFor();
    expect(await hours.textContent()).toMatch(/^6 h of 10 h \(60 %\)$/);
    expect(await row.getByTestId(`budget-money-${budget.id}`).textContent()).toMatch(
      /600\.00 .*800\.00 .*\(75 %\)/,
    );
    expect(await row.getByTestId(`budget-progress-${budget.id}`).getByText('Whole life').count()).toBe(1);
    expect(await row.getByRole('progressbar').first().getAttribute('aria-valuenow')).toBe('60');
    await screenshot(page, 'budgets-projects-page');

    await page.goto('/clients');
    const clientRow = page
      .getByRole('table', { name: 'Clients' })
      .getByRole('row')
      .filter({ hasText: 'Harbour Ltd' });
    await clientRow.getByTestId(`budget-hours-${clientBudget.id}`).waitFor();
    expect(await clientRow.getByTestId(`budget-hours-${clientBudget.id}`).textContent()).toBe(
      '6 h of 40 h (15 %)',
    );
    expect(await clientRow.getByText('This month').count()).toBe(1);

    // A report filtered to the project shows its budget; with no filter there is none.
    await page.goto(`/reports?project=${project.id}`);
    const card = page.getByRole('region', { name: 'Budget of Harbour Site' });
    await card.getByTestId(`budget-hours-${budget.id}`).waitFor();
    await page.goto(`/reports?client=${client.id}`);
    await page.getByRole('region', { name: 'Budget of Harbour Ltd' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // A plain user sees the hours, never the money.
    const plain = await createUser(api, 'bettyviewer');
    const user = await openPage(stack);
    await signIn(user.page, plain, '/projects');
    const theirRow = user.page.getByRole('row').filter({ hasText: 'Harbour Site' });
    await theirRow.getByTestId(`budget-hours-${budget.id}`).waitFor();
    expect(await theirRow.getByTestId(`budget-money-${budget.id}`).count()).toBe(0);
    expect(user.errors).toEqual([]);
    await user.context.close();
  });
});

describe('budget settings', () => {
  it('saves thresholds and the refusal from the Settings form, and explains a bad list', async () => {
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/settings');
    const section = page.getByRole('region', { name: 'Budgets' });
    const thresholds = section.getByRole('textbox', { name: 'Notify at (percent)' });
    expect(await thresholds.inputValue()).toBe('50, 80, 100');

    await thresholds.fill('80, 50');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await section.getByText('List each percentage once, in ascending order').waitFor();
    expect((await api<{ budgetThresholds: number[] }>('GET', '/api/v1/settings')).budgetThresholds).toEqual([
      50, 80, 100,
    ]);

    await thresholds.fill('75, 100, 120');
    // By keyboard: the sticky header and save bar lie over a switch scrolled to an edge.
    const refuse = section.getByRole('switch', { name: 'Refuse time past 100 %' });
    await refuse.focus();
    await page.keyboard.press('Space');
    expect(await refuse.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    const saved = await api<{ budgetThresholds: number[]; budgetRefuseOver: boolean }>(
      'GET',
      '/api/v1/settings',
    );
    expect(saved).toMatchObject({ budgetThresholds: [75, 100, 120], budgetRefuseOver: true });
    await screenshot(page, 'budgets-settings');

    // What was saved is what the form shows after a reload.
    await page.reload();
    expect(await page.getByRole('textbox', { name: 'Notify at (percent)' }).inputValue()).toBe(
      '75, 100, 120',
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
