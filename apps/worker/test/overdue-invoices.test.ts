import { isPastDue, OverdueInvoicesRepository, OverdueInvoicesService } from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let db: TestDatabase;
let prisma: PrismaClient;
let overdue: OverdueInvoicesService;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  overdue = new OverdueInvoicesService(new OverdueInvoicesRepository(prisma));
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.invoice.deleteMany();
});

let number = 0;
const invoice = (status: string, dueDate: string) =>
  prisma.invoice.create({
    data: {
      invoiceNumber: `T-${++number}`,
      clientName: 'Acme',
      issueDate: new Date('2026-05-01'),
      dueDate: new Date(dueDate),
      status,
    },
    select: { id: true },
  });
const statusOf = async (id: number) =>
  (await prisma.invoice.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
const zone = (timezone: string) => prisma.settings.update({ where: { id: 1 }, data: { timezone } });

describe('overdue invoices', () => {
  it('turns a sent invoice overdue when its due date has passed in the company zone (UTC+14)', async () => {
    await zone('Pacific/Kiritimati');
    const sent = await invoice('sent', '2026-05-31');
    // 09:59:59 UTC on 31 May is 23:59:59 on 31 May in Kiritimati: still the due date.
    expect(await overdue.markOverdue(new Date('2026-05-31T09:59:59Z'))).toEqual({ overdue: 0 });
    expect(await statusOf(sent.id)).toBe('sent');
    // A second later it is 1 June there, while it is still the morning of 31 May in UTC.
    expect(await overdue.markOverdue(new Date('2026-05-31T10:00:00Z'))).toEqual({ overdue: 1 });
    expect(await statusOf(sent.id)).toBe('overdue');
    // Idempotent: an hourly re-run changes nothing.
    expect(await overdue.markOverdue(new Date('2026-05-31T11:00:00Z'))).toEqual({ overdue: 0 });
  });

  it('waits for midnight of the far western zone too (UTC-11)', async () => {
    await zone('Pacific/Pago_Pago');
    const sent = await invoice('sent', '2026-05-31');
    // 1 June 10:59 UTC is still 31 May, 23:59 in Pago Pago.
    expect(await overdue.markOverdue(new Date('2026-06-01T10:59:59Z'))).toEqual({ overdue: 0 });
    expect(await overdue.markOverdue(new Date('2026-06-01T11:00:00Z'))).toEqual({ overdue: 1 });
    expect(await statusOf(sent.id)).toBe('overdue');
  });

  it('leaves drafts, paid, cancelled and not-yet-due invoices alone', async () => {
    await zone('UTC');
    const ids = await Promise.all(
      ['draft', 'paid', 'cancelled'].map((status) => invoice(status, '2026-01-01')),
    );
    const notDue = await invoice('sent', '2026-06-01');
    expect(await overdue.markOverdue(new Date('2026-06-01T12:00:00Z'))).toEqual({ overdue: 0 });
    expect(await Promise.all(ids.map((i) => statusOf(i.id)))).toEqual(['draft', 'paid', 'cancelled']);
    expect(await statusOf(notDue.id)).toBe('sent');
  });

  it('marks exactly the invoices the one overdue rule (isPastDue) calls past due', async () => {
    await zone('Europe/Rome');
    const today = '2026-06-01';
    const cases = ['draft', 'sent', 'paid', 'cancelled', 'overdue'].flatMap((status) =>
      ['2026-05-31', '2026-06-01', '2026-06-02'].map((dueDate) => ({ status, dueDate })),
    );
    const created = await Promise.all(cases.map((c) => invoice(c.status, c.dueDate)));
    // 00:30 on 1 June in Rome, still 31 May in UTC.
    const { overdue: marked } = await overdue.markOverdue(new Date('2026-05-31T22:30:00Z'));
    const expected = cases.map((c) => (isPastDue(c.status, c.dueDate, today) ? 'overdue' : c.status));
    expect(await Promise.all(created.map((i) => statusOf(i.id)))).toEqual(expected);
    expect(marked).toBe(cases.filter((c) => isPastDue(c.status, c.dueDate, today)).length);
  });
});
