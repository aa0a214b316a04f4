import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ClientResponse } from '@timetracker/contracts';
import { describe, expect, it } from 'vitest';

import { mockApi, plainUser, problem, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const acme: ClientResponse = {
  id: 7,
  name: 'Acme',
  description: null,
  contactPerson: 'Wile E.',
  email: 'wile@acme.test',
  phone: null,
  address: null,
  defaultHourlyRate: '85.00',
  roundingMinutes: null,
  roundingMode: null,
  status: 'active',
  projectCount: 2,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('clients', () => {
  it('lists clients with their rate in the settings currency and filters by search and status', async () => {
    const { calls } = mockApi({
      ...signedInRoutes(),
      'GET /api/v1/clients': () => ({ items: [acme], total: 1, page: 1, pageSize: 25 }),
    });
    renderApp('/clients');
    const table = await screen.findByRole('table', { name: 'Clients' });
    const row = within(table).getByText('Acme').closest('tr') as HTMLElement;
    expect(within(row).getByText('€85.00')).toBeInTheDocument();
    expect(within(row).getByText('Active')).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Archived' }));
    await user.type(screen.getByRole('textbox', { name: 'Search' }), 'ac');
    await screen.findByRole('table', { name: 'Clients' });
    await expect
      .poll(() => {
        const last = calls
          .filter((c) => c.path === '/api/v1/clients' && c.query.get('pageSize') === '25')
          .at(-1);
        return `${last?.query.get('status')} ${last?.query.get('search')}`;
      })
      .toBe('inactive ac');
  });

  it('validates with the contract before sending, and puts the API’s field errors on their fields', async () => {
    const { calls } = mockApi({
      ...signedInRoutes(),
      'GET /api/v1/clients': () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
      'POST /api/v1/clients': ({ body }) =>
        (body as { name: string }).name === 'Taken'
          ? problem(409, 'A client named Taken already exists')
          : problem(400, 'The request is invalid', [
              { path: 'email', message: 'this domain does not accept mail' },
            ]),
    });
    renderApp('/clients');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New client' }));
    const dialog = await screen.findByRole('dialog', { name: 'New client' });

    // Nothing typed: the contract's rules, shown on the fields, and nothing sent.
    await user.type(within(dialog).getByLabelText('Default hourly rate'), '12.345');
    await user.click(within(dialog).getByRole('button', { name: 'Create client' }));
    expect(within(dialog).getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByText(/up to 7 digits, 2 decimals/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText(/^Name/), 'Road Runner Inc');
    await user.clear(within(dialog).getByLabelText('Default hourly rate'));
    await user.type(within(dialog).getByLabelText('Email'), 'beep@desert.test');
    await user.click(within(dialog).getByRole('button', { name: 'Create client' }));
    expect(await within(dialog).findByText('this domain does not accept mail')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    const sent = calls.find((c) => c.method === 'POST');
    expect(sent?.body).toMatchObject({
      name: 'Road Runner Inc',
      email: 'beep@desert.test',
      defaultHourlyRate: null,
    });
    expect(sent?.headers.get('X-CSRF-Token')).toBe('csrf-123');

    // A conflict is about the whole record: shown above the form.
    await user.clear(within(dialog).getByLabelText(/^Name/));
    await user.type(within(dialog).getByLabelText(/^Name/), 'Taken');
    await user.click(within(dialog).getByRole('button', { name: 'Create client' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('A client named Taken already exists');
  });

  it('offers no create, edit or archive to a non-admin', async () => {
    mockApi({
      ...signedInRoutes(plainUser),
      'GET /api/v1/clients': () => ({ items: [acme], total: 1, page: 1, pageSize: 25 }),
    });
    renderApp('/clients');
    await screen.findByRole('table', { name: 'Clients' });
    expect(screen.queryByRole('button', { name: 'New client' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit Acme' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Archive Acme' })).not.toBeInTheDocument();
  });
});
