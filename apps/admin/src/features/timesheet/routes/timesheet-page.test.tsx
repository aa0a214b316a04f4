import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TimesheetCell, TimesheetResponse } from '@timetracker/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { defaultPreferences, mockApi, plainUser, problem, session, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';
import { setLanguage } from '@/i18n/i18n';

const dates = [
  '2026-11-30',
  '2026-12-01',
  '2026-12-02',
  '2026-12-03',
  '2026-12-04',
  '2026-12-05',
  '2026-12-06',
];
const cell = (date: string, over: Partial<TimesheetCell> = {}): TimesheetCell => ({
  date,
  seconds: 0,
  entryCount: 0,
  entryIds: [],
  running: false,
  locked: false,
  lockedBy: null,
  lockedReason: null,
  mode: 'set',
  ...over,
});

const week: TimesheetResponse = {
  userId: 1,
  timeZone: 'Europe/Rome',
  firstDayOfWeek: 1,
  start: dates[0]!,
  end: dates[6]!,
  from: '2026-11-29T23:00:00.000Z',
  to: '2026-12-06T23:00:00.000Z',
  asOf: '2026-12-05T10:00:00.000Z',
  days: dates.map((date, i) => ({
    date,
    isoWeekday: i + 1,
    from: '2026-11-29T23:00:00.000Z',
    totalSeconds: i === 0 ? 3600 : i === 2 ? 1800 : i === 3 ? 600 : 0,
    locked: false,
    lockedBy: null,
    lockedReason: null,
  })),
  rows: [
    {
      key: '3:',
      projectId: 3,
      projectName: 'General',
      projectStatus: 'active',
      clientName: 'Default Client',
      taskId: null,
      taskName: null,
      colour: '#40c057',
      totalSeconds: 6000,
      cells: dates.map((d, i) =>
        i === 0
          ? cell(d, { seconds: 3600, entryCount: 1, entryIds: [7] })
          : i === 2
            ? cell(d, {
                seconds: 1800,
                entryCount: 1,
                entryIds: [8],
                locked: true,
                lockedBy: 'invoice',
                lockedReason: 'Billed on invoice INV-12',
                mode: 'readOnly',
              })
            : i === 3
              ? cell(d, { seconds: 600, entryCount: 1, entryIds: [9], running: true, mode: 'readOnly' })
              : cell(d),
      ),
    },
  ],
  totalSeconds: 6000,
  hasRunningTimer: true,
  runningTimerPaused: false,
};

const grid = () => within(screen.getByRole('table', { name: 'Timesheet' }));

// The clock stands at the week's asOf (only Date: timers run), so the running cell shows what
// the API measured; a test moves it to see the cell tick.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(week.asOf) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a running timer', () => {
  it('ticks in its cell, and its row, day and week totals follow', async () => {
    vi.setSystemTime(Date.parse(week.asOf) + 25 * 60_000);
    mockApi({ ...signedInRoutes(), 'GET /api/v1/timesheet': () => week });
    renderApp('/timesheet?week=2026-12-02');
    await screen.findByRole('table', { name: 'Timesheet' });
    const running = await grid().findByLabelText('General, Thursday, December 3');
    // 0:10 when measured, 25 minutes ago.
    expect(running).toHaveValue('0:35');
    expect(grid().getByLabelText('Total of General')).toHaveTextContent('2:05');
    expect(grid().getByLabelText('Total of Thursday, December 3')).toHaveTextContent('0:35');
    expect(grid().getByLabelText('Week total')).toHaveTextContent('2:05');
    expect(screen.getByText('2:05 h of 40:00 h this week')).toBeInTheDocument();

    vi.setSystemTime(Date.parse(week.asOf) + 50 * 60_000);
    await expect.poll(() => (running as HTMLInputElement).value, { timeout: 3000 }).toBe('1:00');
    expect(grid().getByLabelText('Total of General')).toHaveTextContent('2:30');
    expect(grid().getByLabelText('Total of Thursday, December 3')).toHaveTextContent('1:00');
    expect(grid().getByLabelText('Week total')).toHaveTextContent('2:30');
    // The other days keep their time.
    expect(grid().getByLabelText('General, Monday, November 30')).toHaveValue('1:00');
  });

  it('stands still while the timer is paused', async () => {
    vi.setSystemTime(Date.parse(week.asOf) + 25 * 60_000);
    mockApi({ ...signedInRoutes(), 'GET /api/v1/timesheet': () => ({ ...week, runningTimerPaused: true }) });
    renderApp('/timesheet?week=2026-12-02');
    await screen.findByRole('table', { name: 'Timesheet' });
    // What the API measured (up to the pause), 25 minutes later.
    expect(await grid().findByLabelText('General, Thursday, December 3')).toHaveValue('0:10');
    expect(grid().getByLabelText('Week total')).toHaveTextContent('1:40');
  });
});

describe('the timesheet page', () => {
  it('sends a typed time as seconds, keeps an invalid one with its message, and shows a refusal in the cell', async () => {
    const user = userEvent.setup();
    const { calls } = mockApi({
      ...signedInRoutes(),
      'GET /api/v1/timesheet': () => week,
      'PUT /api/v1/timesheet/cells': (call) =>
        (call.body as { date: string }).date === '2026-12-01'
          ? problem(409, 'The entry overlaps entry #5 (General, 2026-12-01 09:00–10:00)')
          : {
              action: 'updated',
              entryId: 7,
              warnings: [
                {
                  code: 'OVERLAP',
                  entryId: 4,
                  projectName: 'General',
                  startTime: '2026-11-30T08:30:00Z',
                  endTime: '2026-11-30T09:30:00Z',
                  detail: 'Overlaps entry #4 (General, 2026-11-30 09:30–10:30)',
                },
              ],
              week,
            },
    });
    renderApp('/timesheet?week=2026-12-02');
    await screen.findByRole('table', { name: 'Timesheet' });
    const monday = await grid().findByLabelText('General, Monday, November 30');
    expect(calls.find((c) => c.path === '/api/v1/timesheet')?.query.get('week')).toBe('2026-11-30');
    expect(monday).toHaveValue('1:00');
    expect(grid().getByLabelText('Week total')).toHaveTextContent('1:40');
    expect(screen.getByText('1:40 h of 40:00 h this week')).toBeInTheDocument();
    expect(screen.getByText('A timer is running: its time so far is included.')).toBeInTheDocument();

    await user.click(monday);
    await user.keyboard('1h3o{Enter}');
    expect(await screen.findByText('Type a time such as 1:30, 1.5 or 90m')).toBeInTheDocument();
    expect(monday).toHaveValue('1h3o');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.clear(monday);
    await user.keyboard('1,5{ArrowRight}');
    await expect
      .poll(() => calls.find((c) => c.method === 'PUT')?.body)
      .toEqual({ date: '2026-11-30', projectId: 3, taskId: null, seconds: 5400 });
    expect(
      await screen.findByText('Saved, but it overlaps entry #4 (General, 11/30/2026, 09:30–10:30).'),
    ).toBeInTheDocument();
    const tuesday = grid().getByLabelText('General, Tuesday, December 1');
    expect(tuesday).toHaveFocus();
    await user.keyboard('2{Enter}');
    expect(await screen.findByText(/The entry overlaps entry #5/)).toBeInTheDocument();
    expect(tuesday).toHaveValue('2');

    const locked = grid().getByLabelText('General, Wednesday, December 2');
    expect(locked).toHaveAttribute('readonly');
    await user.click(locked);
    expect(
      await screen.findByText(/^Billed on invoice INV-12: this day can no longer change here/),
    ).toBeInTheDocument();
    const running = grid().getByLabelText('General, Thursday, December 3');
    expect(running).toHaveAttribute('readonly');
    expect(running).toHaveValue('0:10');
    await user.click(running);
    expect(
      await screen.findByText(/A timer is running here: stop it before changing this day/),
    ).toBeInTheDocument();
  });
});

describe('the weekly target', () => {
  it('is the person’s own, and not shown when they set none', async () => {
    let target: number | null = 30 * 3600;
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/auth/me': () => session(undefined, { ...defaultPreferences, weeklyTargetSeconds: target }),
      'GET /api/v1/timesheet': () => week,
    });
    const first = renderApp('/timesheet?week=2026-12-02');
    expect(await screen.findByText('1:40 h of 30:00 h this week')).toBeInTheDocument();
    first.unmount();

    target = null;
    renderApp('/timesheet?week=2026-12-02');
    await screen.findByRole('table', { name: 'Timesheet' });
    expect(screen.queryByRole('generic', { name: 'Weekly target' })).not.toBeInTheDocument();
    expect(screen.queryByText(/this week$/)).not.toBeInTheDocument();
  });
});

describe('the timesheet in German', () => {
  afterEach(() => setLanguage('en'));

  it('says everything in German, its days and week included', async () => {
    await setLanguage('de');
    mockApi({ ...signedInRoutes(), 'GET /api/v1/timesheet': () => week });
    renderApp('/timesheet?week=2026-12-02');
    const table = within(await screen.findByRole('table', { name: 'Stundenzettel' }));
    expect(table.getByLabelText('General, Donnerstag, 3. Dezember')).toHaveValue('0:10');
    expect(table.getByRole('columnheader', { name: 'Projekt · Aufgabe' })).toBeInTheDocument();
    expect(table.getByLabelText('Wochensumme')).toHaveTextContent('1:40');
    expect(screen.getByText('1:40 h von 40:00 h diese Woche')).toBeInTheDocument();
    expect(screen.getByText(/^30\. Nov\.\s–\s6\. Dez\. 2026 · Zeiten in Europe\/Rome$/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Zeile hinzufügen' })).toBeInTheDocument();
  });
});

describe('locked days', () => {
  /** The fixture week with Monday and Tuesday before the lockdown (cells read-only for a user). */
  const lockedWeek = (overrides: boolean): TimesheetResponse => {
    const lock = (i: number) => i < 2;
    const reason = 'Time before 2026-12-02 is locked (settings.lockedBefore); only an admin can change it';
    return {
      ...week,
      days: week.days.map((d, i) =>
        lock(i) ? { ...d, locked: true, lockedBy: 'lockdown', lockedReason: reason } : d,
      ),
      rows: week.rows.map((r) => ({
        ...r,
        cells: r.cells.map((c, i) =>
          lock(i)
            ? {
                ...c,
                locked: true,
                lockedBy: 'lockdown',
                lockedReason: reason,
                mode: overrides ? c.mode : 'readOnly',
              }
            : c,
        ),
      })),
    };
  };

  it('are greyed and disabled for a user, with the reason above the grid and in the cell', async () => {
    const user = userEvent.setup();
    const { calls } = mockApi({
      ...signedInRoutes(plainUser),
      'GET /api/v1/timesheet': () => lockedWeek(false),
    });
    renderApp('/timesheet?week=2026-12-02');
    const banner = await screen.findByRole('alert', { name: 'Locked days' });
    expect(banner).toHaveTextContent(/Before the lockdown date: only an admin can change this time/);
    expect(banner).not.toHaveTextContent(/As an admin/);
    const monday = await grid().findByLabelText('General, Monday, November 30');
    expect(monday).toHaveAttribute('readonly');
    expect(monday).toHaveAttribute('aria-disabled', 'true');
    await user.type(monday, '2');
    expect(monday).toHaveValue('1:00');
    await user.click(monday);
    expect(await screen.findByText(/^Locked\. Before the lockdown date/)).toBeInTheDocument();
    // Wednesday is open as before; no write was sent; there is no picker for a user alone.
    expect(grid().getByLabelText('General, Wednesday, December 2')).not.toHaveAttribute('aria-disabled');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    expect(screen.queryByRole('textbox', { name: 'Whose timesheet' })).not.toBeInTheDocument();
  });

  it('stay open for an admin, who is told the change is an override', async () => {
    mockApi({ ...signedInRoutes(), 'GET /api/v1/timesheet': () => lockedWeek(true) });
    renderApp('/timesheet?week=2026-12-02');
    const banner = await screen.findByRole('alert', { name: 'Locked days' });
    expect(banner).toHaveTextContent(/As an admin you may still change it/);
    const monday = await grid().findByLabelText('General, Monday, November 30');
    expect(monday).not.toHaveAttribute('readonly');
    expect(monday).not.toHaveAttribute('aria-disabled');
  });
});

describe('another user’s timesheet', () => {
  it('is picked by an admin, read and written with their userId', async () => {
    const user = userEvent.setup();
    const { calls } = mockApi({
      ...signedInRoutes(),
      'GET /api/v1/timesheet/people': () => ({
        items: [
          { id: 1, username: 'admin' },
          { id: 5, username: 'carla' },
        ],
      }),
      'GET /api/v1/timesheet': (call) => ({ ...week, userId: Number(call.query.get('userId') ?? 1) }),
      'PUT /api/v1/timesheet/cells': () => ({
        action: 'updated',
        entryId: 7,
        warnings: [],
        week: { ...week, userId: 5 },
      }),
    });
    renderApp('/timesheet?week=2026-12-02');
    await user.click(await screen.findByRole('textbox', { name: 'Whose timesheet' }));
    await user.click(await screen.findByRole('option', { name: 'carla', hidden: true }));
    expect(await screen.findByText(/You are viewing carla’s timesheet/)).toBeInTheDocument();
    await expect
      .poll(() => calls.some((c) => c.path === '/api/v1/timesheet' && c.query.get('userId') === '5'))
      .toBe(true);
    const monday = await grid().findByLabelText('General, Monday, November 30');
    await user.clear(monday);
    await user.type(monday, '2{Enter}');
    await expect
      .poll(() => calls.find((c) => c.method === 'PUT')?.body)
      .toMatchObject({ date: '2026-11-30', seconds: 7200, userId: 5 });
  });
});
