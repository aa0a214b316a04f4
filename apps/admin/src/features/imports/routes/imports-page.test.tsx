import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IMPORT_ROW_CODES, type ImportResponse, type ImportRowView } from '@timetracker/contracts';
import { afterEach, describe, expect, it } from 'vitest';

import { setLanguage } from '@/i18n/i18n';
import en from '@/i18n/locales/en.json';
import { adminUser, defaultPreferences, mockApi, session, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

afterEach(async () => {
  localStorage.clear();
  await setLanguage('en');
});

const row = (rowNumber: number, outcome: ImportRowView['outcome'], extra: Partial<ImportRowView>) => ({
  rowNumber,
  outcome,
  reason: null,
  code: null,
  params: null,
  user: 'anna@example.test',
  target: null,
  project: 'Website',
  startTime: null,
  endTime: null,
  durationSeconds: null,
  ...extra,
});

/** A run cancelled after writing 40 entries, with the rows it did not import. */
function cancelledRun(rows: ImportRowView[]): ImportResponse {
  return {
    id: 5,
    format: 'toggl',
    timezone: 'UTC',
    fileName: 'toggl.csv',
    fileSize: 2048,
    status: 'cancelled',
    mode: 'run',
    headers: ['Email'],
    mapping: {},
    columns: { email: 'Email' },
    progress: {
      rowsDone: 47,
      rowsTotal: 100,
      created: 40,
      skipped: 1,
      refused: Math.max(0, rows.length - 1),
    },
    cancelRequested: false,
    undoable: true,
    entries: 40,
    error: null,
    createdBy: { id: 1, username: 'admin' },
    createdAt: '2026-03-01T08:00:00Z',
    startedAt: '2026-03-01T08:00:01Z',
    finishedAt: '2026-03-01T08:00:09Z',
    undoneAt: null,
    rows: { items: rows, total: rows.length, page: 1, pageSize: 50 },
    unknownUsers: [],
  };
}

const reasonOf = async (rowNumber: number) =>
  within(await screen.findByTestId(`import-row-${rowNumber}`)).getAllByRole('cell')[2]!.textContent;

describe('the rows an import did not take', () => {
  it('say why in German, from each row’s code and values; older rows keep their English reason', async () => {
    const rows = [
      row(2, 'refuse', {
        reason: '"2026-02-30" is not a calendar day',
        code: 'bad_date',
        params: { problem: 'not_calendar_day', value: '2026-02-30' },
      }),
      row(3, 'refuse', {
        reason: 'ends (…) before it starts (…)',
        code: 'end_before_start',
        params: { start: '2026-03-27T10:00:00.000Z', end: '2026-03-27T09:00:00.000Z' },
      }),
      row(4, 'refuse', {
        reason: 'unknown user "zed@example.test": …',
        code: 'unknown_user',
        params: { user: 'zed@example.test' },
      }),
      row(5, 'refuse', {
        reason: 'lasts 30 h, more than the maximum 24 h',
        code: 'duration',
        params: { problem: 'too_long', seconds: 108_000, maxSeconds: 86_400 },
      }),
      row(6, 'refuse', {
        reason: 'locked period: …',
        code: 'locked',
        params: { lock: 'approved', weekStart: '2026-03-23' },
      }),
      row(7, 'refuse', {
        reason: 'overlaps entry #12 (settings.overlapPolicy is refuse)',
        code: 'overlap',
        params: { entryId: 12 },
      }),
      row(8, 'skip', { reason: 'already imported', code: 'already_imported', params: { meanwhile: false } }),
      // Stored before the codes: the English reason, as it is.
      row(9, 'refuse', { reason: 'no user or email' }),
      // A kind this dashboard does not know yet: the English reason too.
      row(10, 'refuse', {
        reason: 'the start is on the moon',
        code: 'bad_date',
        params: { problem: 'on_the_moon' },
      }),
    ];
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/auth/me': () => session(adminUser, { ...defaultPreferences, language: 'de' }),
      'GET /api/v1/imports/5': () => cancelledRun(rows),
    });
    renderApp('/imports?id=5');

    // The German catalog arrives after /auth/me: wait for it, then every row is in German.
    await screen.findByText('„2026-02-30“ ist kein Kalendertag');
    expect(await reasonOf(2)).toBe('„2026-02-30“ ist kein Kalendertag');
    expect(await reasonOf(3)).toMatch(
      /^Endet \(27\.03\.2026, \d\d:00\) vor dem Beginn \(27\.03\.2026, \d\d:00\)$/,
    );
    expect(await reasonOf(4)).toBe(
      'Unbekannter Benutzer „zed@example.test“: ordnen Sie ihn einem Benutzer zu oder erlauben Sie Platzhalter-Benutzer',
    );
    expect(await reasonOf(5)).toBe('Dauert 30:00:00, länger als das Maximum von 24:00:00');
    expect(await reasonOf(6)).toBe('Gesperrter Zeitraum: die Woche vom 23.03.2026 ist genehmigt');
    expect(await reasonOf(7)).toBe('Überschneidet sich mit Eintrag #12 (Überschneidungen werden abgelehnt)');
    expect(await reasonOf(8)).toBe('Bereits importiert');
    expect(await reasonOf(9)).toBe('no user or email');
    expect(await reasonOf(10)).toBe('the start is on the moon');
  });

  it('a run cancelled after writing entries can be undone: the confirmation counts them', async () => {
    let item = cancelledRun([]);
    const { calls } = mockApi({
      ...signedInRoutes(),
      'GET /api/v1/imports/5': () => item,
      'POST /api/v1/imports/5/undo': () => {
        item = { ...item, status: 'undone', undoable: false, entries: 0, undoneAt: '2026-03-01T09:00:00Z' };
        return item;
      },
    });
    renderApp('/imports?id=5');
    expect(await screen.findByText(/Or undo it: that deletes every entry it wrote\./)).toBeInTheDocument();
    // Finishing it stays possible next to the undo.
    expect(screen.getByRole('button', { name: 'Import again' })).toBeEnabled();
    await userEvent.click(screen.getByRole('button', { name: 'Undo import' }));
    const dialog = await screen.findByRole('dialog', { name: 'Undo this import?' });
    expect(within(dialog).getByText('The 40 entries this import made are deleted.')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Undo import' }));
    expect(await screen.findByText(/^Undone on .*: its entries were removed\./)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/api/v1/imports/5/undo']);
  });

  it('a cancelled import that wrote nothing offers no undo', async () => {
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/imports/5': () => ({
        ...cancelledRun([]),
        undoable: false,
        entries: 0,
        progress: { rowsDone: 0, rowsTotal: null, created: 0, skipped: 0, refused: 0 },
      }),
    });
    renderApp('/imports?id=5');
    expect(await screen.findByRole('button', { name: 'Import again' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Undo import' })).toBeNull();
    expect(screen.queryByText(/Or undo it/)).toBeNull();
  });

  it('each row says who it goes to: the user matched or mapped, a placeholder to be made, or nobody', async () => {
    const rows = [
      row(2, 'create', { target: { userId: 3, username: 'anna' } }),
      row(3, 'create', { user: 'zoe@old.example', target: { userId: 3, username: 'anna' } }),
      row(4, 'create', { user: 'zed@example.test', target: { placeholder: 'zed@example.test' } }),
      row(5, 'refuse', {
        user: 'carla@elsewhere.test',
        reason: 'unknown user …',
        code: 'unknown_user',
        params: { user: 'carla@elsewhere.test' },
      }),
    ];
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/imports/5': () => ({
        ...cancelledRun(rows),
        status: 'checked',
        mode: 'dry_run',
        undoable: false,
        entries: 0,
      }),
    });
    renderApp('/imports?id=5');
    const user = async (rowNumber: number) =>
      within(await screen.findByTestId(`import-row-${rowNumber}`)).getByTestId('import-row-user').textContent;
    expect(await user(2)).toBe('anna@example.test → anna');
    expect(await user(3)).toBe('zoe@old.example → anna');
    expect(await user(4)).toBe('zed@example.test → new placeholder user');
    expect(await user(5)).toBe('carla@elsewhere.test');
    // One child in the cell, labelled: on a phone it reads as one line of the row's card.
    const cell = screen.getByTestId('import-row-3').querySelector('td[data-label="User"]')!;
    expect(cell.children).toHaveLength(1);
  });

  it('every code the API sends has a message', () => {
    const reasons = en.imports.reasons as Record<string, unknown>;
    for (const code of IMPORT_ROW_CODES) expect(reasons, code).toHaveProperty(code);
  });
});
