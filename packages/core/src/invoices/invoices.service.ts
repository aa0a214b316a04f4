import type { InvoiceCreate, InvoiceUpdate } from '@timetracker/contracts';
import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { localDate } from '../time/zone';
import { assertLinesBillTheirEntries, generateTimeLines, lockDraft, recomputeTotals } from './invoice-drafts';
import { allocateInvoiceNumber, assertLatestNumber } from './invoice-numbering';
import { addDays } from '../reports/report-range';
import {
  dateOnly,
  toDateColumn,
  toInvoiceSummaryView,
  toInvoiceView,
  type InvoiceView,
} from './invoice.view';
import { isInvoiceSortField, type InvoiceListFilter, type InvoicesRepository } from './invoices.repository';

export type { InvoiceListFilter } from './invoices.repository';

const DEFAULT_PAYMENT_DAYS = 30;

/**
 * Invoices (admins only): created as numbered drafts, filled with lines (see
 * InvoiceItemsService), then sent, paid or cancelled. Numbers `{prefix}-{n}` are allocated under
 * an advisory lock in the inserting transaction, so they are unique and gapless.
 */
export class InvoicesService {
  constructor(private readonly invoices: InvoicesRepository) {}

  async list(
    actor: Principal,
    filter: InvoiceListFilter,
    page: { page: number; pageSize: number; sort: string },
    now = new Date(),
  ) {
    authorize(actor, 'invoices.manage');
    const settings = await this.invoices.billingSettings();
    const today = localDate(now, settings.timezone);
    const field = page.sort.replace(/^-/, '');
    const { items, total } = await this.invoices.list(
      filter,
      today,
      { field: isInvoiceSortField(field) ? field : 'issueDate', desc: page.sort.startsWith('-') },
      (page.page - 1) * page.pageSize,
      page.pageSize,
    );
    return {
      items: items.map((row) => toInvoiceSummaryView(row, settings.currency, today)),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  async get(actor: Principal, id: number, now = new Date()): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    const [row, settings] = await Promise.all([this.invoices.findById(id), this.invoices.billingSettings()]);
    if (!row) throw DomainError.notFound('Invoice');
    return toInvoiceView(row, settings.currency, localDate(now, settings.timezone));
  }

  /**
   * A draft for a project: bill-to copied from the project's client unless given, dates, tax
   * rate, notes and terms defaulted (settings), and optionally lines from time, all in the
   * transaction that allocates the number.
   */
  async create(actor: Principal, input: InvoiceCreate, now = new Date()): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    const id = await this.invoices.transaction(async (repo) => {
      const settings = await repo.billingSettings();
      const project = await repo.projectForInvoice(input.projectId);
      if (!project) {
        throw DomainError.validation('No such project', [{ path: 'projectId', message: 'unknown project' }]);
      }
      const client = project.clientRef;
      const clientName = input.clientName ?? client?.name ?? project.client;
      if (!clientName) {
        throw DomainError.validation('The project has no client: give clientName', [
          { path: 'clientName', message: 'required when the project has no client' },
        ]);
      }
      const issueDate = input.issueDate ?? localDate(now, settings.timezone);
      const dueDate = input.dueDate ?? addDays(issueDate, DEFAULT_PAYMENT_DAYS);
      checkDates(issueDate, dueDate);

      const invoiceId = await repo.insert({
        invoiceNumber: await allocateInvoiceNumber(repo, settings),
        projectId: project.id,
        clientName,
        clientEmail: input.clientEmail === undefined ? (client?.email ?? null) : input.clientEmail,
        clientAddress: input.clientAddress === undefined ? (client?.address ?? null) : input.clientAddress,
        issueDate: toDateColumn(issueDate),
        dueDate: toDateColumn(dueDate),
        status: 'draft',
        taxRate: input.taxRate ?? '0',
        notes: input.notes === undefined ? settings.invoiceNotes || null : input.notes,
        terms: input.terms === undefined ? settings.invoiceTerms || null : input.terms,
        createdBy: actor.userId,
      });
      if (input.generate) {
        const locked = await repo.lock(invoiceId);
        await generateTimeLines(repo, locked!, input.generate, settings.timezone);
      }
      return invoiceId;
    });
    return this.get(actor, id, now);
  }

  /** Header fields of a draft; a new tax rate recomputes the totals. */
  async update(actor: Principal, id: number, input: InvoiceUpdate, now = new Date()): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    await this.invoices.transaction(async (repo) => {
      await lockDraft(repo, id);
      const current = (await repo.findById(id))!;
      checkDates(input.issueDate ?? dateOnly(current.issueDate), input.dueDate ?? dateOnly(current.dueDate));
      await repo.update(id, {
        clientName: input.clientName,
        clientEmail: input.clientEmail,
        clientAddress: input.clientAddress,
        issueDate: input.issueDate ? toDateColumn(input.issueDate) : undefined,
        dueDate: input.dueDate ? toDateColumn(input.dueDate) : undefined,
        taxRate: input.taxRate,
        notes: input.notes,
        terms: input.terms,
      });
      if (input.taxRate !== undefined) await recomputeTotals(repo, id, input.taxRate);
    });
    return this.get(actor, id, now);
  }

  /**
   * Deletes a draft (its entries are released). Only the latest number of its prefix, so
   * numbering stays gapless; an earlier draft is cancelled instead.
   */
  async remove(actor: Principal, id: number): Promise<void> {
    authorize(actor, 'invoices.manage');
    await this.invoices.transaction(async (repo) => {
      await repo.lockNumbering();
      const invoice = await lockDraft(repo, id);
      await assertLatestNumber(repo, invoice.invoiceNumber);
      await repo.delete(id);
    });
  }

  /**
   * draft → sent: the invoice and its entries are frozen from now on. Re-checks, with the
   * entries locked, that every line made from time bills exactly its entries.
   */
  async send(actor: Principal, id: number, now = new Date()): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    await this.invoices.transaction(async (repo) => {
      const invoice = await lockDraft(repo, id);
      if ((await repo.items(id)).length === 0) {
        throw new DomainError('INVALID_STATE', `Invoice ${invoice.invoiceNumber} has no lines to send`);
      }
      await assertLinesBillTheirEntries(repo, invoice);
      await repo.update(id, { status: 'sent' });
    });
    return this.get(actor, id, now);
  }

  /** sent (or overdue) → paid. */
  async markPaid(actor: Principal, id: number, now = new Date()): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    await this.invoices.transaction(async (repo) => {
      const invoice = await repo.lock(id);
      if (!invoice) throw DomainError.notFound('Invoice');
      if (invoice.status !== 'sent' && invoice.status !== 'overdue') {
        throw new DomainError(
          'INVALID_STATE',
          `Invoice ${invoice.invoiceNumber} is ${invoice.status}: only a sent invoice can be paid`,
        );
      }
      await repo.update(id, { status: 'paid' });
    });
    return this.get(actor, id, now);
  }

  /**
   * Cancels a draft or an unpaid sent invoice, keeping its number and lines as a record, and
   * releases its entries so they can be billed again.
   */
  async cancel(actor: Principal, id: number, now = new Date()): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    await this.invoices.transaction(async (repo) => {
      const invoice = await repo.lock(id);
      if (!invoice) throw DomainError.notFound('Invoice');
      if (!['draft', 'sent', 'overdue'].includes(invoice.status)) {
        throw new DomainError(
          'INVALID_STATE',
          `Invoice ${invoice.invoiceNumber} is ${invoice.status} and cannot be cancelled`,
        );
      }
      await repo.releaseEntries(id);
      await repo.update(id, { status: 'cancelled' });
    });
    return this.get(actor, id, now);
  }

  /**
   * A new draft with the next number and a copy of the header and lines, issued today with the
   * same payment term; no entry is linked to it (they stay on the original).
   */
  async duplicate(actor: Principal, id: number, now = new Date()): Promise<InvoiceView> {
    authorize(actor, 'invoices.manage');
    const newId = await this.invoices.transaction(async (repo) => {
      const source = await repo.findById(id);
      if (!source) throw DomainError.notFound('Invoice');
      const settings = await repo.billingSettings();
      const issueDate = localDate(now, settings.timezone);
      const termDays = Math.max(
        0,
        Math.round((source.dueDate.getTime() - source.issueDate.getTime()) / 86_400_000),
      );
      const copyId = await repo.insert({
        invoiceNumber: await allocateInvoiceNumber(repo, settings),
        projectId: source.projectId,
        clientName: source.clientName,
        clientEmail: source.clientEmail,
        clientAddress: source.clientAddress,
        issueDate: toDateColumn(issueDate),
        dueDate: toDateColumn(addDays(issueDate, termDays)),
        status: 'draft',
        taxRate: source.taxRate,
        subtotal: source.subtotal,
        taxAmount: source.taxAmount,
        totalAmount: source.totalAmount,
        notes: source.notes,
        terms: source.terms,
        createdBy: actor.userId,
      });
      await repo.copyItems(copyId, await repo.items(id));
      return copyId;
    });
    return this.get(actor, newId, now);
  }
}

function checkDates(issueDate: string, dueDate: string): void {
  if (dueDate < issueDate) {
    throw DomainError.validation('The invoice is due before it is issued', [
      { path: 'dueDate', message: 'can’t be before the issue date' },
    ]);
  }
}
