import type { InvoiceGenerate, InvoiceItemCreate, InvoiceItemUpdate } from '@timetracker/contracts';
import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { generateTimeLines, lockDraft, recomputeTotals, storableAmount } from './invoice-drafts';
import { lineAmount, quantityEquals, quantityFromSeconds, quantityScale } from './invoice-money';
import type { InvoicesRepository } from './invoices.repository';
import type { InvoicesService } from './invoices.service';
import type { InvoiceView } from './invoice.view';

/** The lines of a draft invoice: made from time, or typed in. Every change recomputes the totals. */
export class InvoiceItemsService {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly views: InvoicesService,
  ) {}

  /**
   * Lines from the project's unbilled billable time. Replaces the lines made from time before
   * (entries no longer chosen are released); manual lines stay. An entry is billed at most once:
   * entries on another invoice are skipped in a range and refused (409) when chosen by id.
   */
  async generate(
    actor: Principal,
    id: number,
    input: InvoiceGenerate,
    now = new Date(),
  ): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    await this.invoices.transaction(async (repo) => {
      const invoice = await lockDraft(repo, id);
      const settings = await repo.billingSettings();
      await generateTimeLines(repo, invoice, input, settings.timezone);
    });
    return this.views.get(actor, id, now);
  }

  async add(actor: Principal, id: number, input: InvoiceItemCreate, now = new Date()): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    await this.invoices.transaction(async (repo) => {
      const invoice = await lockDraft(repo, id);
      await repo.insertItem(id, {
        description: input.description,
        quantity: input.quantity,
        unitPrice: input.unitPrice,
        totalAmount: storableAmount(lineAmount(input.quantity, input.unitPrice), 'unitPrice'),
      });
      await recomputeTotals(repo, id, invoice.taxRate);
    });
    return this.views.get(actor, id, now);
  }

  /**
   * Any line of a draft. A line made from time keeps its entries and its hours (they are what
   * the entries add up to, and sending checks so): its description and price may change.
   */
  async update(
    actor: Principal,
    id: number,
    itemId: number,
    input: InvoiceItemUpdate,
    now = new Date(),
  ): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    await this.invoices.transaction(async (repo) => {
      const invoice = await lockDraft(repo, id);
      const item = await repo.findItem(id, itemId);
      if (!item) throw DomainError.notFound('Invoice line');
      if (
        input.quantity !== undefined &&
        item.timeEntries.length > 0 &&
        !quantityEquals(input.quantity, item.quantity.toFixed())
      ) {
        throw new DomainError(
          'INVALID_STATE',
          `Line "${item.description}" is made from time: its hours are its entries' hours; ` +
            'remove the line and change the entries, or add a line of its own',
        );
      }
      const unitPrice = input.unitPrice ?? item.unitPrice.toFixed(2);
      // A line made from time keeps its hours, at the decimals its (new) price needs.
      const quantity =
        (await this.requantified(repo, itemId, input.unitPrice)) ?? input.quantity ?? item.quantity.toFixed();
      await repo.updateItem(itemId, {
        description: input.description,
        quantity,
        unitPrice,
        totalAmount: storableAmount(lineAmount(quantity, unitPrice), 'unitPrice'),
      });
      await recomputeTotals(repo, id, invoice.taxRate);
    });
    return this.views.get(actor, id, now);
  }

  /** Removes a line; entries billed on it are released. */
  async remove(actor: Principal, id: number, itemId: number, now = new Date()): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    await this.invoices.transaction(async (repo) => {
      const invoice = await lockDraft(repo, id);
      if (!(await repo.findItem(id, itemId))) throw DomainError.notFound('Invoice line');
      await repo.deleteItem(itemId);
      await recomputeTotals(repo, id, invoice.taxRate);
    });
    return this.views.get(actor, id, now);
  }

  /**
   * A line made from time that gets a new price gets its hours again at that price's scale
   * (quantityScale), so it still bills within a cent of its seconds; null for other cases.
   */
  private async requantified(
    repo: InvoicesRepository,
    itemId: number,
    unitPrice: string | undefined,
  ): Promise<string | null> {
    if (unitPrice === undefined) return null;
    const seconds = await repo.linkedSeconds(itemId);
    return seconds === null ? null : quantityFromSeconds(seconds, quantityScale(unitPrice));
  }
}
