import { DomainError } from '../errors/domain-error';
import type { InvoicesRepository } from './invoices.repository';

/**
 * Invoice numbers, in one place: `{prefix}-{n}` with n the next integer of that prefix (at most
 * 15 digits, as the repository's SQL compares them), allocated under a transaction-scoped lock so
 * they are unique and gapless.
 */

/** The number for n under a prefix. */
export function formatInvoiceNumber(prefix: string, n: number): string {
  return `${prefix}-${n}`;
}

/** The prefix and n of a number made by formatInvoiceNumber; null for any other text. */
export function parseInvoiceNumber(invoiceNumber: string): { prefix: string; n: number } | null {
  const m = /^(.*)-(\d{1,15})$/.exec(invoiceNumber);
  return m ? { prefix: m[1]!, n: Number(m[2]) } : null;
}

/**
 * Takes the next number of the settings' prefix (never below its start number). Locks numbering
 * until the caller's transaction ends: insert the invoice in that same transaction.
 */
export async function allocateInvoiceNumber(
  repo: InvoicesRepository,
  settings: { invoicePrefix: string; invoiceStartNumber: number },
): Promise<string> {
  await repo.lockNumbering();
  const n = await repo.nextNumber(settings.invoicePrefix, settings.invoiceStartNumber);
  return formatInvoiceNumber(settings.invoicePrefix, n);
}

/**
 * Refuses to delete an invoice whose number is not the latest of its prefix: that would leave a
 * gap (cancel it instead). Call with numbering locked (repo.lockNumbering), taken before the
 * invoice's row lock as everywhere else.
 */
export async function assertLatestNumber(repo: InvoicesRepository, invoiceNumber: string): Promise<void> {
  const parsed = parseInvoiceNumber(invoiceNumber);
  if (parsed && (await repo.hasLaterNumber(parsed.prefix, parsed.n))) {
    throw new DomainError(
      'INVALID_STATE',
      `Invoice ${invoiceNumber} is not the latest: deleting it would leave a gap in the numbers; cancel it instead`,
    );
  }
}
