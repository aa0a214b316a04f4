import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { InvoiceResponse } from '@timetracker/contracts';
import { describe, expect, it } from 'vitest';

import { emptyPage, mockApi, problem, settings, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const draft: InvoiceResponse = {
  id: 5,
  invoiceNumber: 'INV-1005',
  projectId: 2,
  projectName: 'Website',
  clientId: 3,
  clientName: 'Acme',
  clientEmail: 'billing@acme.test',
  clientAddress: '1 Road\nDesert',
  issueDate: '2026-03-01',
  dueDate: '2026-03-31',
  status: 'draft',
  subtotal: '170.00',
  taxRate: '0.00',
  taxAmount: '0.00',
  totalAmount: '170.00',
  currency: 'EUR',
  notes: null,
  terms: null,
  createdBy: 1,
  createdAt: '2026-03-01T09:00:00Z',
  updatedAt: '2026-03-01T09:00:00Z',
  items: [
    {
      id: 11,
      description: 'Design',
      quantity: '2.00',
      unitPrice: '85.00',
      totalAmount: '170.00',
      source: 'manual',
      timeEntryIds: [],
    },
  ],
};

function invoiceRoutes(invoice: () => InvoiceResponse) {
  return {
    ...signedInRoutes(),
    'GET /api/v1/invoices/5': () => invoice(),
    'GET /api/v1/time-entries': () => emptyPage,
  };
}

describe('editing a draft invoice', () => {
  it('edits a line: only the changed fields are sent, and the new amounts are shown', async () => {
    let current = draft;
    const { calls } = mockApi({
      ...invoiceRoutes(() => current),
      'PATCH /api/v1/invoices/5/items/11': ({ body }) => {
        const { quantity } = body as { quantity: string };
        current = {
          ...draft,
          subtotal: '255.00',
          totalAmount: '255.00',
          items: [{ ...draft.items[0]!, quantity: `${quantity}0`, totalAmount: '255.00' }],
        };
        return current;
      },
    });
    renderApp('/invoices/5');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit line Design' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit line' });
    expect(within(dialog).getByLabelText(/^Unit price/)).toHaveValue('85.00');

    // Plain words for the contract's rules, and nothing sent.
    await user.clear(within(dialog).getByLabelText(/^Description/));
    await user.clear(within(dialog).getByLabelText(/^Quantity/));
    await user.type(within(dialog).getByLabelText(/^Quantity/), '0');
    await user.click(within(dialog).getByRole('button', { name: 'Save line' }));
    expect(within(dialog).getByText('Required')).toBeInTheDocument();
    expect(within(dialog).getByText('must be more than zero')).toBeInTheDocument();
    expect(within(dialog).queryByText(/Too small/)).not.toBeInTheDocument();
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    await user.type(within(dialog).getByLabelText(/^Description/), 'Design');
    await user.clear(within(dialog).getByLabelText(/^Quantity/));
    await user.type(within(dialog).getByLabelText(/^Quantity/), '3');
    await user.click(within(dialog).getByRole('button', { name: 'Save line' }));
    await screen.findByText('Line updated');
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ quantity: '3' });
    expect(await screen.findByTestId('invoice-total')).toHaveTextContent('€255.00');
  });

  it('edits the bill-to details, tax rate and notes, with the API’s errors on their fields', async () => {
    let current = draft;
    const { calls } = mockApi({
      ...invoiceRoutes(() => current),
      'PATCH /api/v1/invoices/5': ({ body }) => {
        const patch = body as Partial<InvoiceResponse>;
        if (patch.clientEmail === 'nobody@nowhere.test') {
          return problem(400, 'The request is invalid', [
            { path: 'clientEmail', message: 'Too big: expected string to have <=200 characters' },
          ]);
        }
        current = { ...draft, ...patch, taxRate: '20.00', taxAmount: '34.00', totalAmount: '204.00' };
        return current;
      },
    });
    renderApp('/invoices/5');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit invoice details' });
    expect(within(dialog).getByLabelText(/^Bill to/)).toHaveValue('Acme');

    await user.clear(within(dialog).getByLabelText('Email'));
    await user.type(within(dialog).getByLabelText('Email'), 'nobody@nowhere.test');
    await user.click(within(dialog).getByRole('button', { name: 'Save details' }));
    // The API's raw wording, in plain words next to the field.
    expect(await within(dialog).findByText('At most 200 characters')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');

    await user.clear(within(dialog).getByLabelText('Email'));
    await user.clear(within(dialog).getByLabelText(/^Bill to/));
    await user.type(within(dialog).getByLabelText(/^Bill to/), 'Acme Rockets Ltd');
    await user.clear(within(dialog).getByLabelText('Tax rate (%)'));
    await user.type(within(dialog).getByLabelText('Tax rate (%)'), '20');
    await user.type(within(dialog).getByLabelText('Notes'), 'Thank you!');
    await user.click(within(dialog).getByRole('button', { name: 'Save details' }));
    await screen.findByText('Invoice details saved');
    expect(calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toEqual({
      clientName: 'Acme Rockets Ltd',
      clientEmail: '',
      taxRate: '20',
      notes: 'Thank you!',
    });
    expect(await screen.findByText('Acme Rockets Ltd')).toBeInTheDocument();
    expect(screen.getByTestId('invoice-total')).toHaveTextContent('€204.00');
    expect(screen.getByText('Thank you!')).toBeInTheDocument();
  });

  it('offers no editing once the invoice is sent', async () => {
    mockApi(invoiceRoutes(() => ({ ...draft, status: 'sent' })));
    renderApp('/invoices/5');
    await screen.findByRole('table', { name: 'Invoice lines' });
    expect(screen.getByText(/Only drafts can be changed/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit details' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit line Design' })).not.toBeInTheDocument();
  });
});

describe('the PDF on a fresh install', () => {
  it('is not offered while the company is the placeholder, and says where to fill it in', async () => {
    mockApi({
      ...invoiceRoutes(() => draft),
      'GET /api/v1/settings': () => ({
        ...settings,
        companyName: 'Your Company Name',
        companyAddress: 'Your Company Address',
      }),
    });
    renderApp('/invoices/5');
    await screen.findByRole('table', { name: 'Invoice lines' });
    expect(await screen.findByText('The PDF needs your company details')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Fill them in under Settings' })).toHaveAttribute(
      'href',
      '/settings#settings-company',
    );
    expect(screen.queryByRole('link', { name: 'PDF' })).not.toBeInTheDocument();
  });

  it('is a download link once the company is filled in', async () => {
    mockApi(invoiceRoutes(() => draft));
    renderApp('/invoices/5');
    await screen.findByRole('table', { name: 'Invoice lines' });
    expect(screen.getByRole('link', { name: 'PDF' })).toHaveAttribute('href', '/api/v1/invoices/5/pdf');
    expect(screen.queryByText('The PDF needs your company details')).not.toBeInTheDocument();
  });
});
