import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ADMIN,
  adminApi,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
  userApi,
  createUser,
} from './support';

// Continue, duplicate, favourites and the overlap warning (issue #17 §4, §7), desktop and phone.
// Each test has its own user, so they run alone and in any order.

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

const entry = (userId: number, startTime: string, endTime: string, notes: string) =>
  api<{ id: number }>('POST', '/api/v1/time-entries', { userId, projectId, startTime, endTime, notes });

async function stopTimer(page: Page) {
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByTestId('running-timer').waitFor({ state: 'detached' });
}

describe('continue, duplicate and favourites', () => {
  it('pins, duplicates (with the overlap warning) and continues an entry; starts favourites by click and key', async () => {
    const pat = await newUser('pat');
    await entry(pat.id, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', 'Standup');
    const other = await entry(pat.id, '2026-12-02T08:30:00Z', '2026-12-02T09:30:00Z', 'Review');
    const { page, context, errors } = await openPage(stack);
    await signIn(page, pat, '/time-entries');
    await page.getByRole('heading', { name: 'Time entries' }).waitFor();

    const standupRow = page.getByRole('row').filter({ hasText: 'Standup' });
    await standupRow.getByRole('button', { name: /as favourite$/ }).click();
    await page.getByText('Pinned: General · Standup').waitFor();

    // Onto 2 December (Rome: 09:00–10:00) it overlaps "Review" (09:30–10:30): saved, and said.
    await standupRow.getByRole('button', { name: /^Duplicate entry of/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Duplicate to another day' });
    await dialog.getByLabel('Day').fill('2026-12-02');
    await dialog.getByRole('button', { name: 'Duplicate' }).click();
    await page
      .getByText(`Saved, but it overlaps entry #${other.id} (General, 12/02/2026, 09:30–10:30).`)
      .waitFor();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Standup' }).count()).toBe(2);
    await screenshot(page, 'entries-quick-actions');

    await standupRow
      .first()
      .getByRole('button', { name: /^Continue entry of/ })
      .click();
    await page.getByText('Timer started: General · Standup').waitFor();
    const active = await page.request.get('/api/v1/timer/active');
    expect((await active.json()).items).toMatchObject([{ notes: 'Standup', projectId }]);

    await page.goto('/');
    const running = page.getByTestId('running-timer');
    await running.getByText('Standup').waitFor();
    await stopTimer(page);
    const strip = page.getByRole('region', { name: 'Favourites' });
    await strip.getByRole('button', { name: 'Start favourite 1: General · Standup' }).click();
    await running.getByText('Standup').waitFor();
    await stopTimer(page);
    // Alt+Shift+1 starts favourite 1 from anywhere on the page.
    await page.locator('body').click();
    await page.keyboard.press('Alt+Shift+Digit1');
    await running.getByText('Standup').waitFor();
    // "Review" is a recent combination, offered to start (and pin) in one click.
    await strip.getByRole('button', { name: 'Start recent: General · Review' }).waitFor();
    await screenshot(page, 'dashboard-favourites');
    // The timer's project picker offers the recent combinations too: one fills the whole form.
    await stopTimer(page);
    await page.getByRole('textbox', { name: 'Project', exact: true }).click();
    await page.getByRole('option', { name: 'General · Review' }).click();
    await expect.poll(() => page.getByLabel('Notes').inputValue()).toBe('Review');
    await page.getByRole('button', { name: 'Start timer' }).click();
    await running.getByText('Review').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works at phone width: the strip fits and starts a favourite', async () => {
    const kim = await newUser('kim');
    await entry(
      kim.id,
      '2026-12-01T08:00:00Z',
      '2026-12-01T09:00:00Z',
      'A rather long note about the weekly planning',
    );
    const { page, context, errors } = await openPage(stack, { mobile: true });
    await signIn(page, kim, '/time-entries');
    const row = page.getByRole('row').filter({ hasText: 'weekly planning' });
    await row.getByRole('button', { name: /as favourite$/ }).click();
    await page.getByText(/^Pinned:/).waitFor();
    await page.goto('/');
    const strip = page.getByRole('region', { name: 'Favourites' });
    const button = strip.getByRole('button', { name: /^Start favourite 1:/ });
    await button.waitFor();
    const box = await button.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'dashboard-favourites-phone');
    await button.click();
    await page.getByTestId('running-timer').getByText('weekly planning').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reorders favourites by dragging, by keyboard, and with the move buttons on a phone', async () => {
    const lee = await newUser('lee');
    const asLee = await userApi(stack, lee);
    for (const notes of ['Alpha', 'Bravo', 'Charlie'])
      await asLee('POST', '/api/v1/favourites', { projectId, notes });
    const order = async () =>
      (await asLee<{ items: { notes: string }[] }>('GET', '/api/v1/favourites')).items.map((f) => f.notes);

    const { page, context, errors } = await openPage(stack);
    await signIn(page, lee);
    const strip = page.getByRole('region', { name: 'Favourites' });
    const startButton = (n: number, notes: string) =>
      strip.getByRole('button', { name: `Start favourite ${n}: General · ${notes}` });
    await startButton(3, 'Charlie').waitFor();

    // Drag Charlie by its handle onto Alpha, the first.
    const from = (await strip
      .getByRole('button', { name: 'Drag favourite 3 to another place' })
      .boundingBox())!;
    const to = (await startButton(1, 'Alpha').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 - 10, from.y + from.height / 2, { steps: 3 });
    await page.mouse.move(to.x + 4, to.y + to.height / 2, { steps: 15 });
    await page.mouse.up();
    await startButton(1, 'Charlie').waitFor();
    await expect.poll(order).toEqual(['Charlie', 'Alpha', 'Bravo']);
    // Alt+Shift+1 follows the new order.
    await page.locator('body').click();
    await page.keyboard.press('Alt+Shift+Digit1');
    await page.getByTestId('running-timer').getByText('Charlie').waitFor();
    await stopTimer(page);

    // By keyboard: Space picks Bravo up, an arrow moves it, Space drops it.
    await strip.getByRole('button', { name: 'Drag favourite 3 to another place' }).focus();
    await page.keyboard.press('Space');
    await page.getByText(/^Picked up favourite 3, General · Bravo\.$/).waitFor({ state: 'attached' });
    // The keyboard sensor measures the places after the pick-up: an arrow before the next frames
    // moves nothing.
    await page.evaluate(
      () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
    );
    await page.keyboard.press('ArrowLeft');
    await page.getByText('Now at place 2 of 3.').waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    await startButton(2, 'Bravo').waitFor();
    await expect.poll(order).toEqual(['Charlie', 'Bravo', 'Alpha']);
    await screenshot(page, 'dashboard-favourites-reordered');
    await context.close();

    // On a phone: Reorder shows buttons that move a favourite earlier or later.
    const phone = await openPage(stack, { mobile: true, touch: true });
    await signIn(phone.page, lee);
    const phoneStrip = phone.page.getByRole('region', { name: 'Favourites' });
    await phoneStrip.getByRole('button', { name: 'Reorder' }).click();
    await phoneStrip.getByRole('button', { name: 'Move favourite 1 later' }).click();
    await phoneStrip.getByRole('button', { name: 'Start favourite 2: General · Charlie' }).waitFor();
    await expect.poll(order).toEqual(['Bravo', 'Charlie', 'Alpha']);
    expect(await phoneStrip.getByRole('button', { name: 'Move favourite 1 earlier' }).isDisabled()).toBe(
      true,
    );
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone.page, 'dashboard-favourites-reorder-phone');
    await phoneStrip.getByRole('button', { name: 'Done' }).click();
    await phoneStrip.getByRole('button', { name: 'Unpin favourite 1' }).waitFor();
    expect([...errors, ...phone.errors]).toEqual([]);
    await phone.context.close();
  });

  it('an admin sets the overlap policy in Settings', async () => {
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/settings');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByRole('textbox', { name: 'Overlapping entries' }).click();
    await page.getByRole('option', { name: 'Refuse' }).click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    expect((await api<{ overlapPolicy: string }>('GET', '/api/v1/settings')).overlapPolicy).toBe('refuse');
    await api('PATCH', '/api/v1/settings', { overlapPolicy: 'warn' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
