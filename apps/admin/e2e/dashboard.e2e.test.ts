import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, adminApi, openPage, type RunningStack, screenshot, signIn, startStack } from './support';

// Each test signs in with its own browser profile and makes the data it is about, so any one of
// them can run alone. The screenshots under test-results/screenshots are for people to look at.

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** Types into a searchable Select and picks the option; `scope` is the form (or dialog) it is in. */
async function pickOption(page: Page, label: string, option: string, scope: Page | Locator = page) {
  const input = scope.getByRole('textbox', { name: label, exact: true });
  await input.click();
  await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('the dashboard in a browser', () => {
  it('signs in, refusing a wrong password first', async () => {
    // A fresh install has sign-up closed; opened (settings.allowSelfRegister), the page offers it.
    const api = await adminApi(stack);
    await api('PATCH', '/api/v1/settings', { allowSelfRegister: true });
    const { page, context, errors } = await openPage(stack);
    await page.goto('/');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByRole('link', { name: 'Sign up' }).waitFor();
    await screenshot(page, 'sign-in');

    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password.').waitFor();

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText(`Hello, ${ADMIN.username}`).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('starts and stops a timer in one click each, with a live duration, and by keyboard', async () => {
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN);
    await pickOption(page, 'Project', 'General');
    await page.getByLabel('Notes').fill('Writing the e2e test');
    await page.getByRole('button', { name: 'Start timer' }).click();

    const running = page.getByTestId('running-timer');
    await running.waitFor();
    // While it runs, input in the page tells the server the person is active.
    const heartbeat = page.waitForRequest(
      (r) => r.url().endsWith('/api/v1/timer/heartbeat') && r.method() === 'POST',
    );
    await page.mouse.move(200, 300);
    await page.keyboard.press('Shift');
    expect((await (await heartbeat).response())?.status()).toBe(200);
    await expect.poll(() => running.textContent()).toContain('Writing the e2e test');
    const first = await page.getByRole('timer').textContent();
    await expect.poll(() => page.getByRole('timer').textContent(), { timeout: 5000 }).not.toBe(first);
    await screenshot(page, 'dashboard-timer-running');

    await running.getByRole('button', { name: 'Stop' }).click();
    await running.waitFor({ state: 'detached' });
    const recent = page.getByRole('region', { name: 'Recent entries' });
    await recent.getByText('Writing the e2e test').waitFor();

    // Alt+Shift+S starts with the project still picked, and stops again.
    const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/timer/start'));
    await page.keyboard.press('Alt+Shift+KeyS');
    expect((await started).status()).toBe(201);
    await running.waitFor();
    await page.waitForLoadState('networkidle'); // the refetches that follow a start
    await page.keyboard.press('Alt+Shift+KeyS');
    await running.waitFor({ state: 'detached' });
    await screenshot(page, 'dashboard');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('adds a time entry and edits it', async () => {
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/time-entries');
    await page.getByRole('heading', { name: 'Time entries' }).waitFor();
    await page.getByRole('button', { name: 'Add entry' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add time entry' });
    await dialog.getByRole('button', { name: 'Add entry' }).click();
    await dialog.getByText('Pick a project').waitFor(); // validated before anything is sent
    await pickOption(page, 'Project', 'General', dialog);
    await dialog.getByLabel('Notes').fill('Meeting with the client');
    await dialog.getByLabel('Tags').fill('meeting');
    await dialog.getByLabel('Tags').press('Enter');
    await screenshot(page, 'time-entry-form');
    await dialog.getByRole('button', { name: 'Add entry' }).click();
    await dialog.waitFor({ state: 'detached' });

    const table = page.getByRole('table', { name: 'Time entries' });
    const row = table.getByRole('row').filter({ hasText: 'Meeting with the client' });
    await row.waitFor();
    expect(await row.textContent()).toContain('1:00:00');
    // The tag as a badge (the text is the tag's name alone).
    expect(await row.getByText('meeting', { exact: true }).count()).toBe(1);

    await row.getByRole('button', { name: /^Edit entry/ }).click();
    const edit = page.getByRole('dialog', { name: 'Edit time entry' });
    await edit.getByLabel('Notes').fill('Meeting with the client, follow-up');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await table.getByText('Meeting with the client, follow-up').waitFor();
    await screenshot(page, 'time-entries');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('creates a client, then a project for it, then a task, with the API’s validation on the right field', async () => {
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/clients');
    await page.getByRole('button', { name: 'New client' }).click();
    let dialog = page.getByRole('dialog', { name: 'New client' });
    await dialog.getByLabel('Name').fill('Acme Rockets');
    await dialog.getByLabel('Email').fill('not-an-email');
    await dialog.getByLabel('Default hourly rate').fill('85.5');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await dialog.getByText(/email/i).first().waitFor();
    await dialog.getByLabel('Email').fill('billing@acme.test');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Clients' }).getByText('Acme Rockets').waitFor();
    await screenshot(page, 'clients');

    // A second client with the same name: the API's 409 is shown in the form.
    await page.getByRole('button', { name: 'New client' }).click();
    dialog = page.getByRole('dialog', { name: 'New client' });
    await dialog.getByLabel('Name').fill('acme rockets');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('button', { name: 'New project' }).click();
    dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Name').fill('Moon landing');
    await pickOption(page, 'Client', 'Acme Rockets', dialog);
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await dialog.waitFor({ state: 'detached' });
    const projectRow = page.getByRole('row').filter({ hasText: 'Moon landing' });
    await projectRow.waitFor();
    expect(await projectRow.textContent()).toContain('Acme Rockets');
    // No rate of its own (—): the client's 85.50 applies through the fallback, not as a copy
    // that would stay behind when the client's rate changes (docs/rates.md).
    expect(await projectRow.textContent()).toContain('—');
    expect(await projectRow.textContent()).not.toMatch(/85\.50/);

    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('button', { name: 'New task' }).click();
    dialog = page.getByRole('dialog', { name: 'New task' });
    await pickOption(page, 'Project', 'Moon landing', dialog);
    await dialog.getByLabel('Name').fill('Build the rocket');
    await dialog.getByLabel('Estimated hours').fill('12.5');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await dialog.waitFor({ state: 'detached' });
    const taskRow = page.getByRole('row').filter({ hasText: 'Build the rocket' });
    await taskRow.waitFor();
    expect(await taskRow.textContent()).toContain('Moon landing');
    await screenshot(page, 'tasks');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('generates an invoice from time, showing which entries it bills, and downloads its PDF', async () => {
    const api = await adminApi(stack);
    // A PDF with the fresh install's placeholder company is refused (409): fill it in first.
    await api('PATCH', '/api/v1/settings', {
      companyName: 'Harbour Studio',
      companyAddress: '1 Quay Street, Auckland',
    });
    const client = await api<{ id: number }>('POST', '/api/v1/clients', { name: 'Wayne Enterprises' });
    const project = await api<{ id: number }>('POST', '/api/v1/projects', {
      name: 'Invoice me',
      clientId: client.id,
      hourlyRate: '100.00',
      hourlyRateFrom: '2020-01-01',
    });
    await api('POST', '/api/v1/time-entries', {
      projectId: project.id,
      startTime: '2026-01-05T09:00:00Z',
      endTime: '2026-01-05T11:30:00Z',
      notes: 'Design review',
    });

    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/invoices');
    await page.getByRole('button', { name: 'New invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'New invoice' });
    await pickOption(page, 'Project', 'Invoice me', dialog);
    const preview = dialog.getByRole('region', { name: 'Entries to bill' });
    await preview.getByText('1 entry will be billed, 2:30:00 in all').waitFor();
    await preview.getByText('Design review').waitFor();
    await screenshot(page, 'invoice-new');
    await dialog.getByRole('button', { name: 'Create draft' }).click();
    await dialog.waitFor({ state: 'detached' }).catch(async (error: unknown) => {
      await screenshot(page, 'invoice-new-failed');
      throw error;
    });

    await page.getByRole('heading', { name: /^Invoice INV-/ }).waitFor();
    await expect.poll(() => page.getByTestId('invoice-total').textContent()).toMatch(/250\.00/);
    await page.getByRole('table', { name: 'Invoice lines' }).getByText('1 time entry').waitFor();
    await screenshot(page, 'invoice');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'PDF' }).click();
    const pdf = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of pdf) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('changes a setting and shows its effect: amounts in the new currency', async () => {
    const api = await adminApi(stack);
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/settings');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await pickOption(page, 'Currency', 'USD');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    await screenshot(page, 'settings');
    expect((await api<{ currency: string }>('GET', '/api/v1/settings')).currency).toBe('USD');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    const totals = page.getByRole('region', { name: 'Totals' });
    await expect.poll(() => totals.textContent()).toContain('$0.00 billable');
    await screenshot(page, 'dashboard-usd');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    await screenshot(page, 'dashboard-dark');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps a non-admin out of the admin screens', async () => {
    const api = await adminApi(stack);
    const worker = { username: 'worker.bee', password: 'a long enough password' };
    await api('POST', '/api/v1/users', { ...worker, role: 'user' });

    const { page, context, errors } = await openPage(stack, { mobile: true });
    await signIn(page, worker);
    await screenshot(page, 'dashboard-phone-non-admin');
    // The navigation (behind the burger on a phone) has no administration section.
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Time entries' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);

    for (const path of ['/settings', '/users', '/system']) {
      await page.goto(path);
      await page.getByText('This page is for administrators.').waitFor();
    }
    await screenshot(page, 'admin-only-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sends someone whose session ended back to sign in, then to the page they were on', async () => {
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/clients');
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    // Let the page's own requests finish first: one still in flight would meet the expired
    // session on /clients, which would then (rightly) be the page to come back to.
    await page.waitForLoadState('networkidle');
    await context.clearCookies(); // as if the session expired on the server

    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByText('Your session has ended.').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/reports');
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/reports');
    await screenshot(page, 'reports');
    expect(errors).toEqual([]);
    await context.close();
  });
});
