import type { WebhookEventType } from '@timetracker/contracts';

/**
 * The catalogue (docs/webhooks.md). Entry, timer and week events come from the audit log's
 * events, invoice events from the invoices table (prisma/sql/011_webhooks.sql).
 */
export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'entry.created': 'A time entry was added (not by starting a timer); data: the entry',
  'entry.updated': 'A time entry was changed, paused or resumed; data: the entry',
  'entry.deleted': 'A time entry was deleted; data: { id }',
  'timer.started': 'A timer was started; data: the running entry',
  'timer.stopped': 'A timer was stopped, by its user or by the idle sweep (data.stoppedReason = "idle")',
  'invoice.created': 'An invoice draft was made (or duplicated); data: the invoice',
  'invoice.sent': 'An invoice was marked sent; data: the invoice',
  'invoice.paid': 'An invoice was marked paid; data: the invoice',
  'invoice.cancelled': 'An invoice was cancelled; data: the invoice',
  'week.submitted': 'A user submitted a week for approval; data: the week approval',
  'week.approved': 'A week was approved; data: the week approval',
  'week.rejected': 'A week was rejected; data: the week approval',
  'import.finished': 'An import run ended (done, failed or cancelled; not dry runs); data: the import',
};
