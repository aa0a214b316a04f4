import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { emptyPage, mockApi, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

describe('invoices on a new install', () => {
  it('invites to create the first invoice, and names statuses as people write them', async () => {
    mockApi({ ...signedInRoutes(), 'GET /api/v1/invoices': () => emptyPage });
    renderApp('/invoices');
    expect(await screen.findByText(/No invoices yet/)).toBeInTheDocument();
    expect(screen.queryByText('No invoices match.')).toBeNull();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Create the first one' }));
    expect(await screen.findByRole('dialog', { name: 'New invoice' })).toBeInTheDocument();
    await user.keyboard('{Escape}');

    const statuses = screen.getByRole('radiogroup', { name: 'Status' });
    for (const label of ['All', 'Draft', 'Sent', 'Paid', 'Overdue', 'Cancelled'])
      expect(within(statuses).getByText(label)).toBeInTheDocument();
    await user.click(within(statuses).getByText('Draft'));
    expect(await screen.findByText('No invoices match this search or status.')).toBeInTheDocument();
  });
});
