import type { PrismaClient } from '@timetracker/db';

export class OverdueInvoicesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Sent invoices due before the calendar day `now` falls on in settings.timezone become
   * overdue, in one statement (the zone is read in the same statement, so a change applies at
   * once). Returns how many changed.
   */
  markOverdue(now: Date): Promise<number> {
    // Raw SQL: "today" depends on the settings row's zone, which Prisma cannot join in an updateMany.
    return this.prisma.$executeRaw`
      UPDATE invoices i
      SET status = 'overdue'
      FROM settings s
      WHERE s.id = 1
        AND i.status = 'sent'
        AND i.due_date < (${now}::timestamptz AT TIME ZONE s.timezone)::date`;
  }
}
