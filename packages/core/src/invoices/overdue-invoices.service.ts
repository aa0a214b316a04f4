import { localDate } from '../time/zone';
import { toDateColumn } from './invoice.view';
import type { OverdueInvoicesRepository } from './overdue-invoices.repository';

/**
 * Stores the status of invoices that became overdue (./overdue: sent and not paid by their due
 * date, from the next day on in settings.timezone). Idempotent: the worker runs it hourly.
 */
export class OverdueInvoicesService {
  constructor(private readonly repository: OverdueInvoicesRepository) {}

  async markOverdue(now: Date): Promise<{ overdue: number }> {
    const today = localDate(now, await this.repository.timezone());
    return { overdue: await this.repository.markOverdue(toDateColumn(today)) };
  }
}
