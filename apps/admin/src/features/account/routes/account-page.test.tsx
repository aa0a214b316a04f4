import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { PreferencesResponse } from '@timetracker/contracts';
import { afterEach, describe, expect, it } from 'vitest';

import { setLanguage } from '@/i18n/i18n';

import { defaultPreferences, mockApi, problem, session, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const sessions = {
  items: [
    {
      id: 'a'.repeat(64),
      current: true,
      createdAt: '2026-03-02T13:05:00Z',
      lastSeenAt: '2026-03-02T13:05:00Z',
      expiresAt: '2026-03-16T13:05:00Z',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0',
      ip: '10.0.0.1',
    },
    {
      id: 'b'.repeat(64),
      current: false,
      createdAt: '2026-03-01T08:00:00Z',
      lastSeenAt: '2026-03-01T09:00:00Z',
      expiresAt: '2026-03-15T08:00:00Z',
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1',
      ip: null,
    },
  ],
};

describe('my account', () => {
  it('saves preferences, and times everywhere follow the new zone and clock at once', async () => {
    let saved: PreferencesResponse = { ...defaultPreferences, dateFormat: 'YYYY-MM-DD' };
    const { calls } = mockApi({
      ...signedInRoutes(),
      'GET /api/v1/auth/me': () => session(undefined, saved),
      'GET /api/v1/account/sessions': () => sessions,
      'PATCH /api/v1/account/preferences': ({ body }) => {
        // As if the zone and clock had been picked too (Mantine's pickers are not driven here).
        saved = {
          ...saved,
          ...(body as object),
          timezone: 'Pacific/Auckland',
          effectiveTimezone: 'Pacific/Auckland',
          clock: '12h',
        };
        return saved;
      },
    });
    renderApp('/account');
    // 13:05 UTC in Rome (the company's zone) is 14:05.
    const list = await screen.findByRole('list');
    expect(await within(list).findByText(/Signed in 2026-03-02 14:05/)).toBeInTheDocument();
    expect(within(list).getByText('Firefox on Linux')).toBeInTheDocument();
    expect(within(list).getByText('Safari on iOS')).toBeInTheDocument();

    fireEvent.change(screen.getByRole('textbox', { name: /Weekly target/ }), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }));

    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({
        timezone: null,
        clock: '24h',
        weeklyTargetSeconds: 108000,
      }),
    );
    // 13:05 UTC is 2:05 AM the next day in Auckland (UTC+13).
    expect(await within(list).findByText(/Signed in 2026-03-03 2:05 AM/)).toBeInTheDocument();
  });

  it('says so on the field when the current password is wrong', async () => {
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/account/sessions': () => sessions,
      'PUT /api/v1/account/password': () => problem(403, 'The current password is wrong'),
    });
    renderApp('/account');
    fireEvent.change(await screen.findByLabelText(/^Current password/), { target: { value: 'nope' } });
    fireEvent.change(screen.getByLabelText(/^New password\s*\*?$/), {
      target: { value: 'amber-lantern-5521' },
    });
    fireEvent.change(screen.getByLabelText(/^New password again/), {
      target: { value: 'amber-lantern-5521' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('This is not your current password')).toBeInTheDocument();
  });
});

const checklistRoutes = () => ({
  ...signedInRoutes(),
  'GET /api/v1/setup': () => ({
    items: [
      { key: 'company', done: false, detail: 'Company name and address are still the placeholders' },
      { key: 'timezone', done: true, detail: 'Europe/Rome' },
      { key: 'currency', done: true, detail: 'EUR' },
      { key: 'signUp', done: true, detail: 'Closed' },
      { key: 'client', done: false, detail: 'Only the example client so far' },
      { key: 'project', done: false, detail: 'Only the example project so far' },
    ],
    complete: false,
    dismissed: false,
    show: true,
  }),
  'GET /api/v1/time-entries': () => ({ items: [], total: 0, page: 1, pageSize: 5 }),
  'GET /api/v1/reports/dashboard': () => ({
    timezone: 'Europe/Rome',
    currency: 'EUR',
    today: { seconds: 0, hours: '0.00', billableAmount: '0.00' },
    week: { seconds: 0, hours: '0.00', billableAmount: '0.00' },
    month: { seconds: 0, hours: '0.00', billableAmount: '0.00' },
    running: null,
  }),
  'GET /api/v1/reports/series/hours-by-day': () => ({
    series: 'hours-by-day',
    from: null,
    to: null,
    timezone: 'Europe/Rome',
    currency: 'EUR',
    points: [],
  }),
  'GET /api/v1/reports/series/by-project': () => ({
    series: 'by-project',
    from: null,
    to: null,
    timezone: 'Europe/Rome',
    currency: 'EUR',
    points: [],
  }),
  'GET /api/v1/reports/series/billable-vs-non-billable': () => ({
    series: 'billable-vs-non-billable',
    from: null,
    to: null,
    timezone: 'Europe/Rome',
    currency: 'EUR',
    points: [],
  }),
});

describe('the first-run checklist', () => {
  afterEach(() => setLanguage('en'));

  it('shows admins what is left, linking to where it is done, and cannot be hidden before it is complete', async () => {
    mockApi(checklistRoutes());
    renderApp('/');
    // The dashboard page and its charts load lazily: slow on a busy machine.
    const card = await screen.findByRole('region', { name: 'Set up TimeTracker' }, { timeout: 20_000 });
    expect(within(card).getByRole('link', { name: 'Fill in' })).toHaveAttribute(
      'href',
      '/settings#settings-company',
    );
    expect(
      within(card)
        .getAllByRole('link', { name: 'Add' })
        .map((a) => a.getAttribute('href')),
    ).toEqual(['/clients', '/projects']);
    expect(within(card).getByLabelText('3 of 6 done')).toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: 'Hide this list' })).toBeNull();
  });

  it('speaks German, the server’s English states included', async () => {
    await setLanguage('de');
    mockApi(checklistRoutes());
    renderApp('/');
    const card = await screen.findByRole('region', { name: 'TimeTracker einrichten' }, { timeout: 20_000 });
    expect(within(card).getByRole('link', { name: 'Ausfüllen' })).toHaveAttribute(
      'href',
      '/settings#settings-company',
    );
    expect(within(card).getByLabelText('3 von 6 erledigt')).toBeInTheDocument();
    expect(within(card).getByText('Bisher nur der Beispielkunde')).toBeInTheDocument();
    expect(within(card).getByText('Geschlossen')).toBeInTheDocument();
  });
});

describe('my account in German', () => {
  afterEach(() => setLanguage('en'));

  it('says everything in German', async () => {
    await setLanguage('de');
    mockApi({ ...signedInRoutes(), 'GET /api/v1/account/sessions': () => sessions });
    renderApp('/account');
    expect(await screen.findByRole('heading', { name: 'Mein Konto' })).toBeInTheDocument();
    const list = await screen.findByRole('list');
    expect(await within(list).findByText('Firefox auf Linux')).toBeInTheDocument();
    expect(within(list).getByText('Dieses Gerät')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Passwort ändern' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Einstellungen speichern' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Wochenziel/ })).toBeInTheDocument();
  });
});
