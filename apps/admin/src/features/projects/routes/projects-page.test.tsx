import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ClientResponse } from '@timetracker/contracts';
import { describe, expect, it } from 'vitest';

import { emptyPage, mockApi, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const client = (id: number, name: string, defaultHourlyRate: string | null): ClientResponse => ({
  id,
  name,
  description: null,
  contactPerson: null,
  email: null,
  phone: null,
  address: null,
  defaultHourlyRate,
  roundingMinutes: null,
  roundingMode: null,
  status: 'active',
  projectCount: 0,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

/** Types into a searchable select and takes the first match, as a keyboard user would. */
async function pick(input: HTMLElement, name: string) {
  const user = userEvent.setup();
  await user.clear(input);
  await user.type(input, name);
  await user.keyboard('{ArrowDown}{Enter}');
  expect(input).toHaveValue(name);
}

describe('project form', () => {
  it("shows the chosen client's default rate where the rate is left empty", async () => {
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/projects': () => emptyPage,
      'GET /api/v1/clients': () => ({
        items: [client(1, 'Acme', '95.00'), client(2, 'Beta', null)],
        total: 2,
        page: 1,
        pageSize: 500,
      }),
    });
    renderApp('/projects');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New project' }));
    const dialog = await screen.findByRole('dialog', { name: 'New project' });
    const rate = within(dialog).getByLabelText('Hourly rate');
    // No client: no made-up example figure.
    expect(rate).not.toHaveAttribute('placeholder', '85.00');

    await pick(within(dialog).getByRole('textbox', { name: 'Client' }), 'Acme');
    expect(rate).toHaveAttribute('placeholder', '95.00');
    expect(within(dialog).getByText(/the client's default, 95\.00/)).toBeInTheDocument();

    await pick(within(dialog).getByRole('textbox', { name: 'Client' }), 'Beta');
    expect(rate).not.toHaveAttribute('placeholder');
    expect(within(dialog).getByText(/empty: no rate/)).toBeInTheDocument();
  });
});
