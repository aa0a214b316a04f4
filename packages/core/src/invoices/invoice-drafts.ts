import type { InvoiceGenerate } from '@timetracker/contracts';
import { DomainError } from '../errors/domain-error';
import { zonedWallTimeToInstant } from '../time/zone';
import { buildTimeLines, UnpricedEntryError, type TimeLine } from './invoice-lines';
import {
  formatQuantity,
  fromHundredths,
  invoiceTotals,
  MAX_AMOUNT_HUNDREDTHS,
  quantityEquals,
  quantityFromSeconds,
  quantityScale,
  toHundredths,
} from './invoice-money';
import { addDays } from '../reports/report-range';
import type { InvoicesRepository, LockedInvoice } from './invoices.repository';

/** Rules shared by the invoice services, run inside their transactions. */

/** Locks the invoice and checks it is still a draft: only drafts change. */
export async function lockDraft(repo: InvoicesRepository, id: number): Promise<LockedInvoice> {
  const invoice = await repo.lock(id);
  if (!invoice) throw DomainError.notFound('Invoice');
  if (invoice.status !== 'draft') {
    throw new DomainError(
      'INVALID_STATE',
      `Invoice ${invoice.invoiceNumber} is ${invoice.status}: only drafts can be changed`,
    );
  }
  return invoice;
}

const tooLarge = (path: string) =>
  DomainError.validation('The amount is too large for an invoice (at most 99999999.99)', [
    { path, message: 'amount too large' },
  ]);

/** A line amount as stored, or a 400 when it cannot be stored (NUMERIC(10, 2)). */
export function storableAmount(amount: bigint, path: string): string {
  if (amount > MAX_AMOUNT_HUNDREDTHS) throw tooLarge(path);
  return fromHundredths(amount);
}

/** Recomputes subtotal, tax and total from the stored line amounts (exact, half-up). */
export async function recomputeTotals(repo: InvoicesRepository, id: number, taxRate: string): Promise<void> {
  const items = await repo.items(id);
  const totals = invoiceTotals(
    items.map((i) => toHundredths(i.totalAmount)),
    taxRate,
  );
  await repo.update(id, {
    subtotal: storableAmount(totals.subtotal, 'subtotal'),
    taxAmount: storableAmount(totals.taxAmount, 'taxAmount'),
    totalAmount: storableAmount(totals.totalAmount, 'totalAmount'),
  });
}

/**
 * Replaces the draft's lines made from time with lines from the project's unbilled billable
 * entries (a range of local days, or chosen entries), links each entry to its line and
 * recomputes the totals. Entries of the replaced lines no longer chosen are thereby released.
 */
export async function generateTimeLines(
  repo: InvoicesRepository,
  invoice: LockedInvoice,
  input: InvoiceGenerate,
  timeZone: string,
): Promise<void> {
  const project = invoice.projectId === null ? null : await repo.projectForInvoice(invoice.projectId);
  if (!project) throw new DomainError('INVALID_STATE', 'The invoice has no project to bill time from');
  await repo.deleteTimeLines(invoice.id);
  const entryIds = input.entryIds ? [...new Set(input.entryIds)] : undefined;
  const entries = await repo.lockUnbilledEntries(
    project.id,
    {
      from: input.from ? zonedWallTimeToInstant(input.from, '00:00', timeZone) : undefined,
      to: input.to ? zonedWallTimeToInstant(addDays(input.to, 1), '00:00', timeZone) : undefined,
      entryIds,
    },
    timeZone,
  );
  if (entryIds && entries.length < entryIds.length) {
    const found = new Set(entries.map((e) => e.id));
    await refuseEntries(
      repo,
      project.id,
      entryIds.filter((e) => !found.has(e)),
    );
  }
  if (entries.length === 0) {
    throw new DomainError(
      'INVALID_STATE',
      `Nothing to bill: project "${project.name}" has no unbilled billable time in that range`,
    );
  }

  // Each entry at its own resolved rate (lines split where rates differ), unless a price is given.
  let lines: TimeLine[];
  try {
    lines = buildTimeLines(entries, input.groupBy, project.name, input.unitPrice);
  } catch (err) {
    if (!(err instanceof UnpricedEntryError)) throw err;
    throw DomainError.validation('No billable rate applies to some of the entries: give unitPrice', [
      { path: 'unitPrice', message: 'required: no hourly rate to use' },
    ]);
  }
  const linkEntryIds: number[] = [];
  const linkItemIds: number[] = [];
  for (const line of lines) {
    const itemId = await repo.insertItem(invoice.id, {
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      totalAmount: storableAmount(line.amount, 'unitPrice'),
    });
    for (const entryId of line.entryIds) {
      linkEntryIds.push(entryId);
      linkItemIds.push(itemId);
    }
  }
  // The rows are locked, so this cannot fall short; the guard keeps "never billed twice" a
  // property of the UPDATE itself, not of the locking above.
  if ((await repo.linkEntries(linkEntryIds, linkItemIds)) !== linkEntryIds.length) {
    throw new DomainError('CONFLICT', 'Some of the entries were billed on another invoice meanwhile');
  }
  await recomputeTotals(repo, invoice.id, invoice.taxRate);
}

/**
 * Refuses (409) a draft whose lines made from time no longer bill their entries' hours, naming
 * the line and its entries. The entries stay locked to the end of the caller's transaction. Entry
 * edits are refused while they are billed and a line's hours cannot be typed over, so this holds
 * by construction; checked again where an invoice leaves the draft state, as the last word.
 */
export async function assertLinesBillTheirEntries(
  repo: InvoicesRepository,
  invoice: LockedInvoice,
): Promise<void> {
  for (const line of await repo.timeLinesWithEntries(invoice.id)) {
    // The hours its entries add up to, at the decimals the line's price needs (docs/money.md).
    const hours = quantityFromSeconds(line.seconds, quantityScale(line.unitPrice));
    if (!quantityEquals(line.quantity, hours)) {
      throw new DomainError(
        'INVALID_STATE',
        `Invoice ${invoice.invoiceNumber}: line "${line.description}" bills ${formatQuantity(line.quantity)} h but its entries ` +
          `(${line.entryIds.join(', ')}) now add up to ${formatQuantity(hours)} h; generate its lines again`,
      );
    }
  }
}

/** Explains why chosen entries cannot be billed: 409 when already billed, otherwise 400. */
async function refuseEntries(repo: InvoicesRepository, projectId: number, ids: number[]): Promise<never> {
  const rows = await repo.entriesByIds(ids);
  const billed = rows.find((r) => r.invoiceItem !== null);
  if (billed) {
    const number = billed.invoiceItem?.invoice?.invoiceNumber ?? 'another invoice';
    throw new DomainError('CONFLICT', `Entry ${billed.id} is already billed on invoice ${number}`);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  throw DomainError.validation(
    'Some entries cannot be billed on this invoice',
    ids.map((id) => {
      const row = byId.get(id);
      const message = !row
        ? 'no such entry'
        : row.projectId !== projectId
          ? "not an entry of the invoice's project"
          : !row.billable
            ? 'not billable'
            : row.endTime === null
              ? 'still running'
              : 'cannot be billed';
      return { path: `entryIds.${id}`, message };
    }),
  );
}
