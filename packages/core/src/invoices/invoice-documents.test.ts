import { describe, expect, it } from 'vitest';
import { invoiceCsv } from './invoice-csv';
import { formatMoney } from './invoice-pdf';
import type { InvoiceView } from './invoice.view';

const invoice: InvoiceView = {
  id: 1,
  invoiceNumber: 'INV-1000',
  projectId: 1,
  projectName: 'Web',
  clientId: 1,
  clientName: 'Acme; Inc.',
  clientEmail: null,
  clientAddress: null,
  issueDate: '2026-03-01',
  dueDate: '2026-03-31',
  status: 'draft',
  subtotal: '750.00',
  taxRate: '20.00',
  taxAmount: '150.00',
  totalAmount: '900.00',
  currency: 'EUR',
  notes: null,
  terms: null,
  createdBy: 1,
  createdAt: null,
  updatedAt: null,
  items: [
    {
      id: 1,
      description: '=Design, "phase 1"',
      quantity: '10.00',
      unitPrice: '75.00',
      totalAmount: '750.00',
      source: 'time',
      timeEntryIds: [1],
    },
  ],
};

describe('invoiceCsv', () => {
  it('writes a header, the lines and the totals, quoted and formula-safe', () => {
    expect(invoiceCsv(invoice, ';').split('\r\n')).toEqual([
      'invoice_number;issue_date;due_date;client;description;quantity;unit_price;amount;currency',
      `INV-1000;2026-03-01;2026-03-31;"Acme; Inc.";"'=Design, ""phase 1""";10.00;75.00;750.00;EUR`,
      'INV-1000;2026-03-01;2026-03-31;"Acme; Inc.";Subtotal;;;750.00;EUR',
      'INV-1000;2026-03-01;2026-03-31;"Acme; Inc.";Tax 20 %;;;150.00;EUR',
      'INV-1000;2026-03-01;2026-03-31;"Acme; Inc.";Total;;;900.00;EUR',
      '',
    ]);
    expect(invoiceCsv(invoice, ',', true).startsWith('\uFEFFinvoice_number,')).toBe(true);
  });
});

describe('formatMoney', () => {
  it('formats the exact decimal in the currency, always with cents', () => {
    expect(formatMoney('900.00', 'EUR')).toBe('€900.00');
    expect(formatMoney('1234567.89', 'USD')).toBe('$1,234,567.89');
    expect(formatMoney('99999999.99', 'EUR')).toBe('€99,999,999.99');
    expect(formatMoney('750.50', 'JPY')).toBe('¥750.50');
  });
});
