import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

describe('CSV export', () => {
  it('names the columns in words, not the file’s column names', async () => {
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/reports/summary': () => ({
        from: null,
        to: null,
        timezone: 'Europe/Rome',
        currency: 'EUR',
        groupBy: ['project'],
        totals: {
          seconds: 0,
          hours: '0.00',
          billableSeconds: 0,
          billableHours: '0.00',
          billableAmount: '0.00',
          entries: 0,
        },
        rows: [],
      }),
    });
    renderApp('/reports');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export CSV' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export time entries as CSV' });
    expect(within(dialog).getByRole('checkbox', { name: 'Duration in seconds' })).toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: 'Invoice number' })).toBeInTheDocument();
    expect(within(dialog).queryByText(/duration seconds|_/)).toBeNull();
  });
});
