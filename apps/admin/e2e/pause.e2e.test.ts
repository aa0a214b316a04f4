import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminApi, openPage, type RunningStack, screenshot, signIn, startStack, createUser } from './support';

// Pause and breaks (issue #17 §5): pause and resume the timer, type a break, and see the raw and
// billed time side by side, on a desktop and at phone width. Each test has its own user.

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;
let projectId: number;

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
  // A quarter of an hour, rounded up: a few seconds of timer bill 0:15:00.
  await api('PATCH', '/api/v1/settings', { roundingMinutes: 15, roundingMode: 'up' });
  const projects = await api<{ items: { id: number; name: string }[] }>('GET', '/api/v1/projects');
  projectId = projects.items.find((p) => p.name === 'General')!.id;
});

afterAll(async () => {
  await stack?.stop();
});

const newUser = (username: string) => createUser(api, username);

/** "0:01:05" → 65. */
function seconds(clock: string): number {
  return clock.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

async function pickOption(page: Page, label: string, option: string, scope: Page | Locator = page) {
  const input = scope.getByRole('textbox', { name: label, exact: true });
  await input.click();
  await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('pause and breaks in a browser', () => {
  it('starts, pauses, resumes and stops a timer, then shows the worked and billed time', async () => {
    const lee = await newUser('lee');
    const { page, context, errors } = await openPage(stack);
    await signIn(page, lee);
    await pickOption(page, 'Project', 'General');
    await page.getByLabel('Notes').fill('Short call');
    await page.getByRole('button', { name: 'Start timer' }).click();

    const running = page.getByTestId('running-timer');
    await running.getByText('Running', { exact: true }).waitFor();
    await running.getByRole('button', { name: 'Pause' }).click();
    await running.getByText('Paused', { exact: true }).waitFor();
    // The pause's own clock ticks while the worked time stands still.
    const breaks = page.getByTestId('timer-breaks');
    await breaks.getByText(/^Paused at \d\d:\d\d for 0:00:0\d/).waitFor();
    const worked = await page.getByRole('timer').textContent();
    const pausedFor = await breaks.textContent();
    await expect.poll(() => breaks.textContent(), { timeout: 5000 }).not.toBe(pausedFor);
    expect(await page.getByRole('timer').textContent()).toBe(worked);
    await screenshot(page, 'timer-paused');

    await running.getByRole('button', { name: 'Resume' }).click();
    await running.getByText('Running', { exact: true }).waitFor();
    await breaks.getByText(/^breaks so far 0:00(:\d\d)?$/).waitFor();
    // Alt+Shift+P pauses and resumes from anywhere on the page.
    await page.locator('body').click();
    await page.keyboard.press('Alt+Shift+KeyP');
    await running.getByText('Paused', { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.keyboard.press('Alt+Shift+KeyP');
    await running.getByText('Running', { exact: true }).waitFor();
    // Work at least two whole seconds: quick clicks can leave under one second worked between
    // the pauses, which floors to 0:00:00 worked and rounds to nothing, not up.
    await expect
      .poll(async () => seconds((await page.getByRole('timer').textContent()) ?? ''), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);

    await running.getByRole('button', { name: 'Stop' }).click();
    await running.waitFor({ state: 'detached' });
    // Not "HH:mm–HH:mm · 0:15:00" alone: the seconds worked and the rounding are said.
    const recent = page.getByRole('region', { name: 'Recent entries' });
    const row = recent.getByRole('row').filter({ hasText: 'Short call' });
    await row.getByText(/^0:00:\d\d worked, rounded up$/).waitFor();
    expect(await row.getByLabel('Billed duration').textContent()).toBe('0:15:00 billed');
    const [entry] = (await (await page.request.get('/api/v1/time-entries')).json()).items as {
      rawSeconds: number;
      breakSeconds: number;
      durationSeconds: number;
    }[];
    expect(entry!.durationSeconds).toBe(900);
    expect(entry!.rawSeconds).toBeGreaterThanOrEqual(entry!.breakSeconds);
    await screenshot(page, 'dashboard-after-pause');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('records a break typed in the entry form and shows it in the list', async () => {
    const ana = await newUser('ana');
    await api('POST', '/api/v1/time-entries', {
      userId: ana.id,
      projectId,
      startTime: '2026-11-02T08:00:00Z',
      endTime: '2026-11-02T16:30:00Z',
      notes: 'Workshop day',
    });
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ana, '/time-entries');
    const table = page.getByRole('table', { name: 'Time entries' });
    const row = table.getByRole('row').filter({ hasText: 'Workshop day' });
    await row.getByRole('button', { name: /^Edit entry/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit time entry' });
    await dialog.getByLabel('Break').fill('half an hour');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Type minutes (30) or hours and minutes (0:30)').waitFor();
    await dialog.getByLabel('Break').fill('0:45');
    await dialog
      .getByText('8:30:00 from start to end − 0:45 break = 7:45:00 worked, before rounding')
      .waitFor();
    await screenshot(page, 'time-entry-form-break');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('break 0:45').waitFor();
    expect(await row.getByLabel('Billed duration').textContent()).toBe('7:45:00 billed');
    await screenshot(page, 'time-entries-break');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('at phone width: the paused timer fits and the entries read as cards with raw and billed', async () => {
    const kai = await newUser('kai');
    await api('POST', '/api/v1/time-entries', {
      userId: kai.id,
      projectId,
      startTime: '2026-11-02T18:37:00Z',
      endTime: '2026-11-02T18:37:05Z',
      notes: 'Quick fix',
    });
    const { page, context, errors } = await openPage(stack, { mobile: true });
    await signIn(page, kai);
    await pickOption(page, 'Project', 'General');
    await page.getByRole('button', { name: 'Start timer' }).click();
    const running = page.getByTestId('running-timer');
    await running.getByRole('button', { name: 'Pause' }).click();
    await running.getByText('Paused', { exact: true }).waitFor();
    const resume = running.getByRole('button', { name: 'Resume' });
    const box = await resume.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page
      .getByRole('region', { name: 'Recent entries' })
      .getByText('0:00:05 worked, rounded up')
      .waitFor();
    await screenshot(page, 'dashboard-paused-phone');

    await page.goto('/time-entries');
    const card = page.getByRole('row').filter({ hasText: 'Quick fix' });
    await card.getByText('0:00:05 worked, rounded up').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'time-entries-phone-break');
    expect(errors).toEqual([]);
    await context.close();
  });
});
