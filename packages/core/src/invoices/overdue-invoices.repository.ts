import type { PrismaClient } from '@timetracker/db';
import { pastDueWhere } from './invoices.repository';

export class OverdueInvoicesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The company's zone (settings.timezone), read on every run so a change applies at once. */
  async timezone(): Promise<string> {
    const s = await this.prisma.settings.findUnique({ where: { id: 1 }, select: { timezone: true } });
    return s?.timezone ?? 'UTC';
  }

  /** Stores 'overdue' on every invoice past due on `today` (a DATE column value); how many. */
  async markOverdue(today: Date): Promise<number> {
    const { count } = await this.prisma.invoice.updateMany({
      where: pastDueWhere(today),
      data: { status: 'overdue' },
    });
    return count;
  }
}
