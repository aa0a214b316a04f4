import { describe, expect, it } from 'vitest';
import { useMailWorld } from './mail-world';

// Budget threshold mails (issue #20 §5, docs/email.md "Budget thresholds"): a time write that takes
// a budget past a threshold mails the admins and the leads of the project's teams, once per
// threshold, in the write's transaction (prisma/sql/012_budget_mails.sql).

const world = useMailWorld({ budgetThresholds: [50, 80, 100], timezone: 'UTC' }, 'b');
const H = 3600;
let n = 0;
const user = (role: string, email = true) => world.user({ role, email });

async function entry(userId: number, projectId: number, seconds: number) {
  const startTime = new Date(Date.UTC(2026, 2, 2 + n, 8));
  n += 1;
  return world.prisma.timeEntry.create({
    data: {
      userId,
      projectId,
      startTime,
      endTime: new Date(startTime.getTime() + seconds * 1000),
      durationSeconds: seconds,
    },
  });
}

describe('budget threshold mails', () => {
  it('mails admins and the project’s team leads once per threshold crossed', async () => {
    const admin = await user('admin');
    const silentAdmin = await user('admin', false);
    const lead = await user('manager');
    const otherLead = await user('manager');
    const worker = await user('user');
    const project = await world.prisma.project.create({ data: { name: `Website ${n}` } });
    const elsewhere = await world.prisma.project.create({ data: { name: `Elsewhere ${n}` } });
    const team = await world.prisma.team.create({ data: { name: `team-b-${n}` } });
    const other = await world.prisma.team.create({ data: { name: `team-o-${n}` } });
    await world.prisma.teamMember.createMany({
      data: [
        { teamId: team.id, userId: lead.id, isLead: true },
        { teamId: team.id, userId: worker.id },
        { teamId: other.id, userId: otherLead.id, isLead: true },
      ],
    });
    await world.prisma.projectTeam.createMany({
      data: [
        { projectId: project.id, teamId: team.id },
        { projectId: elsewhere.id, teamId: other.id },
      ],
    });
    await world.prisma.budget.create({ data: { projectId: project.id, hours: 10 } });

    await entry(worker.id, project.id, 4 * H); // 40 %: nothing
    expect(await world.prisma.emailOutbox.count()).toBe(0);
    await entry(worker.id, project.id, 4.5 * H); // 85 %: 50 and 80 at once
    const first = await world.prisma.emailOutbox.findMany({ orderBy: { id: 'asc' } });
    const admins = await world.prisma.user.findMany({
      where: { role: 'admin', isActive: true, email: { not: null } },
    });
    const expected = [...admins.map((a) => a.id), lead.id].sort((a, b) => a - b);
    for (const threshold of [50, 80]) {
      expect(
        first
          .filter((r) => (r.payload as { threshold: number }).threshold === threshold)
          .map((r) => r.userId!)
          .sort((a, b) => a - b),
      ).toEqual(expected);
    }
    expect(first.every((r) => r.kind === 'budget_threshold')).toBe(true);
    expect(first.some((r) => r.userId === otherLead.id || r.userId === silentAdmin.id)).toBe(false);
    expect(admins.map((a) => a.id)).toContain(admin.id);

    // More time below the next threshold, and an edit back and forth: no new mail.
    await entry(worker.id, project.id, 0.5 * H); // 90 %
    expect(await world.prisma.emailOutbox.count()).toBe(first.length);

    await world.sendDue(new Date(Date.now() + 1000), { batchSize: 50 });
    await world.smtp.waitFor(first.length);
    const toLead = world.smtp.received
      .filter((m) => m.envelopeTo.includes(lead.email!))
      .map((m) => m.parsed.subject);
    expect(toLead.sort()).toEqual([
      `Budget of ${project.name} reached 50 %`,
      `Budget of ${project.name} reached 80 %`,
    ]);
    const body = world.smtp.received.find((m) => m.envelopeTo.includes(lead.email!))!.parsed.text ?? '';
    expect(body).toContain('https://tt.example.test/budgets');
    expect(body).not.toContain('Period');
  });

  it('names the month of a monthly budget of a client, and sends nothing when the write rolls back', async () => {
    const lead = await user('manager');
    const worker = await user('user');
    const client = await world.prisma.client.create({ data: { name: `Client ${n}` } });
    const project = await world.prisma.project.create({
      data: { name: `Project ${n}`, clientId: client.id },
    });
    const team = await world.prisma.team.create({ data: { name: `team-c-${n}` } });
    await world.prisma.teamMember.create({ data: { teamId: team.id, userId: lead.id, isLead: true } });
    await world.prisma.projectTeam.create({ data: { projectId: project.id, teamId: team.id } });
    await world.prisma.budget.create({ data: { clientId: client.id, hours: 10, period: 'monthly' } });

    await expect(
      world.prisma.$transaction(async (tx) => {
        await tx.timeEntry.create({
          data: {
            userId: worker.id,
            projectId: project.id,
            startTime: new Date('2026-04-07T08:00:00Z'),
            endTime: new Date('2026-04-07T14:00:00Z'),
            durationSeconds: 6 * H,
          },
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await world.prisma.emailOutbox.count()).toBe(0);

    await world.prisma.timeEntry.create({
      data: {
        userId: worker.id,
        projectId: project.id,
        startTime: new Date('2026-04-07T08:00:00Z'),
        endTime: new Date('2026-04-07T14:00:00Z'),
        durationSeconds: 6 * H,
      },
    });
    const toLead = await world.prisma.emailOutbox.findMany({ where: { userId: lead.id } });
    expect(toLead.map((r) => r.payload)).toEqual([
      { username: lead.username, budget: client.name, threshold: 50, period: '2026-04', path: '/budgets' },
    ]);
  });
});
