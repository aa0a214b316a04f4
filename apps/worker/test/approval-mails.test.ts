import {
  ApprovalsRepository,
  ApprovalsService,
  formatMailDate,
  TeamScopeRepository,
  TimeEntryListRepository,
  type Principal,
} from '@timetracker/core';
import { describe, expect, it } from 'vitest';
import { PUBLIC_URL, useMailWorld } from './mail-world';

// Approval mails (issue #20 §5, docs/email.md "Approvals"): a submitted week mails the user's
// team leads (or the admins when there is none), a decision mails the user with the note; each
// queued in the transaction of the transition and delivered to a real SMTP server.

const world = useMailWorld({ timezone: 'UTC' });
let teams = 0;
const user = ({
  role = 'user',
  ...data
}: { role?: string; language?: string; email?: boolean; dateFormat?: string } = {}) =>
  world.user({ role, ...data });

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
    new ApprovalsRepository(world.prisma),
    new TeamScopeRepository(world.prisma),
    new TimeEntryListRepository(world.prisma),
  );

const send = (now?: Date) => world.sendDue(now);

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
    const team = await world.prisma.team.create({ data: { name: `team-${++teams}` } });
    const team2 = await world.prisma.team.create({ data: { name: `team2-${++teams}` } });
    const elsewhere = await world.prisma.team.create({ data: { name: `elsewhere-${++teams}` } });
    await world.prisma.teamMember.createMany({
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
    await world.prisma.timeEntry.create({
      data: {
        userId: worker.id,
        startTime: new Date(`${monday}T09:00:00Z`),
        endTime: new Date(`${monday}T16:30:00Z`),
        durationSeconds: 7.5 * 3600,
      },
    });
    // A row written without a duration (by an old version or by hand) counts as in reports: 1:30
    // between start and end less 30 min of breaks.
    await world.prisma.timeEntry.create({
      data: {
        userId: worker.id,
        startTime: new Date(`${monday}T17:00:00Z`),
        endTime: new Date(`${monday}T18:30:00Z`),
        durationSeconds: null,
        breakSeconds: 1800,
      },
    });
    await approvals().submit(principal(worker), { week: monday });

    const queued = await world.prisma.emailOutbox.findMany({ orderBy: { toAddress: 'asc' } });
    expect(queued.map((r) => [r.kind, r.userId]).sort()).toEqual(
      [
        ['approval_request', lead.id],
        ['approval_request', otherLead.id],
      ].sort(),
    );
    expect(await send()).toEqual({ sent: 2, retried: 0, failed: 0 });
    await world.smtp.waitFor(2);
    const german = world.smtp.received.find((m) => m.envelopeTo.includes(lead.email!))!.parsed;
    const [yyyy, mm, dd] = monday.split('-');
    expect(german.subject).toBe(`${worker.username} hat die Woche vom ${dd}.${mm}.${yyyy} eingereicht`);
    expect(german.text).toContain(`(8:30 h)`);
    expect(german.text).toContain(`${PUBLIC_URL}/approvals`);
    expect(world.smtp.received.some((m) => m.envelopeTo.includes(strangerLead.email!))).toBe(false);
  });

  it('mails the admins when the user has no team lead', async () => {
    const loner = await user();
    const admins = await world.prisma.user.findMany({ where: { role: 'admin', isActive: true } });
    const admin = await user({ role: 'admin' });
    await approvals().submit(principal(loner), { week: nextWeek() });
    const queued = await world.prisma.emailOutbox.findMany();
    // Every active admin with an address (the seeded admin has none).
    expect(queued.map((r) => r.userId).sort()).toEqual(
      [...admins.filter((a) => a.email !== null).map((a) => a.id), admin.id].sort(),
    );
    expect(queued.every((r) => r.kind === 'approval_request')).toBe(true);
  });

  it('mails the user the decision with the reason, and nothing for a withdrawal', async () => {
    const worker = await user({ language: 'fr' });
    const lead = await user({ role: 'manager', email: false });
    const team = await world.prisma.team.create({ data: { name: `team-r-${++teams}` } });
    await world.prisma.teamMember.createMany({
      data: [
        { teamId: team.id, userId: worker.id },
        { teamId: team.id, userId: lead.id, isLead: true },
      ],
    });
    const service = approvals();
    const monday = nextWeek();
    const submitted = await service.submit(principal(worker), { week: monday });
    await service.decide(principal(lead), submitted.id, 'rejected', 'Mardi <manque> & plus');
    const [rejection] = await world.prisma.emailOutbox.findMany({ where: { kind: 'approval_result' } });
    expect(rejection).toMatchObject({ userId: worker.id, toAddress: worker.email, language: 'fr' });

    expect(await send()).toEqual({ sent: 1, retried: 0, failed: 0 });
    await world.smtp.waitFor(1);
    const mail = world.smtp.received[0]!.parsed;
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
    const approvals2 = await world.prisma.emailOutbox.findMany({
      where: { kind: 'approval_result', status: 'pending' },
    });
    expect(approvals2).toHaveLength(1);
    expect(approvals2[0]!.payload).toMatchObject({ decision: 'approved', note: '' });

    // A withdrawal mails no one.
    const other = nextWeek();
    const again = await service.submit(principal(worker), { week: other });
    const before = await world.prisma.emailOutbox.count();
    await service.withdraw(principal(worker), again.id);
    expect(await world.prisma.emailOutbox.count()).toBe(before);
  });

  it('queues nothing when the transition fails', async () => {
    const worker = await user();
    const lead = await user({ role: 'manager' });
    const team = await world.prisma.team.create({ data: { name: `team-f-${++teams}` } });
    await world.prisma.teamMember.createMany({
      data: [
        { teamId: team.id, userId: worker.id },
        { teamId: team.id, userId: lead.id, isLead: true },
      ],
    });
    const service = approvals();
    const monday = nextWeek();
    const submitted = await service.submit(principal(worker), { week: monday });
    await service.decide(principal(lead), submitted.id, 'approved', null);
    const count = await world.prisma.emailOutbox.count();
    // Deciding again finds the week no longer submitted: refused, and no second mail.
    await expect(service.decide(principal(lead), submitted.id, 'rejected', 'late')).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    await expect(service.submit(principal(worker), { week: monday })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await world.prisma.emailOutbox.count()).toBe(count);
  });
});
