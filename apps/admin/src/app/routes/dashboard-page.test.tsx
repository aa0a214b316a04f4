import { screen, waitForElementToBeRemoved, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReportSeriesResponse, TimeEntryResponse } from '@timetracker/contracts';
import { afterEach, describe, expect, it } from 'vitest';

import { setLanguage } from '@/i18n/i18n';

import { emptyPage, mockApi, problem, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const startedAt = new Date(Date.now() - 3_000).toISOString();

const runningEntry: TimeEntryResponse = {
  id: 9,
  userId: 1,
  username: 'admin',
  projectId: 3,
  projectName: 'General',
  clientId: 1,
  clientName: 'Default Client',
  taskId: null,
  taskName: null,
  startTime: startedAt,
  endTime: null,
  durationSeconds: null,
  notes: null,
  tags: [],
  source: 'auto',
  billable: true,
  running: true,
  invoiceItemId: null,
  locked: false,
  createdAt: null,
  updatedAt: null,
  stoppedReason: null,
  autoStoppedAt: null,
  rawSeconds: null,
  breakSeconds: 0,
  pausedAt: null,
  paused: false,
};

function series(name: string, points: ReportSeriesResponse['points']) {
  return () => ({
    series: name,
    from: '2026-03-01T00:00:00+01:00',
    to: '2026-04-01T00:00:00+02:00',
    timezone: 'Europe/Rome',
    currency: 'EUR',
    points,
  });
}

function dashboard(seconds: number, running: boolean) {
  return () => ({
    timezone: 'Europe/Rome',
    currency: 'EUR',
    today: { seconds, hours: '0.00', billableAmount: '0.00' },
    week: { seconds, hours: '0.00', billableAmount: '0.00' },
    month: { seconds, hours: '0.00', billableAmount: '0.00' },
    running: running
      ? {
          id: 9,
          projectId: 3,
          projectName: 'General',
          taskName: null,
          notes: null,
          startTime: startedAt,
          elapsedSeconds: seconds,
        }
      : null,
  });
}

function point(key: string, label: string, seconds: number) {
  return {
    key,
    label,
    seconds,
    hours: '0.01',
    billableSeconds: 0,
    billableHours: '0.00',
    billableAmount: '0.00',
    entries: 1,
    breakSeconds: 0,
  };
}

const emptyCharts = {
  'GET /api/v1/time-entries': () => emptyPage,
  'GET /api/v1/reports/series/hours-by-day': series('hours-by-day', []),
  'GET /api/v1/reports/series/by-project': series('by-project', []),
  'GET /api/v1/reports/series/billable-vs-non-billable': series('billable-vs-non-billable', []),
};

afterEach(async () => {
  await setLanguage('en');
});

describe('dashboard totals', () => {
  it('count a running timer up each second, not only when the API is asked again', async () => {
    mockApi({
      ...signedInRoutes(),
      ...emptyCharts,
      'GET /api/v1/timer/active': () => ({ items: [runningEntry] }),
      'GET /api/v1/reports/dashboard': dashboard(0, true),
    });
    renderApp('/');
    const today = await screen.findByTestId('total-Today');
    expect(today).toHaveTextContent(/^0:00:0\d$/);
    // The API answered once with 0 seconds; the card moves on by itself.
    await within(today.parentElement as HTMLElement).findByText(/^0:00:0[1-9]$/);
  });
});

describe('dashboard charts', () => {
  it('give the donuts a legend in hours and minutes, also when only seconds were tracked', async () => {
    mockApi({
      ...signedInRoutes(),
      ...emptyCharts,
      'GET /api/v1/reports/dashboard': dashboard(42, false),
      'GET /api/v1/reports/series/hours-by-day': series('hours-by-day', [
        point('2026-03-02', '2026-03-02', 42),
      ]),
      'GET /api/v1/reports/series/by-project': series('by-project', [
        point('3', 'General', 30),
        point('4', 'Website', 12),
      ]),
    });
    renderApp('/');
    const legend = await screen.findByRole('list', { name: 'Time by project' });
    expect(within(legend).getByText('General')).toBeInTheDocument();
    expect(within(legend).getByText('< 1 min · 71%')).toBeInTheDocument();
    expect(within(legend).getByText('Website')).toBeInTheDocument();
    // No billable split at all: says so instead of drawing an empty ring.
    const split = screen.getByRole('region', { name: 'Billable split, this month' });
    expect(await within(split).findByText(/Nothing tracked this month yet/)).toBeInTheDocument();
  });
});

describe('starting a timer', () => {
  const warned = {
    ...runningEntry,
    warnings: [
      {
        code: 'OVERLAP',
        entryId: 5,
        projectName: 'General',
        startTime: '2026-03-02T08:00:00Z',
        endTime: '2026-03-02T16:00:00Z',
        // English, in the API's choice of zone: the notice words the fields instead.
        detail: 'Overlaps entry #5 (General, 2026-03-02 00:00–08:00)',
      },
    ],
  };

  it('from a favourite or a recent combination says which entry the timer overlaps', async () => {
    const favourite = {
      id: 1,
      projectId: 3,
      projectName: 'General',
      clientName: null,
      taskId: null,
      taskName: null,
      notes: 'standup',
      tags: [],
      billable: null,
      position: 1,
      createdAt: startedAt,
    };
    mockApi({
      ...signedInRoutes(),
      ...emptyCharts,
      'GET /api/v1/reports/dashboard': dashboard(0, false),
      'GET /api/v1/favourites': () => ({ items: [favourite] }),
      'GET /api/v1/time-entries/recent-combinations': () => ({
        items: [{ ...favourite, notes: 'review', lastStartTime: startedAt, billable: true }],
      }),
      'POST /api/v1/favourites/1/start': () => warned,
      'POST /api/v1/timer/start': () => warned,
    });
    const user = userEvent.setup();
    renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Start favourite 1: General · standup' }));
    // Said in the catalog's words for the warning's code (the API's English detail is not shown).
    expect(
      await screen.findByText('Started, but it overlaps entry #5 (General, 03/02/2026, 09:00–17:00).'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start recent: General · review' }));
    await expect
      .poll(() => screen.queryAllByText(/^Started, but it overlaps entry #5/).length)
      .toBeGreaterThanOrEqual(2);
  });

  it('in German: the timer, the favourites, the layout and the overlap notice', async () => {
    const favourite = {
      id: 1,
      projectId: 3,
      projectName: 'General',
      clientName: null,
      taskId: null,
      taskName: null,
      notes: 'standup',
      tags: [],
      billable: null,
      position: 1,
    };
    mockApi({
      ...signedInRoutes(),
      ...emptyCharts,
      'GET /api/v1/timer/active': () => ({ items: [{ ...runningEntry, breakSeconds: 600 }] }),
      'GET /api/v1/reports/dashboard': dashboard(0, true),
      'GET /api/v1/favourites': () => ({ items: [favourite] }),
      'GET /api/v1/time-entries/recent-combinations': () => ({ items: [] }),
      'POST /api/v1/favourites/1/start': () => warned,
    });
    await setLanguage('de');
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Übersicht' })).toBeInTheDocument();
    expect(screen.getByText('Hallo, admin')).toBeInTheDocument();
    const timer = await screen.findByTestId('running-timer');
    expect(within(timer).getByText('Läuft')).toBeInTheDocument();
    expect(within(timer).getByRole('button', { name: 'Stoppen' })).toBeInTheDocument();
    expect(within(timer).getByText(/^bisherige Pausen 0:10$/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Weiteren starten' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Favoriten' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Letzte Einträge' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Hauptnavigation' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Zeiteinträge' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Konto: admin' })).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Favorit 1 starten: General · standup' }));
    // The project and times in German and in the viewer's zone (Europe/Rome), not the API's text.
    expect(
      await screen.findByText(
        'Gestartet, überschneidet sich aber mit Eintrag #5 (General, 02.03.2026, 09:00–17:00).',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Überlappende Einträge')).toBeInTheDocument();
  });
});

describe('editing a favourite', () => {
  const favourite = {
    id: 1,
    projectId: 3,
    projectName: 'General',
    clientName: null,
    taskId: null,
    taskName: null,
    notes: 'standup',
    tags: ['tag-001'],
    billable: null,
    position: 1,
    createdAt: startedAt,
  };
  // 500 tags: the picker offers the first matches of what is typed, not all of them.
  const tags = Array.from({ length: 500 }, (_, i) => ({
    id: i + 1,
    name: `tag-${String(i + 1).padStart(3, '0')}`,
    colour: null,
    archived: false,
    entries: 0,
    createdAt: startedAt,
  }));

  // 500 tags in two pickers (the timer's and the dialog's): more than 20 s on a busy machine.
  it(
    'changes its tags with the picker; a new name goes in the save, and a refused save keeps the form',
    { timeout: 60_000 },
    async () => {
      let refuse = true;
      const { calls } = mockApi({
        ...signedInRoutes(),
        ...emptyCharts,
        'GET /api/v1/reports/dashboard': dashboard(0, false),
        'GET /api/v1/favourites': () => ({ items: [favourite] }),
        'GET /api/v1/tags': () => ({ items: tags, total: tags.length, page: 1, pageSize: 1000 }),
        'PATCH /api/v1/favourites/1': (call) =>
          refuse
            ? problem(400, 'The tag "tag-002" is archived: it cannot be added')
            : { ...favourite, ...(call.body as object) },
      });
      const user = userEvent.setup();
      renderApp('/');
      // The first render also loads the page's chunk: slow on a busy machine.
      await user.click(await screen.findByRole('button', { name: 'Edit favourite 1' }, { timeout: 30_000 }));
      const dialog = await screen.findByRole('dialog', { name: 'Edit favourite' });
      const picker = within(dialog).getByRole('textbox', { name: 'Tags' });
      await user.click(picker);
      // Typed, not pasted: the picker takes a paste as whole tags.
      await user.type(picker, 'tag-4');
      const list = () => document.getElementById(picker.getAttribute('aria-controls') ?? '')!;
      // hidden: jsdom never finishes the dropdown's opening transition
      await expect
        .poll(() =>
          within(list())
            .queryAllByRole('option', { hidden: true })
            .map((o) => o.textContent),
        )
        .toEqual(expect.arrayContaining(['tag-400', 'tag-419']));
      expect(within(list()).getAllByRole('option', { hidden: true }).length).toBeLessThanOrEqual(20);
      await user.click(within(list()).getByRole('option', { name: 'tag-400', hidden: true }));
      await user.type(picker, 'brand-new{Enter}');
      await user.click(within(dialog).getByRole('button', { name: 'Save' }));

      expect(await within(dialog).findByText(/is archived/)).toBeInTheDocument();
      const patches = () => calls.filter((c) => c.method === 'PATCH');
      expect(patches().at(-1)?.body).toEqual({ notes: 'standup', tags: ['tag-001', 'tag-400', 'brand-new'] });
      // The new name is only ever sent with the save: nothing creates it on its own.
      expect(calls.some((c) => c.method === 'POST' && c.path.startsWith('/api/v1/tags'))).toBe(false);

      refuse = false;
      await user.click(within(dialog).getByRole('button', { name: 'Save' }));
      await waitForElementToBeRemoved(() => screen.queryByRole('dialog', { name: 'Edit favourite' }));
      expect(patches()).toHaveLength(2);
    },
  );
});
