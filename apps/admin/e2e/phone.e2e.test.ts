import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import path from 'node:path';

import {
  ADMIN,
  adminApi,
  openPage,
  type RunningStack,
  SCREENSHOT_DIR,
  screenshot,
  signIn,
  startStack,
} from './support';

// A phone is 390 px wide: lists read as cards there and nothing scrolls sideways or is cut off.

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** How far the page, or any table container in it, scrolls sideways (0: everything fits). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const boxes = [document.documentElement, ...Array.from(document.querySelectorAll('table'))].map((el) => {
      const box = el.tagName === 'TABLE' ? (el.closest('.phone-cards') ?? el) : el;
      return box.scrollWidth - box.clientWidth;
    });
    return Math.max(...boxes);
  });
}

/** The right edge of the furthest-right thing in a row (a value cut off lies beyond 390). */
function rightmostEdge(row: Locator): Promise<number> {
  return row.evaluate((el) =>
    Math.max(...[el, ...Array.from(el.querySelectorAll('*'))].map((e) => e.getBoundingClientRect().right)),
  );
}

/** Elements of a row whose content runs past their own box (a long word not broken). */
function overflowingInside(row: Locator): Promise<string[]> {
  return row.evaluate((el) =>
    Array.from(el.querySelectorAll('td *'))
      .filter((e) => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)
      .map((e) => (e.textContent ?? '').slice(0, 40)),
  );
}

describe('on a phone', () => {
  it('shows time entries and invoice lines as cards, each value labelled, without sideways scrolling', async () => {
    const api = await adminApi(stack);
    const client = await api<{ id: number }>('POST', '/api/v1/clients', { name: 'Phone Client' });
    const project = await api<{ id: number }>('POST', '/api/v1/projects', {
      name: 'Phone project with a long name',
      clientId: client.id,
      hourlyRate: '100.00',
      hourlyRateFrom: '2020-01-01',
    });
    await api('POST', '/api/v1/time-entries', {
      projectId: project.id,
      startTime: '2026-01-05T09:00:00Z',
      endTime: '2026-01-05T11:30:00Z',
      notes: 'Reviewing the quarterly figures with the whole finance team',
      tags: ['review'],
    });
    const invoice = await api<{ id: number }>('POST', '/api/v1/invoices', { projectId: project.id });
    await api('POST', `/api/v1/invoices/${invoice.id}/items`, {
      description: 'Hosting for the whole of January, including backups',
      quantity: '1.00',
      unitPrice: '1250.00',
    });

    const { page, context, errors } = await openPage(stack, { mobile: true });
    await signIn(page, ADMIN, '/time-entries');
    const entries = page.getByRole('table', { name: 'Time entries' });
    const entry = entries.getByRole('row').filter({ hasText: 'Reviewing the quarterly figures' });
    await entry.waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    // A card: its cells one under another, each with its column's name.
    const duration = entry.getByRole('cell').filter({ hasText: '2:30:00' });
    expect(await duration.getAttribute('data-label')).toBe('Duration');
    const cells = await entry
      .getByRole('cell')
      .evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect()).filter((r) => r.height > 0));
    expect(new Set(cells.map((c) => Math.round(c.left))).size).toBe(1);
    expect(await rightmostEdge(entry)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-time-entries');

    await page.goto(`/invoices/${invoice.id}`);
    const lines = page.getByRole('table', { name: 'Invoice lines' });
    const line = lines.getByRole('row').filter({ hasText: 'Hosting for the whole of January' });
    await line.waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await line.locator('td[data-label="Amount"]').textContent()).toContain('1,250.00');
    expect(await rightmostEdge(line)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-invoice');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows clients, projects, tasks and users as cards, with their actions in reach', async () => {
    const api = await adminApi(stack);
    const client = await api<{ id: number }>('POST', '/api/v1/clients', {
      name: 'Cardiff Consolidated Widget Manufacturing',
      contactPerson: 'Bartholomew Featherstonehaugh',
      email: 'bartholomew.featherstonehaugh@cardiff-widgets.example',
      defaultHourlyRate: '95.00',
      defaultHourlyRateFrom: '2020-01-01',
    });
    const project = await api<{ id: number }>('POST', '/api/v1/projects', {
      name: 'Card project for the new warehouse layout',
      clientId: client.id,
    });
    const user = await api<{ id: number }>('POST', '/api/v1/users', {
      username: 'maximiliana.card-holder',
      password: 'amber-lantern-4242',
    });
    await api('POST', '/api/v1/tasks', {
      projectId: project.id,
      name: 'Measure every aisle of the warehouse twice',
      assignedTo: user.id,
      dueDate: '2026-12-24',
    });

    const { page, context, errors } = await openPage(stack, { mobile: true });
    await signIn(page, ADMIN, '/clients');
    const pages = [
      [
        '/clients',
        'Clients',
        'Cardiff Consolidated',
        'Default rate',
        'Edit Cardiff Consolidated Widget Manufacturing',
      ],
      [
        '/projects',
        'Projects',
        'Card project for the new',
        'Client',
        'Edit Card project for the new warehouse layout',
      ],
      [
        '/tasks',
        'Tasks',
        'Measure every aisle',
        'Assigned to',
        'Edit Measure every aisle of the warehouse twice',
      ],
      ['/users', 'Users', 'maximiliana.card-holder', 'Last sign-in', 'Edit maximiliana.card-holder'],
    ] as const;
    for (const [path, table, text, label, edit] of pages) {
      await page.goto(path);
      const row = page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text });
      await row.waitFor();
      // Nothing scrolls sideways, the page or its table.
      expect(
        await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth),
      ).toBeLessThanOrEqual(0);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      // A card: its cells one under another, labelled, none past the right edge.
      expect(await row.locator(`td[data-label="${label}"]`).isVisible()).toBe(true);
      const cells = await row
        .getByRole('cell')
        .evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect()).filter((r) => r.height > 0));
      expect(cells.length).toBeGreaterThan(3);
      expect(new Set(cells.map((c) => Math.round(c.left))).size).toBe(1);
      expect(await rightmostEdge(row)).toBeLessThanOrEqual(390);
      expect(await overflowingInside(row)).toEqual([]);
      await screenshot(page, `phone${path.replace('/', '-')}`);
      // Its actions are in reach: the edit button opens the form.
      await row.getByRole('button', { name: edit }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows report amounts as an invoice would charge them, the choice and its note fitting the screen', async () => {
    const api = await adminApi(stack);
    const client = await api<{ id: number }>('POST', '/api/v1/clients', { name: 'Rounding Client' });
    const project = await api<{ id: number }>('POST', '/api/v1/projects', {
      name: 'Rounding',
      clientId: client.id,
      hourlyRate: '97.53',
      hourlyRateFrom: '2020-01-01',
    });
    // 1001 s + 4523 s at 97.53/h: exactly 149.65; one invoice line per entry bills 27.12 + 122.54.
    for (const [start, end] of [
      ['2026-02-02T09:00:00Z', '2026-02-02T09:16:41Z'],
      ['2026-02-03T09:00:00Z', '2026-02-03T10:15:23Z'],
    ]) {
      await api('POST', '/api/v1/time-entries', { projectId: project.id, startTime: start, endTime: end });
    }

    const { page, context, errors } = await openPage(stack, { mobile: true });
    await signIn(page, ADMIN, `/reports?period=custom&from=2026-02-01&to=2026-02-28&project=${project.id}`);
    const totals = page.getByLabel('Report totals');
    // The billable amount; with no cost rate the margin is the same figure.
    const amount = totals.getByRole('group', { name: 'Billable amount' });
    await amount.getByText('€149.65').waitFor();
    await page.getByText('exact price of the billable time').waitFor();

    await page.getByRole('textbox', { name: 'Amounts', exact: true }).click();
    await page.getByRole('option', { name: 'As invoiced per entry', exact: true }).click();
    await amount.getByText('€149.66').waitFor();
    await page.getByText('an invoice with one line per time entry would charge').waitFor();
    expect(new URL(page.url()).searchParams.get('amounts')).toBe('entry');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-reports-as-invoiced');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('hides the keyboard-shortcut hints on a touch screen', async () => {
    const api = await adminApi(stack);
    const projects = await api<{ items: { id: number; name: string }[] }>('GET', '/api/v1/projects');
    await api('POST', '/api/v1/favourites', { projectId: projects.items[0]!.id, notes: 'Hint check' });
    const { page, context, errors } = await openPage(stack, { mobile: true, touch: true });
    await signIn(page, ADMIN);
    await page.getByRole('button', { name: 'Start timer' }).waitFor();
    await page.getByRole('button', { name: /^Start favourite 1:/ }).waitFor();
    expect(await page.getByText('starts or stops').isVisible()).toBe(false);
    expect(await page.getByText('starts one').isVisible()).toBe(false);
    // The visible screen only: a full-page screenshot resizes the page without the touch
    // emulation, and the hints come back in the picture.
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-touch-dashboard.png') });
    expect(errors).toEqual([]);
    await context.close();

    // With a mouse and keyboard, they are there.
    const desktop = await openPage(stack);
    await signIn(desktop.page, ADMIN);
    await desktop.page.getByText('starts or stops').waitFor();
    await desktop.page.getByText('starts one').waitFor();
    await desktop.context.close();
  });
});

describe('the settings page', () => {
  it('keeps the Save button above the fields that scroll under it', async () => {
    const { page, context, errors } = await openPage(stack, { mobile: true });
    await signIn(page, ADMIN, '/settings');
    const save = page.getByRole('button', { name: 'Save settings' });
    await save.waitFor();
    // Times read on the 24-hour clock the rest of the app uses, whatever the browser's locale.
    // A native time input shows "02:00 AM" in an en-US browser; the app's own picker does not.
    expect(await page.locator('input[type="time"]').count()).toBe(0);
    expect(await page.getByText(/\b(AM|PM)\b/).count()).toBe(0);
    // Scroll the number field's up/down controls (a positioned input section) right behind the
    // Save button, then ask the browser what a tap there would hit.
    const field = page.getByLabel('Keep backups for (days)');
    const hit = await field.evaluate((input) => {
      const save = Array.from(document.querySelectorAll('button')).find(
        (b) => b.textContent === 'Save settings',
      )!;
      const controls = input.parentElement!.querySelector('[data-position="right"]') ?? input;
      const target = () => controls.getBoundingClientRect();
      const button = () => save.getBoundingClientRect();
      window.scrollBy(0, target().top + target().height / 2 - (button().top + button().height / 2));
      const x = Math.min(target().left + target().width / 2, button().right - 2);
      const y = button().top + button().height / 2;
      return document.elementFromPoint(x, y)?.closest('button')?.textContent ?? null;
    });
    expect(hit).toBe('Save settings');
    await screenshot(page, 'phone-settings');
    expect(errors).toEqual([]);
    await context.close();
  });
});
