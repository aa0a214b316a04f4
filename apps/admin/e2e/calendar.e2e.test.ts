import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, adminApi, openPage, type RunningStack, screenshot, signIn, startStack } from './support';

// The calendar (issue #17 §3): blocks in the viewer's zone, dragged with a real mouse. The
// settings zone is New York and the browser's UTC, so a block in the wrong zone shows 5 h off.
// Each test has its own user, so they run alone and in any order.

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;
let projectId: number;
const PASSWORD = 'amber-lantern-4242';

interface Entry {
  id: number;
  startTime: string;
  endTime: string | null;
}

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
  await api('PATCH', '/api/v1/settings', { timezone: 'America/New_York' });
  const projects = await api<{ items: { id: number; name: string }[] }>('GET', '/api/v1/projects');
  projectId = projects.items.find((p) => p.name === 'General')!.id;
});

afterAll(async () => {
  await stack?.stop();
});

async function newUser(username: string) {
  const user = await api<{ id: number }>('POST', '/api/v1/users', { username, password: PASSWORD });
  return { id: user.id, username, password: PASSWORD };
}

const entry = (userId: number, startTime: string, endTime: string, notes: string) =>
  api<Entry>('POST', '/api/v1/time-entries', {
    userId,
    projectId,
    startTime,
    endTime,
    notes,
    billable: true,
  });
const entryNow = (id: number) => api<Entry>('GET', `/api/v1/time-entries/${id}`);

/**
 * Where `time` (HH:MM, a multiple of 15 minutes) of `date` is on screen: the column's centre and
 * `into` px below the top of that quarter hour. The grid opens scrolled to 07:30 and shows the
 * working day, so nothing scrolls between measuring and dragging.
 */
async function point(page: Page, date: string, time: string, into = 4) {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const slot = `${String(h).padStart(2, '0')}:${m < 30 ? '00' : '30'}:00`;
  const lane = page.locator(`td.fc-timegrid-slot-lane[data-time="${slot}"]`);
  const row = (await lane.boundingBox())!;
  const column = (await page.locator(`td.fc-timegrid-col[data-date="${date}"]`).boundingBox())!;
  const quarter = row.height / 2;
  return { x: column.x + column.width / 2, y: row.y + (m % 30 === 15 ? quarter : 0) + into };
}

/** Press, move in steps (FullCalendar needs to see the pointer travel) and release. */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x, from.y + 8, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

const block = (page: Page, id: number) => page.locator(`.fc-event:has([data-entry-id="${id}"])`);
const dayOfBlock = (page: Page, id: number) =>
  block(page, id).evaluate((el) => el.closest('td.fc-timegrid-col')?.getAttribute('data-date'));

describe('the calendar', () => {
  it('creates an entry from a range dragged on empty space', async () => {
    const user = await newUser('cal-create');
    const { page, context, errors } = await openPage(stack);
    await signIn(page, user, '/calendar?date=2026-03-04');
    await page.locator('td.fc-timegrid-col[data-date="2026-03-04"]').waitFor();

    await drag(page, await point(page, '2026-03-04', '09:00'), await point(page, '2026-03-04', '10:15'));
    const dialog = page.getByRole('dialog', { name: 'Add time entry' });
    await expect.poll(() => dialog.getByLabel('Start').textContent()).toContain('2026-03-04 09:00');
    expect(await dialog.getByLabel('End').textContent()).toContain('2026-03-04 10:30');
    const project = dialog.getByRole('textbox', { name: 'Project', exact: true });
    await project.click();
    await project.fill('General');
    await page.getByRole('option', { name: 'General', exact: true }).click();
    await dialog.getByLabel('Notes').fill('Drawn on the calendar');
    await dialog.getByRole('button', { name: 'Add entry' }).click();
    await dialog.waitFor({ state: 'detached' });

    const mine = await api<{ items: Entry[] }>('GET', `/api/v1/time-entries?userId=${user.id}`);
    // 09:00–10:30 in New York (EST, UTC−5).
    expect(mine.items).toMatchObject([
      { startTime: '2026-03-04T14:00:00.000Z', endTime: '2026-03-04T15:30:00.000Z' },
    ]);
    await block(page, mine.items[0]!.id).getByText('Drawn on the calendar').waitFor();
    await screenshot(page, 'calendar-week');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('moves a block to another day and time, and resizes one by its lower edge', async () => {
    const user = await newUser('cal-move');
    const moved = await entry(user.id, '2026-03-03T14:00:00Z', '2026-03-03T15:00:00Z', 'Move me');
    const resized = await entry(user.id, '2026-03-04T16:00:00Z', '2026-03-04T17:00:00Z', 'Stretch me');
    const { page, context, errors } = await openPage(stack);
    await signIn(page, user, '/calendar?date=2026-03-04');
    await block(page, moved.id).waitFor();
    expect(await dayOfBlock(page, moved.id)).toBe('2026-03-03');

    // Tuesday 09:00 → Thursday 13:00, grabbed a quarter hour into the block.
    await drag(page, await point(page, '2026-03-03', '09:15'), await point(page, '2026-03-05', '13:15'));
    await expect
      .poll(async () => {
        const e = await entryNow(moved.id);
        return [e.startTime, e.endTime];
      })
      .toEqual(['2026-03-05T18:00:00.000Z', '2026-03-05T19:00:00.000Z']);
    expect(await dayOfBlock(page, moved.id)).toBe('2026-03-05');

    // Wednesday 11:00–12:00: its lower edge down to 13:00. The calendar's reads are held back
    // meanwhile, so the block is clicked before the calendar has read the move again: the form must
    // still open with the new end (it waits for that read), never with the times read before.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const calendarReads = (url: URL) => url.pathname === '/api/v1/calendar';
    await page.route(calendarReads, async (route) => {
      await held;
      await route.continue();
    });
    const target = block(page, resized.id);
    await target.hover();
    const handle = (await target.locator('.fc-event-resizer-end').boundingBox())!;
    const to = await point(page, '2026-03-04', '12:45', 8);
    await drag(
      page,
      { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 },
      { x: handle.x + handle.width / 2, y: to.y },
    );
    await expect
      .poll(async () => {
        const e = await entryNow(resized.id);
        return [e.startTime, e.endTime];
      })
      .toEqual(['2026-03-04T16:00:00.000Z', '2026-03-04T18:00:00.000Z']);

    const dialog = page.getByRole('dialog', { name: 'Edit time entry' });
    await block(page, resized.id).click();
    release();
    await dialog.waitFor();
    expect(await dialog.getByLabel('End').textContent()).toContain('2026-03-04 13:00');
    await page.unroute(calendarReads);
    await dialog.getByLabel('Notes').fill('Stretched and renamed');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await block(page, resized.id).getByText('Stretched and renamed').waitFor();
    expect(await entryNow(resized.id)).toMatchObject({ notes: 'Stretched and renamed' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('puts a block back and says why when the API refuses the move', async () => {
    const user = await newUser('cal-refused');
    const invoiced = await entry(user.id, '2026-03-02T14:00:00Z', '2026-03-02T15:00:00Z', 'Invoiced');
    await api('POST', '/api/v1/invoices', {
      projectId,
      clientName: 'Calendar client',
      generate: { entryIds: [invoiced.id], unitPrice: '80.00' },
    });
    const free = await entry(user.id, '2026-03-03T14:00:00Z', '2026-03-03T15:00:00Z', 'Free');
    await entry(user.id, '2026-03-05T14:00:00Z', '2026-03-05T16:00:00Z', 'In the way');
    await api('PATCH', '/api/v1/settings', { overlapPolicy: 'refuse' });
    const { page, context, errors } = await openPage(stack);
    try {
      await signIn(page, user, '/calendar?date=2026-03-04');
      await block(page, invoiced.id).waitFor();
      const patches: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'PATCH') patches.push(r.url());
      });

      // The invoiced block does not move (FullCalendar does not even start a drag) and has no handle.
      expect(await block(page, invoiced.id).locator('.fc-event-resizer-end').count()).toBe(0);
      await drag(page, await point(page, '2026-03-02', '09:15'), await point(page, '2026-03-04', '15:15'));
      expect(await dayOfBlock(page, invoiced.id)).toBe('2026-03-02');
      await block(page, invoiced.id).click();
      await page.getByText(/billed on draft invoice .*; remove its line from the draft/).waitFor();
      expect(patches).toEqual([]);
      expect(await entryNow(invoiced.id)).toMatchObject({ startTime: '2026-03-02T14:00:00.000Z' });

      // Onto "In the way" with overlaps refused: a 409, the block back on Tuesday, the reason shown.
      await drag(page, await point(page, '2026-03-03', '09:15'), await point(page, '2026-03-05', '09:45'));
      await page.getByText('The entry was not moved').waitFor();
      await page.getByText(/The entry overlaps entry #\d+ \(General, 2026-03-05 09:00–11:00\)/).waitFor();
      await expect.poll(() => dayOfBlock(page, free.id)).toBe('2026-03-03');
      expect(patches).toHaveLength(1);
      expect(await entryNow(free.id)).toMatchObject({ startTime: '2026-03-03T14:00:00.000Z' });
      await screenshot(page, 'calendar-refused');
      expect(errors).toEqual([]);
    } finally {
      await api('PATCH', '/api/v1/settings', { overlapPolicy: 'warn' });
      await context.close();
    }
  });

  it("shows the running timer's block this week, and lets an admin see another user's calendar", async () => {
    const user = await newUser('cal-running');
    const { page, context, errors } = await openPage(stack, { colorScheme: 'dark' });
    await signIn(page, user, '/');
    const started = await page.evaluate(async (project) => {
      const me = await (await fetch('/api/v1/auth/me')).json();
      const res = await fetch('/api/v1/timer/start', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ projectId: project, notes: 'Ticking' }),
      });
      return (await res.json()) as Entry;
    }, projectId);
    expect(started.endTime).toBeNull();
    await page.getByRole('link', { name: 'Calendar' }).click();
    const running = block(page, started.id);
    await running.getByText(/running/).waitFor();
    expect(await running.getAttribute('class')).not.toContain('fc-event-draggable');
    await screenshot(page, 'calendar-running-dark');
    expect(errors).toEqual([]);
    await context.close();

    const admin = await openPage(stack);
    await signIn(admin.page, ADMIN, '/calendar');
    const whose = admin.page.getByRole('textbox', { name: 'Whose calendar' });
    await whose.click();
    await whose.fill('cal-running');
    await admin.page.getByRole('option', { name: 'cal-running', exact: true }).click();
    await block(admin.page, started.id).getByText('Ticking').waitFor();
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  });

  it('opens on one day on a phone, nothing wider than the screen', async () => {
    const user = await newUser('cal-phone');
    const today = await api<{ timezone: string }>('GET', '/api/v1/settings');
    expect(today.timezone).toBe('America/New_York');
    await entry(user.id, '2026-03-04T14:00:00Z', '2026-03-04T15:30:00Z', 'Phone call with the client');
    const { page, context, errors } = await openPage(stack, { mobile: true, touch: true });
    await signIn(page, user, '/calendar?date=2026-03-04');
    await page.getByText('Phone call with the client').waitFor();
    expect(await page.locator('td.fc-timegrid-col[data-date]').count()).toBe(1);
    const widest = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(widest).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-calendar');
    expect(errors).toEqual([]);
    await context.close();
  });
});
