import type { ApprovalsRepository } from '../approvals/approvals.repository';
import { toApprovalView } from '../approvals/approvals.service';
import { toInvoiceView } from '../invoices/invoice.view';
import type { InvoicesRepository } from '../invoices/invoices.repository';
import type { TimeEntryListRepository } from '../time-entries/time-entries-list.repository';
import { toTimeEntryView } from '../time-entries/time-entry.view';
import { localDate } from '../time/zone';

/** Renders an import as GET /imports/:id answers (the imports service, when the sender has it). */
export interface ImportPayloads {
  webhookView(id: number): Promise<unknown>;
}

/**
 * An event's `data`: the API's own response for the record (what GET /time-entries/:id,
 * /invoices/:id, /approvals/:id or /imports/:id answers an admin), or `{ id }` when the record is gone.
 */
export class WebhookPayloads {
  constructor(
    private readonly entries: TimeEntryListRepository,
    private readonly invoices: InvoicesRepository,
    private readonly approvals: ApprovalsRepository,
    private readonly imports: ImportPayloads | null = null,
  ) {}

  async render(type: string, entity: string, entityId: number | null, now: Date): Promise<unknown> {
    if (entityId === null) return {};
    const gone = { id: entityId };
    if (type === 'entry.deleted') return gone;
    switch (entity) {
      case 'time_entry': {
        const row = await this.entries.byId(entityId);
        return row ? toTimeEntryView(row) : gone;
      }
      case 'invoice': {
        const [row, settings] = await Promise.all([
          this.invoices.findById(entityId),
          this.invoices.billingSettings(),
        ]);
        return row ? toInvoiceView(row, settings.currency, localDate(now, settings.timezone)) : gone;
      }
      case 'approval': {
        const row = await this.approvals.byId(entityId);
        return row ? toApprovalView(row) : gone;
      }
      case 'import': {
        const view = await this.imports?.webhookView(entityId);
        return view ?? gone;
      }
      default:
        return gone;
    }
  }
}
