import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { setLanguage } from '@/i18n/i18n';

import { type ApiCall, mockApi, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const emptySummary = (call: ApiCall) => ({
  from: null,
  to: null,
  timezone: 'Europe/Rome',
  currency: 'EUR',
  groupBy: ['project'],
  priceAs: call.query.get('priceAs') ?? 'exact',
  totals: {
    seconds: 0,
    hours: '0.00',
    billableSeconds: 0,
    billableHours: '0.00',
    billableAmount: '0.00',
    entries: 0,
    breakSeconds: 0,
  },
  rows: [],
});

afterEach(async () => {
  await setLanguage('en');
});

describe('amounts as invoiced', () => {
  it('asks for the amounts an invoice would charge and says what they are', async () => {
    const { calls } = mockApi({ ...signedInRoutes(), 'GET /api/v1/reports/summary': emptySummary });
    renderApp('/reports');
    expect(await screen.findByText(/exact price of the billable time/)).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/reports/summary')?.query.has('priceAs')).toBe(false);

    const user = userEvent.setup();
    await user.click(screen.getByRole('textbox', { name: 'Amounts' }));
    // hidden: jsdom never finishes the dropdown's opening transition, so its options stay hidden
    const option = await screen.findByRole('option', { name: 'As invoiced per task', hidden: true });
    await user.click(option);
    expect(await screen.findByText(/an invoice with one line per task would charge/)).toBeInTheDocument();
    expect(
      calls
        .filter((c) => c.path === '/api/v1/reports/summary')
        .at(-1)
        ?.query.get('priceAs'),
    ).toBe('task');
  });
});

describe('CSV export', () => {
  it('names the columns in words, not the file’s column names', async () => {
    mockApi({ ...signedInRoutes(), 'GET /api/v1/reports/summary': emptySummary });
    renderApp('/reports');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export CSV' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export time entries as CSV' });
    expect(within(dialog).getByRole('checkbox', { name: 'Duration in seconds' })).toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: 'Invoice number' })).toBeInTheDocument();
    expect(within(dialog).queryByText(/duration seconds|_/)).toBeNull();
  });

  it('offers the money columns the report shows the viewer, cost and margin only with cost', async () => {
    const open = async () => {
      await screen.findByLabelText('Report totals'); // the summary says which money the viewer sees
      await userEvent.setup().click(await screen.findByRole('button', { name: 'Export CSV' }));
      return screen.findByRole('dialog', { name: 'Export time entries as CSV' });
    };
    const withCost = (call: ApiCall) => {
      const summary = emptySummary(call);
      return { ...summary, totals: { ...summary.totals, costAmount: '0.00', margin: '0.00' } };
    };
    mockApi({ ...signedInRoutes(), 'GET /api/v1/reports/summary': withCost });
    const books = renderApp('/reports');
    let dialog = await open();
    expect(within(dialog).getByRole('checkbox', { name: 'Amount' })).toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: /^Cost/ })).toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: /^Margin/ })).toBeInTheDocument();
    books.unmount();

    // A plain user's report has no money: neither has the export.
    const noMoney = (call: ApiCall) => {
      const summary = emptySummary(call);
      const { billableAmount: _hidden, ...totals } = summary.totals;
      return { ...summary, totals };
    };
    mockApi({ ...signedInRoutes(), 'GET /api/v1/reports/summary': noMoney });
    renderApp('/reports');
    dialog = await open();
    await within(dialog).findByRole('checkbox', { name: 'Invoice number' });
    for (const money of ['Hourly rate', 'Amount', /^Cost/, /^Margin/])
      expect(within(dialog).queryByRole('checkbox', { name: money })).toBeNull();
  });
});

describe('breaks', () => {
  it('shows the break total beside the durations and per row, not counted in them', async () => {
    const figures = {
      seconds: 5400,
      hours: '1.50',
      billableSeconds: 5400,
      billableHours: '1.50',
      billableAmount: '127.50',
      entries: 2,
      breakSeconds: 900,
    };
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/reports/summary': (call: ApiCall) => ({
        ...emptySummary(call),
        totals: figures,
        rows: [{ ...figures, groups: [{ dimension: 'project', key: '3', label: 'Website' }] }],
      }),
    });
    renderApp('/reports');
    const totals = await screen.findByLabelText('Report totals');
    const breaks = within(totals).getByText('Breaks (not counted)').parentElement as HTMLElement;
    expect(within(breaks).getByText('0:15:00')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Report' });
    expect(within(table).getByRole('columnheader', { name: 'Break hours' })).toBeInTheDocument();
    const row = within(table).getByText('Website').closest('tr') as HTMLElement;
    expect(within(row).getByText('0.25 h')).toBeInTheDocument();
    expect(within(row).getAllByText('1.5 h')).toHaveLength(2); // hours and billable hours, breaks apart
  });
});

describe('time zone and first day of the week', () => {
  // Two dropdowns, one of 400 zones: more than the default 20 s on a busy machine.
  it('default to the person’s preferences and, once picked, go to the API', { timeout: 45_000 }, async () => {
    const { calls } = mockApi({ ...signedInRoutes(), 'GET /api/v1/reports/summary': emptySummary });
    renderApp('/reports?group=week');
    const zone = await screen.findByRole('textbox', { name: 'Time zone' });
    const weekStart = screen.getByRole('textbox', { name: 'Weeks start on' });
    // Settings' zone (no personal one) and Monday: what the API uses when it is not told.
    expect(zone).toHaveValue('Europe/Rome');
    expect(weekStart).toHaveValue('Monday');
    const lastQuery = () => calls.filter((c) => c.path === '/api/v1/reports/summary').at(-1)?.query;
    expect(lastQuery()?.has('timezone')).toBe(false);
    expect(lastQuery()?.has('weekStart')).toBe(false);

    const user = userEvent.setup();
    await user.click(weekStart);
    await user.click(await screen.findByRole('option', { name: 'Sunday', hidden: true }));
    await expect.poll(() => lastQuery()?.get('weekStart')).toBe('sunday');

    await user.clear(zone);
    await user.paste('Tokyo');
    await user.click(await screen.findByRole('option', { name: 'Asia/Tokyo', hidden: true }));
    await expect.poll(() => lastQuery()?.get('timezone')).toBe('Asia/Tokyo');
    expect(lastQuery()?.get('weekStart')).toBe('sunday');
  });
});

describe('in German', () => {
  it('words the tag filter and the zone and week selectors', async () => {
    mockApi({ ...signedInRoutes(), 'GET /api/v1/reports/summary': emptySummary });
    await setLanguage('de');
    renderApp('/reports?tags=a,b');
    expect(await screen.findByRole('textbox', { name: 'Zeitzone' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Wochen beginnen am' })).toHaveValue('Montag');
    expect(screen.getByRole('textbox', { name: 'Schlagwörter' })).toBeInTheDocument();
    expect(screen.getByRole('radiogroup', { name: 'Schlagwörter abgleichen' })).toBeInTheDocument();
    expect(screen.getByText('Eines davon')).toBeInTheDocument();
    expect(screen.queryByText('Any of them')).toBeNull();
  });
});
