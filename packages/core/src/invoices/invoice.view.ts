import type { InvoiceStatus } from '@timetracker/contracts';
import { formatQuantity } from './invoice-money';
import { isPastDue } from './overdue';
import type { InvoiceRow, InvoiceSummaryRow } from './invoices.repository';

export interface InvoiceItemView {
  id: number;
  description: string;
  quantity: string;
  unitPrice: string;
  totalAmount: string;
  source: 'time' | 'manual';
  timeEntryIds: number[];
}

export interface InvoiceSummaryView {
  id: number;
  invoiceNumber: string;
  projectId: number | null;
  projectName: string | null;
  clientId: number | null;
  clientName: string;
  clientEmail: string | null;
  clientAddress: string | null;
  issueDate: string;
  dueDate: string;
  status: InvoiceStatus;
  subtotal: string;
  taxRate: string;
  taxAmount: string;
  totalAmount: string;
  currency: string;
  notes: string | null;
  terms: string | null;
  createdBy: number | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface InvoiceView extends InvoiceSummaryView {
  items: InvoiceItemView[];
}

const STORED: readonly string[] = ['draft', 'sent', 'paid', 'cancelled', 'overdue'];

/** A PostgreSQL DATE as Prisma returns it (midnight UTC) → YYYY-MM-DD. */
export const dateOnly = (d: Date): string => d.toISOString().slice(0, 10);

/** YYYY-MM-DD → the Date Prisma writes to a DATE column. */
export const toDateColumn = (day: string): Date => new Date(`${day}T00:00:00Z`);

/**
 * The status shown: a sent invoice past its due date (isPastDue) is overdue even before the
 * worker's hourly run stores it.
 */
export function effectiveStatus(stored: string, dueDate: string, today: string): InvoiceStatus {
  const status = (STORED.includes(stored) ? stored : 'draft') as InvoiceStatus;
  return isPastDue(status, dueDate, today) ? 'overdue' : status;
}

function summaryFields(row: InvoiceSummaryRow | InvoiceRow, currency: string, today: string) {
  const dueDate = dateOnly(row.dueDate);
  return {
    id: row.id,
    invoiceNumber: row.invoiceNumber,
    projectId: row.projectId,
    projectName: row.project?.name ?? null,
    clientId: row.project?.clientId ?? null,
    clientName: row.clientName,
    clientEmail: row.clientEmail,
    clientAddress: row.clientAddress,
    issueDate: dateOnly(row.issueDate),
    dueDate,
    status: effectiveStatus(row.status, dueDate, today),
    subtotal: row.subtotal.toFixed(2),
    taxRate: row.taxRate.toFixed(2),
    taxAmount: row.taxAmount.toFixed(2),
    totalAmount: row.totalAmount.toFixed(2),
    currency,
    notes: row.notes,
    terms: row.terms,
    createdBy: row.createdBy,
    createdAt: row.createdAt?.toISOString() ?? null,
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
}

export function toInvoiceSummaryView(row: InvoiceSummaryRow, currency: string, today: string) {
  return { ...summaryFields(row, currency, today), itemCount: row._count.items };
}

export function toInvoiceView(row: InvoiceRow, currency: string, today: string): InvoiceView {
  return {
    ...summaryFields(row, currency, today),
    items: row.items.map((item) => ({
      id: item.id,
      description: item.description,
      quantity: formatQuantity(item.quantity.toFixed()),
      unitPrice: item.unitPrice.toFixed(2),
      totalAmount: item.totalAmount.toFixed(2),
      source: item.timeEntries.length > 0 ? 'time' : 'manual',
      timeEntryIds: item.timeEntries.map((e) => e.id),
    })),
  };
}
