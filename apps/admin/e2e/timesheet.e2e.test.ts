import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ADMIN,
  adminApi,
  createUser,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
  userApi,
} from './support';

// The week timesheet (issue #17 §2): typed with the keyboard alone, last week's rows copied, a
// locked cell read-only with its reason, and a phone showing one day at a time. Each test has its
// own user, so they run alone and in any order. The week is that of Monday 2026-11-30 (UTC here).

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;
let projectId: number;
let taskId: number;

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
  const projects = await api<{ items: { id: number; name: string }[] }>('GET', '/api/v1/projects');
  projectId = projects.items.find((p) => p.name === 'General')!.id;
  taskId = (await api<{ id: number }>('POST', '/api/v1/tasks', { projectId, name: 'Design' })).id;
  await api('POST', '/api/v1/projects', { name: 'Website' });
});

afterAll(async () => {
  await stack?.stop();
});

const newUser = (username: string) => createUser(api, username);

const entry = (userId: number, startTime: string, endTime: string, extra: object = {}) =>
  api<{ id: number }>('POST', '/api/v1/time-entries', { userId, projectId, startTime, endTime, ...extra });

const sheet = (page: Page) => page.getByRole('table', { name: 'Timesheet' });
const cell = (page: Page, row: string, day: string) =>
  sheet(page).getByLabel(`${row}, ${day}`, { exact: true });

describe('the week timesheet', () => {
  it('is typed with the keyboard alone, copies last week’s rows, and keeps a billed day read-only', async () => {
    const tess = await newUser('tess');
    await entry(tess.id, '2026-11-24T09:00:00Z', '2026-11-24T10:00:00Z'); // last week: General
    const billed = await entry(tess.id, '2026-12-02T09:00:00Z', '2026-12-02T10:00:00Z', { taskId });
    const invoice = await api<{ invoiceNumber: string }>('POST', '/api/v1/invoices', {
      projectId,
      clientName: 'Acme',
      generate: { entryIds: [billed.id], unitPrice: '10.00' },
    });

    const { page, context, errors } = await openPage(stack);
    await signIn(page, tess, '/timesheet?week=2026-12-03');
    await page.getByRole('heading', { name: 'Timesheet' }).waitFor();
    await sheet(page).waitFor();
    await expect.poll(() => sheet(page).getByRole('row').count()).toBe(3); // head, Design, foot

    await page.getByRole('button', { name: 'Copy last week’s rows' }).click();
    await page.getByText('Added 1 row from last week').waitFor();
    const monday = cell(page, 'General', 'Monday, November 30');
    await monday.waitFor();

    // 1:30 on Monday, → to Tuesday, 90m, Enter: both saved, totals follow.
    await monday.focus();
    await page.keyboard.type('1:30');
    await page.keyboard.press('ArrowRight');
    const tuesday = cell(page, 'General', 'Tuesday, December 1');
    await expect.poll(() => tuesday.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('90m');
    await page.keyboard.press('Enter');
    const weekTotal = sheet(page).getByLabel('Week total');
    await expect.poll(() => weekTotal.textContent()).toBe('4:00');
    await expect
      .poll(() => sheet(page).getByLabel('Total of General', { exact: true }).textContent())
      .toBe('3:00');
    await expect
      .poll(() => sheet(page).getByLabel('Total of Tuesday, December 1').textContent())
      .toBe('1:30');
    expect(await monday.inputValue()).toBe('1:30');
    await page.getByText('4:00 h of 40:00 h this week').waitFor();
    const saved = await api<{ items: { durationSeconds: number; startTime: string }[] }>(
      'GET',
      `/api/v1/time-entries?userId=${tess.id}&from=2026-11-30T00:00:00Z&to=2026-12-02T00:00:00Z&sort=startTime`,
    );
    expect(saved.items.map((e) => [e.startTime, e.durationSeconds])).toEqual([
      ['2026-11-30T08:00:00.000Z', 5400], // 09:00 in the settings zone (Europe/Rome)
      ['2026-12-01T08:00:00.000Z', 5400],
    ]);

    // Not a time: the message shows in the cell, the text stays; Escape puts the saved time back.
    const wednesday = cell(page, 'General', 'Wednesday, December 2');
    await wednesday.focus();
    await page.keyboard.type('1h3o');
    await page.keyboard.press('Enter');
    await page.getByText('Type a time such as 1:30, 1.5 or 90m').waitFor();
    expect(await wednesday.inputValue()).toBe('1h3o');
    expect(await wednesday.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => wednesday.inputValue()).toBe('');

    // The billed day: read-only, and it says why.
    const locked = cell(page, 'General · Design', 'Wednesday, December 2');
    expect(await locked.getAttribute('readonly')).not.toBeNull();
    expect(await locked.inputValue()).toBe('1:00');
    await locked.hover();
    await page.getByText(`Billed on draft invoice ${invoice.invoiceNumber}`).waitFor();
    await locked.focus();
    await page.keyboard.type('5');
    expect(await locked.inputValue()).toBe('1:00');

    // Add a row with the picker: it appears without time.
    await page.getByRole('button', { name: 'Add row' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a row' });
    await dialog.getByLabel('Project').click();
    await page.getByRole('option', { name: 'Website' }).click();
    await dialog.getByRole('button', { name: 'Add row' }).click();
    await cell(page, 'Website', 'Friday, December 4').waitFor();
    await screenshot(page, 'timesheet');

    // Previous week: the copied-from week with its hour.
    await page.getByRole('button', { name: 'Previous week' }).click();
    await expect.poll(() => sheet(page).getByLabel('Week total').textContent()).toBe('1:00');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows one day at a time on a phone, typed in without sideways scrolling', async () => {
    const pia = await newUser('pia');
    await entry(pia.id, '2026-12-01T09:00:00Z', '2026-12-01T11:00:00Z');
    await entry(pia.id, '2026-12-01T11:00:00Z', '2026-12-01T12:00:00Z', { taskId });
    const { page, context, errors } = await openPage(stack, { mobile: true, touch: true });
    await signIn(page, pia, '/timesheet?week=2026-11-30');
    await page.getByRole('heading', { name: 'Timesheet' }).waitFor();
    const tuesdayRadio = page.getByRole('radio', { name: /Tue\s*1/ });
    await page.locator(`label[for="${await tuesdayRadio.getAttribute('id')}"]`).click();
    await page.getByText('Tuesday, December 1').waitFor();
    const input = page.getByRole('textbox', { name: 'General, Tuesday, December 1', exact: true });
    await expect.poll(() => input.inputValue()).toBe('2:00');
    await input.fill('2.5');
    await input.press('Enter');
    await page.getByText('Week total: 3:30 h').waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'timesheet-phone');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('locked days and other people’s weeks', () => {
  it('greys and disables a submitted week and the days before the lockdown, saying why', async () => {
    const lena = await newUser('lena');
    await entry(lena.id, '2019-12-30T09:00:00Z', '2019-12-30T11:00:00Z'); // Monday
    await entry(lena.id, '2020-01-02T09:00:00Z', '2020-01-02T10:30:00Z'); // Thursday
    // Lena sends the week for approval; then the lockdown locks the days before 2020-01-01.
    await (
      await userApi(stack, lena)
    )('POST', '/api/v1/approvals', { week: '2020-01-01' });
    await api('PUT', '/api/v1/approvals/lockdown', { lockedBefore: '2020-01-01' });
    try {
      const { page, context, errors } = await openPage(stack);
      await signIn(page, lena, '/timesheet?week=2020-01-01');
      await sheet(page).waitFor();
      const banner = page.getByRole('alert', { name: 'Locked days' });
      await banner.getByText(/Before the lockdown date: only an admin can change this time/).waitFor();
      await banner.getByText(/The week is submitted for approval: withdraw it to change its time/).waitFor();

      const monday = cell(page, 'General', 'Monday, December 30');
      const thursday = cell(page, 'General', 'Thursday, January 2');
      expect(await monday.getAttribute('aria-disabled')).toBe('true');
      expect(await thursday.getAttribute('aria-disabled')).toBe('true');
      expect(await thursday.getAttribute('readonly')).not.toBeNull();
      // Greyed like a disabled input, not the white of an open cell.
      const background = await thursday.evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(background).not.toBe('rgb(255, 255, 255)');
      await thursday.hover();
      await page.getByText(/^Locked\. The week is submitted for approval/).waitFor();
      await thursday.focus();
      await page.keyboard.type('5');
      await page.keyboard.press('Enter');
      expect(await thursday.inputValue()).toBe('1:30');
      await screenshot(page, 'timesheet-locked-week');

      // Withdrawn on the page, the week opens again at once; the lockdown's days stay locked.
      await page.getByRole('button', { name: 'Withdraw' }).click();
      await expect.poll(() => thursday.getAttribute('aria-disabled')).toBeNull();
      expect(await monday.getAttribute('aria-disabled')).toBe('true');
      expect(await banner.getByText(/submitted for approval/).count()).toBe(0);
      await thursday.fill('2');
      await thursday.press('Enter');
      await expect.poll(() => sheet(page).getByLabel('Week total').textContent()).toBe('4:00');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await api('PUT', '/api/v1/approvals/lockdown', { lockedBefore: null });
    }
  });

  it('lets an admin and a team lead open a person’s week and type in it; a user has no picker', async () => {
    const omar = await newUser('omar');
    const mara = await createUser(api, 'mara', 'manager');
    const solo = await newUser('solo');
    await api('POST', '/api/v1/teams', {
      name: 'Omar’s team',
      members: [
        { userId: mara.id, isLead: true },
        { userId: omar.id, isLead: false },
      ],
    });
    await entry(omar.id, '2026-12-07T09:00:00Z', '2026-12-07T11:00:00Z'); // Monday, 2:00

    const admin = await openPage(stack);
    await signIn(admin.page, ADMIN, '/timesheet?week=2026-12-08');
    await admin.page.getByRole('textbox', { name: 'Whose timesheet' }).click();
    await admin.page.getByRole('option', { name: 'omar', exact: true }).click();
    await admin.page.getByText('You are viewing omar’s timesheet').waitFor();
    const monday = cell(admin.page, 'General', 'Monday, December 7');
    await expect.poll(() => monday.inputValue()).toBe('2:00');
    const tuesday = cell(admin.page, 'General', 'Tuesday, December 8');
    await tuesday.focus();
    await admin.page.keyboard.type('1:15');
    await admin.page.keyboard.press('Enter');
    await expect.poll(() => sheet(admin.page).getByLabel('Week total').textContent()).toBe('3:15');
    expect(new URL(admin.page.url()).searchParams.get('user')).toBe(String(omar.id));
    const omars = await api<{ items: { userId: number; durationSeconds: number }[] }>(
      'GET',
      `/api/v1/time-entries?userId=${omar.id}&from=2026-12-08T00:00:00Z&to=2026-12-09T00:00:00Z`,
    );
    expect(omars.items.map((e) => [e.userId, e.durationSeconds])).toEqual([[omar.id, 4500]]);
    await screenshot(admin.page, 'timesheet-other-user');
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // The lead's picker holds themself and the people they lead, no one else.
    const lead = await openPage(stack);
    await signIn(lead.page, mara, '/timesheet?week=2026-12-08');
    await lead.page.getByRole('textbox', { name: 'Whose timesheet' }).click();
    await lead.page.getByRole('option', { name: 'omar', exact: true }).waitFor();
    expect(await lead.page.getByRole('option').allTextContents()).toEqual(['mara', 'omar']);
    await lead.page.getByRole('option', { name: 'omar', exact: true }).click();
    await expect.poll(() => cell(lead.page, 'General', 'Tuesday, December 8').inputValue()).toBe('1:15');
    expect(lead.errors).toEqual([]);
    await lead.context.close();

    const user = await openPage(stack);
    await signIn(user.page, solo, '/timesheet?week=2026-12-08');
    await user.page.getByRole('button', { name: 'Add row' }).waitFor();
    await user.page.getByRole('heading', { name: 'Timesheet' }).waitFor();
    expect(await user.page.getByRole('textbox', { name: 'Whose timesheet' }).count()).toBe(0);
    expect(user.errors).toEqual([]);
    await user.context.close();
  });
});
