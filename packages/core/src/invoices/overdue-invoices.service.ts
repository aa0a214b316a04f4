import type { OverdueInvoicesRepository } from './overdue-invoices.repository';

/**
 * Invoices sent and not paid by their due date are overdue from the next day on, in the
 * company's time zone (settings.timezone). Idempotent: the worker checks hourly.
 */
export class OverdueInvoicesService {
  constructor(private readonly repository: OverdueInvoicesRepository) {}

  async markOverdue(now: Date): Promise<{ overdue: number }> {
    return { overdue: await this.repository.markOverdue(now) };
  }
}
