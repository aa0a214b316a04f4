import {
  ApprovalsRepository,
  ApprovalsService,
  DEFAULT_EMAIL_SENDER_OPTIONS,
  EmailOutboxRepository,
  EmailSenderService,
  formatMailDate,
  smtpTransport,
  TeamScopeRepository,
  TimeEntryListRepository,
  type Principal,
} from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { smtpConfigFor, startSmtpReceiver, type SmtpReceiver } from './smtp-receiver';

// Approval mails (issue #20 §5, docs/email.md "Approvals"): a submitted week mails the user's
// team leads (or the admins when there is none), a decision mails the user with the note; each
// queued in the transaction of the transition and delivered to a real SMTP server.

let db: TestDatabase;
let prisma: PrismaClient;
let smtp: SmtpReceiver;
const PUBLIC_URL = 'https://tt.example.test';

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  smtp = await startSmtpReceiver();
  await prisma.settings.update({
    where: { id: 1 },
    data: { emailFrom: 'TimeTracker <tt@example.test>', timezone: 'UTC' },
  });
});
afterAll(async () => {
  await smtp?.close();
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.emailOutbox.deleteMany();
  smtp.received.length = 0;
});

let n = 0;
async function user(data: { role?: string; language?: string; email?: boolean; dateFormat?: string } = {}) {
  n += 1;
  const username = `u${n}-${Date.now()}`;
  return prisma.user.create({
    data: {
      username,
      role: data.role ?? 'user',
      email: data.email === false ? null : `${username}@example.test`,
      language: data.language ?? null,
      dateFormat: data.dateFormat ?? 'auto',
      passwordHash: 'x',
    },
  });
}

const principal = (u: { id: number; username: string; role: string }): Principal => ({
  userId: u.id,
  username: u.username,
  role: u.role as Principal['role'],
  via: 'session',
  timezone: 'UTC',
  weekStart: 'monday',
});

const approvals = () =>
  new ApprovalsService(
    new ApprovalsRepository(prisma),
    new TeamScopeRepository(prisma),
    new TimeEntryListRepository(prisma),
  );

async function send(now = new Date()) {
  const sender = new EmailSenderService(
    new EmailOutboxRepository(prisma),
    smtpTransport(smtpConfigFor(smtp.port)),
    {
      ...DEFAULT_EMAIL_SENDER_OPTIONS,
      publicUrl: PUBLIC_URL,
    },
  );
  return sender.sendDue(now);
}

let week = 0;
/** A Monday of its own per test (weeks in 2025, so every test has a fresh week). */
function nextWeek(): string {
  week += 1;
  return new Date(Date.UTC(2025, 0, 6 + 7 * week)).toISOString().slice(0, 10);
}

describe('approval mails', () => {
  it('mails each lead of the user’s teams when a week is submitted, in their language', async () => {
    const worker = await user();
    // The week's date as the lead writes dates.
    const lead = await user({ role: 'manager', language: 'de', dateFormat: 'DD.MM.YYYY' });
    const otherLead = await user({ role: 'manager' });
    const silentLead = await user({ role: 'manager', email: false });
    const strangerLead = await user({ role: 'manager' });
    const team = await prisma.team.create({ data: { name: `team-${n}` } });
    const team2 = await prisma.team.create({ data: { name: `team2-${n}` } });
    const elsewhere = await prisma.team.create({ data: { name: `elsewhere-${n}` } });
    await prisma.teamMember.createMany({
      data: [
        { teamId: team.id, userId: worker.id },
        { teamId: team.id, userId: lead.id, isLead: true },
        { teamId: team.id, userId: silentLead.id, isLead: true },
        { teamId: team2.id, userId: worker.id },
        { teamId: team2.id, userId: otherLead.id, isLead: true },
        { teamId: elsewhere.id, userId: strangerLead.id, isLead: true },
      ],
    });
    const monday = nextWeek();
    await prisma.timeEntry.create({
      data: {
        userId: worker.id,
        startTime: new Date(`${monday}T09:00:00Z`),
        endTime: new Date(`${monday}T16:30:00Z`),
        durationSeconds: 7.5 * 3600,
      },
    });
    await approvals().submit(principal(worker), { week: monday });

    const queued = await prisma.emailOutbox.findMany({ orderBy: { toAddress: 'asc' } });
    expect(queued.map((r) => [r.kind, r.userId]).sort()).toEqual(
      [
        ['approval_request', lead.id],
        ['approval_request', otherLead.id],
      ].sort(),
    );
    expect(await send()).toEqual({ sent: 2, retried: 0, failed: 0 });
    await smtp.waitFor(2);
    const german = smtp.received.find((m) => m.envelopeTo.includes(lead.email!))!.parsed;
    const [yyyy, mm, dd] = monday.split('-');
    expect(german.subject).toBe(`${worker.username} hat die Woche vom ${dd}.${mm}.${yyyy} eingereicht`);
    expect(german.text).toContain(`(7:30 h)`);
    expect(german.text).toContain(`${PUBLIC_URL}/approvals`);
    expect(smtp.received.some((m) => m.envelopeTo.includes(strangerLead.email!))).toBe(false);
  });

  it('mails the admins when the user has no team lead', async () => {
    const loner = await user();
    const admins = await prisma.user.findMany({ where: { role: 'admin', isActive: true } });
    const admin = await user({ role: 'admin' });
    await approvals().submit(principal(loner), { week: nextWeek() });
    const queued = await prisma.emailOutbox.findMany();
    // Every active admin with an address (the seeded admin has none).
    expect(queued.map((r) => r.userId).sort()).toEqual(
      [...admins.filter((a) => a.email !== null).map((a) => a.id), admin.id].sort(),
    );
    expect(queued.every((r) => r.kind === 'approval_request')).toBe(true);
  });

  it('mails the user the decision with the reason, and nothing for a withdrawal', async () => {
    const worker = await user({ language: 'fr' });
    const lead = await user({ role: 'manager', email: false });
    const team = await prisma.team.create({ data: { name: `team-r-${n}` } });
    await prisma.teamMember.createMany({
      data: [
        { teamId: team.id, userId: worker.id },
        { teamId: team.id, userId: lead.id, isLead: true },
      ],
    });
    const service = approvals();
    const monday = nextWeek();
    const submitted = await service.submit(principal(worker), { week: monday });
    await service.decide(principal(lead), submitted.id, 'rejected', 'Mardi <manque> & plus');
    const [rejection] = await prisma.emailOutbox.findMany({ where: { kind: 'approval_result' } });
    expect(rejection).toMatchObject({ userId: worker.id, toAddress: worker.email, language: 'fr' });

    expect(await send()).toEqual({ sent: 1, retried: 0, failed: 0 });
    await smtp.waitFor(1);
    const mail = smtp.received[0]!.parsed;
    // The worker left the date format on auto: written as French writes dates ("2 mars 2026").
    const day = formatMailDate(monday, 'fr', {});
    expect(day).toMatch(/^\d{1,2} \p{L}+ \d{4}$/u);
    expect(mail.subject).toBe(`Votre semaine du ${day} a été refusée`);
    expect(mail.text).toContain(`${lead.username} a refusé votre semaine du ${day}.`);
    expect(mail.text).toContain('Motif : Mardi <manque> & plus');
    expect(mail.html).toContain('Mardi &lt;manque&gt; &amp; plus');
    expect(mail.text).toContain(`${PUBLIC_URL}/timesheet?week=${monday}`);

    // Submitted again and approved without a note: a mail without a "Note" line.
    await service.submit(principal(worker), { week: monday });
    await service.decide(principal(lead), submitted.id, 'approved', null);
    const approvals2 = await prisma.emailOutbox.findMany({
      where: { kind: 'approval_result', status: 'pending' },
    });
    expect(approvals2).toHaveLength(1);
    expect(approvals2[0]!.payload).toMatchObject({ decision: 'approved', note: '' });

    // A withdrawal mails no one.
    const other = nextWeek();
    const again = await service.submit(principal(worker), { week: other });
    const before = await prisma.emailOutbox.count();
    await service.withdraw(principal(worker), again.id);
    expect(await prisma.emailOutbox.count()).toBe(before);
  });

  it('queues nothing when the transition fails', async () => {
    const worker = await user();
    const lead = await user({ role: 'manager' });
    const team = await prisma.team.create({ data: { name: `team-f-${n}` } });
    await prisma.teamMember.createMany({
      data: [
        { teamId: team.id, userId: worker.id },
        { teamId: team.id, userId: lead.id, isLead: true },
      ],
    });
    const service = approvals();
    const monday = nextWeek();
    const submitted = await service.submit(principal(worker), { week: monday });
    await service.decide(principal(lead), submitted.id, 'approved', null);
    const count = await prisma.emailOutbox.count();
    // Deciding again finds the week no longer submitted: refused, and no second mail.
    await expect(service.decide(principal(lead), submitted.id, 'rejected', 'late')).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    await expect(service.submit(principal(worker), { week: monday })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await prisma.emailOutbox.count()).toBe(count);
  });
});
