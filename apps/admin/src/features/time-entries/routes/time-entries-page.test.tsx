import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProjectResponse, TimeEntryResponse } from '@timetracker/contracts';
import { afterEach, describe, expect, it } from 'vitest';

import { setLanguage } from '@/i18n/i18n';

import { mockApi, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const general: ProjectResponse = {
  id: 3,
  name: 'General',
  clientId: 1,
  clientName: 'Default Client',
  description: null,
  billable: true,
  hourlyRate: null,
  roundingMinutes: null,
  roundingMode: null,
  billingRef: null,
  visibility: 'public',
  memberIds: [],
  teamIds: [],
  status: 'active',
  createdAt: null,
  updatedAt: null,
};

function entry(over: Partial<TimeEntryResponse>): TimeEntryResponse {
  return {
    id: 1,
    userId: 1,
    username: 'admin',
    projectId: 3,
    projectName: 'General',
    clientId: 1,
    clientName: 'Default Client',
    taskId: null,
    taskName: null,
    // 08:00 UTC is 09:00 in Rome (the settings time zone) in March.
    startTime: '2026-03-02T08:00:00.000Z',
    endTime: '2026-03-02T09:30:00.000Z',
    durationSeconds: 5400,
    notes: 'Planning',
    tags: ['plan'],
    source: 'manual',
    billable: true,
    running: false,
    invoiceItemId: null,
    locked: false,
    createdAt: null,
    updatedAt: null,
    stoppedReason: null,
    autoStoppedAt: null,
    rawSeconds: 5400,
    breakSeconds: 0,
    pausedAt: null,
    paused: false,
    ...over,
  };
}

const entries = [
  entry({}),
  entry({ id: 2, notes: 'Invoiced work', locked: true, invoiceItemId: 9 }),
  entry({
    id: 3,
    notes: 'Forgot to stop',
    source: 'auto',
    stoppedReason: 'idle',
    autoStoppedAt: '2026-03-02T10:00:00Z',
  }),
];

function routes() {
  return {
    ...signedInRoutes(),
    'GET /api/v1/projects': () => ({ items: [general], total: 1, page: 1, pageSize: 500 }),
    'GET /api/v1/time-entries': () => ({ items: entries, total: 3, page: 1, pageSize: 25 }),
  };
}

afterEach(async () => {
  await setLanguage('en');
});

describe('time entries', () => {
  it('opens the entry a mail links to (?entry=<id>, an idle stop) for correction', async () => {
    const { calls } = mockApi({ ...routes(), 'GET /api/v1/time-entries/3': () => entries[2] });
    renderApp('/time-entries?entry=3');
    const dialog = await screen.findByRole('dialog', { name: 'Edit time entry' });
    expect(within(dialog).getByLabelText('Notes')).toHaveValue('Forgot to stop');
    expect(calls.some((c) => c.path === '/api/v1/time-entries/3')).toBe(true);
  });

  it('speaks German: headings, badges, actions, the count and the navigation', async () => {
    mockApi(routes());
    await setLanguage('de');
    renderApp('/time-entries');
    const table = await screen.findByRole('table', { name: 'Zeiteinträge' });
    expect(screen.getByRole('heading', { name: 'Zeiteinträge' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Für mehrere Tage' })).toBeInTheDocument();
    expect(within(table).getByRole('button', { name: 'Dauer' })).toBeInTheDocument();
    expect(within(table).getByText('Abgerechnet')).toBeInTheDocument();
    expect(within(table).getByText('Nach Inaktivität automatisch gestoppt')).toBeInTheDocument();
    expect(
      within(table).getByRole('button', { name: /ist gesperrt: Auf einer Rechnung/ }),
    ).toBeInTheDocument();
    expect(within(table).getAllByRole('button', { name: /^Eintrag vom .* bearbeiten$/ })).toHaveLength(2);
    expect(screen.getByText('3 Einträge')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Stundenzettel' })).toBeInTheDocument();
    expect(screen.getByRole('search', { name: 'Einträge filtern' })).toBeInTheDocument();
    expect(screen.queryByText(/^(Time entries|Add entry|Invoiced|Duration)$/)).not.toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Eintrag hinzufügen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Zeiteintrag hinzufügen' });
    expect(within(dialog).getByLabelText('Notizen')).toBeInTheDocument();
    expect(within(dialog).getByText(/Nicht gearbeitet, nicht abgerechnet/)).toBeInTheDocument();
  });

  it('shows times in the settings time zone, explains locked and auto-stopped entries, and sorts', async () => {
    const { calls } = mockApi(routes());
    renderApp('/time-entries');
    const table = await screen.findByRole('table', { name: 'Time entries' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0] as HTMLElement).getByText('09:00–10:30')).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByText('1:30:00')).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByText('plan')).toBeInTheDocument();

    // Locked: no edit or delete, and a reason.
    const locked = rows[1] as HTMLElement;
    expect(within(locked).getByText('Invoiced')).toBeInTheDocument();
    expect(
      within(locked).getByRole('button', { name: /is locked: Billed on an invoice/ }),
    ).toBeInTheDocument();
    expect(within(locked).queryByRole('button', { name: /^Edit/ })).not.toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText('Auto-stopped after idle')).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'Duration' }));
    await expect
      .poll(() =>
        calls
          .filter((c) => c.path === '/api/v1/time-entries')
          .at(-1)
          ?.query.get('sort'),
      )
      .toBe('durationSeconds');
    await user.click(
      within(await screen.findByRole('table', { name: 'Time entries' })).getByRole('button', {
        name: 'Duration',
      }),
    );
    await expect
      .poll(() =>
        calls
          .filter((c) => c.path === '/api/v1/time-entries')
          .at(-1)
          ?.query.get('sort'),
      )
      .toBe('-durationSeconds');
  });

  it('goes to the next and previous pages by cursor, and shows an estimated total as "about"', async () => {
    // Page n answers with the cursor of page n + 1; a cursor says which page it leads to.
    const { calls } = mockApi({
      ...routes(),
      'GET /api/v1/time-entries': ({ query }) => {
        const cursor = query.get('cursor');
        const n = cursor ? Number(cursor.replace('cursor-', '')) : Number(query.get('page') ?? 1);
        return {
          items: entries.map((e) => ({ ...e, id: e.id + 100 * n })),
          total: 1_234_567,
          totalIsEstimate: true,
          page: n,
          pageSize: 25,
          nextCursor: `cursor-${n + 1}`,
        };
      },
    });
    renderApp('/time-entries');
    await screen.findByRole('table', { name: 'Time entries' });
    expect(screen.getByText('about 1234567 entries')).toBeInTheDocument();
    const lastList = () => calls.filter((c) => c.path === '/api/v1/time-entries').at(-1)!.query;
    expect(lastList().get('page')).toBe('1');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: '2' }));
    await expect.poll(() => lastList().get('cursor')).toBe('cursor-2');
    expect(lastList().get('page')).toBeNull();
    await user.click(screen.getByRole('button', { name: '3' }));
    await expect.poll(() => lastList().get('cursor')).toBe('cursor-3');
    // Back to 2 and 1: the answers to the cursor and to page 1 (cached), never page=2; a jump:
    // by number.
    await user.click(screen.getByRole('button', { name: '2' }));
    await expect.poll(() => screen.getByRole('button', { name: '2' }).hasAttribute('data-active')).toBe(true);
    await user.click(screen.getByRole('button', { name: '1' }));
    await expect.poll(() => screen.getByRole('button', { name: '1' }).hasAttribute('data-active')).toBe(true);
    await user.click(screen.getByRole('button', { name: '49383' }));
    await expect.poll(() => lastList().get('page')).toBe('49383');
    expect(lastList().get('cursor')).toBeNull();
    expect(calls.filter((c) => c.path === '/api/v1/time-entries').map((c) => c.query.get('page'))).toEqual([
      '1',
      null,
      null,
      '49383',
    ]);
  });

  it('edits an entry, sending its times back as the same instants', async () => {
    const { calls } = mockApi({
      ...routes(),
      'PATCH /api/v1/time-entries/1': ({ body }) => entry(body as Partial<TimeEntryResponse>),
    });
    renderApp('/time-entries');
    const user = userEvent.setup();
    const table = await screen.findByRole('table', { name: 'Time entries' });
    await user.click(within(table).getAllByRole('button', { name: /^Edit entry/ })[0] as HTMLElement);
    const dialog = await screen.findByRole('dialog', { name: 'Edit time entry' });
    // The pickers show wall-clock time in Europe/Rome.
    expect(within(dialog).getByRole('button', { name: /^Start/ })).toHaveTextContent('2026-03-02 09:00');
    expect(within(dialog).getByRole('button', { name: /^End/ })).toHaveTextContent('2026-03-02 10:30');

    await user.clear(within(dialog).getByLabelText('Notes'));
    await user.type(within(dialog).getByLabelText('Notes'), 'Planning, revised');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await expect
      .poll(() => calls.find((c) => c.method === 'PATCH')?.body)
      .toMatchObject({
        projectId: 3,
        startTime: '2026-03-02T08:00:00.000Z',
        endTime: '2026-03-02T09:30:00.000Z',
        notes: 'Planning, revised',
        tags: ['plan'],
      });
  });
});
