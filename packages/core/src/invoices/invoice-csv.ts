import { csvRecords, type CsvValue } from '../exports/csv';
import type { InvoiceView } from './invoice.view';

export const INVOICE_CSV_COLUMNS = [
  'invoice_number',
  'issue_date',
  'due_date',
  'client',
  'description',
  'quantity',
  'unit_price',
  'amount',
  'currency',
] as const;

/**
 * An invoice as CSV: a header row, one row per line, then subtotal, tax and total rows (their
 * label in `description`, the figure in `amount`). Amounts are plain decimal strings, so a
 * spreadsheet or an accounting import reads them exactly.
 */
export function invoiceCsv(invoice: InvoiceView, delimiter: string, bom = false): string {
  const head = [invoice.invoiceNumber, invoice.issueDate, invoice.dueDate, invoice.clientName];
  const rows: CsvValue[][] = [[...INVOICE_CSV_COLUMNS]];
  for (const item of invoice.items) {
    rows.push([...head, item.description, item.quantity, item.unitPrice, item.totalAmount, invoice.currency]);
  }
  const rate = invoice.taxRate.replace(/\.?0+$/, '');
  rows.push([...head, 'Subtotal', null, null, invoice.subtotal, invoice.currency]);
  rows.push([...head, `Tax ${rate} %`, null, null, invoice.taxAmount, invoice.currency]);
  rows.push([...head, 'Total', null, null, invoice.totalAmount, invoice.currency]);
  return (bom ? '\uFEFF' : '') + csvRecords(rows, delimiter);
}
