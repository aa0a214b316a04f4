import { WeeklyDigestRepository, WeeklyDigestService } from '@timetracker/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_URL, useMailWorld } from './mail-world';

// The weekly digest (issue #20 §5, docs/email.md "Weekly digest"): last week's time against the
// weekly target, once per user per week however many workers run the job, with an opt-out.

const world = useMailWorld({ timezone: 'Europe/Berlin' }, 'd');
const H = 3600;
beforeEach(async () => {
  await world.prisma.timeEntry.deleteMany();
  await world.prisma.user.updateMany({ data: { weeklyDigest: false } });
});

function user(
  data: {
    target?: number | null;
    digest?: boolean;
    email?: boolean;
    weekStart?: string;
    timezone?: string;
  } = {},
) {
  return world.user({
    email: data.email,
    weeklyTargetSeconds: data.target === undefined ? 40 * H : data.target,
    weeklyDigest: data.digest ?? true,
    weekStart: data.weekStart ?? 'monday',
    timezone: data.timezone ?? null,
  });
}

async function worked(userId: number, start: string, seconds: number, running = false) {
  const startTime = new Date(start);
  await world.prisma.timeEntry.create({
    data: {
      userId,
      startTime,
      endTime: running ? null : new Date(startTime.getTime() + seconds * 1000),
      durationSeconds: running ? null : seconds,
    },
  });
}

const digests = () => new WeeklyDigestService(new WeeklyDigestRepository(world.prisma));
const queued = () =>
  world.prisma.emailOutbox.findMany({ where: { kind: 'weekly_digest' }, orderBy: { id: 'asc' } });

// Monday 9 March 2026, 09:00 in Berlin (08:00Z): last week is Monday 2 to Sunday 8 March.
const MONDAY_MORNING = new Date('2026-03-09T08:00:00Z');

describe('weekly digest', () => {
  it('mails the time missing against the target of last week, in the user’s week and zone', async () => {
    const short = await user();
    // Berlin: Monday 2 March 00:30 is Sunday 23:30Z: in the week. Monday 9 March 00:30 is not.
    await worked(short.id, '2026-03-01T23:30:00Z', 30 * H);
    await worked(short.id, '2026-03-08T23:30:00Z', 5 * H);
    await worked(short.id, '2026-03-04T08:00:00Z', 0, true); // running: not counted
    const enough = await user();
    await worked(enough.id, '2026-03-03T08:00:00Z', 40 * H);
    const optedOut = await user({ digest: false });
    const noAddress = await user({ email: false });
    const noTarget = await user({ target: null });
    for (const u of [optedOut, noAddress, noTarget]) await worked(u.id, '2026-03-03T08:00:00Z', H);

    expect(await digests().queue(MONDAY_MORNING)).toEqual({ queued: 1 });
    const [row] = await queued();
    expect(row).toMatchObject({
      userId: short.id,
      dedupeKey: `weekly_digest:${short.id}:2026-03-02`,
      payload: { weekStart: '2026-03-02', worked: '30:00', target: '40:00', missing: '10:00' },
    });

    expect(await world.sendDue(MONDAY_MORNING)).toEqual({ sent: 1, retried: 0, failed: 0 });
    await world.smtp.waitFor(1);
    const mail = world.smtp.received[0]!;
    expect(mail.envelopeTo).toEqual([short.email]);
    expect(mail.parsed.subject).toBe('10:00 h missing in the week of March 2, 2026');
    expect(mail.parsed.text).toContain('you recorded 30:00 h of your 40:00 h target');
    expect(mail.parsed.text).toContain(`${PUBLIC_URL}/timesheet?week=2026-03-02`);
    expect(mail.parsed.text).toContain('turn off the weekly digest on My account');
  });

  it('counts an entry without a stored duration as reports do: end − start − breaks', async () => {
    const u = await user();
    await worked(u.id, '2026-03-03T08:00:00Z', 30 * H);
    // Written without a duration (by an old version or by hand): 3 h with 1 h of breaks.
    await world.prisma.timeEntry.create({
      data: {
        userId: u.id,
        startTime: new Date('2026-03-05T08:00:00Z'),
        endTime: new Date('2026-03-05T11:00:00Z'),
        durationSeconds: null,
        breakSeconds: H,
      },
    });
    expect(await digests().queue(MONDAY_MORNING)).toEqual({ queued: 1 });
    expect((await queued())[0]!.payload).toMatchObject({ worked: '32:00', missing: '8:00' });
  });

  it('queues each user’s digest once a week however many workers run it, at once or later', async () => {
    const u = await user();
    await worked(u.id, '2026-03-03T08:00:00Z', 12 * H);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => digests().queue(new Date(MONDAY_MORNING.getTime() + i * 60_000))),
    );
    expect(results.reduce((sum, r) => sum + r.queued, 0)).toBe(1);
    // Later runs in the same week queue nothing new; the next week's run does.
    expect(await digests().queue(new Date('2026-03-12T12:00:00Z'))).toEqual({ queued: 0 });
    expect(await digests().queue(new Date('2026-03-16T08:00:00Z'))).toEqual({ queued: 1 });
    expect((await queued()).map((r) => r.dedupeKey)).toEqual([
      `weekly_digest:${u.id}:2026-03-02`,
      `weekly_digest:${u.id}:2026-03-09`,
    ]);
    expect((await queued())[1]!.payload).toMatchObject({ worked: '0:00', missing: '40:00' });
  });

  it('waits for 07:00 on the first day of the user’s own week, in their own zone', async () => {
    const tokyo = await user({ timezone: 'Asia/Tokyo' });
    const sundayStarter = await user({ weekStart: 'sunday', timezone: 'America/New_York' });
    // 21:00Z Sunday 8 March: Monday 06:00 in Tokyo (too early); Sunday 17:00 in New York, whose
    // week (Sunday 1 to Saturday 7) ended last night, after 07:00 on its first day: queued.
    expect(await digests().queue(new Date('2026-03-08T21:00:00Z'))).toEqual({ queued: 1 });
    expect((await queued()).map((r) => [r.userId, (r.payload as { weekStart: string }).weekStart])).toEqual([
      [sundayStarter.id, '2026-03-01'],
    ]);
    // 22:00Z: 07:00 in Tokyo.
    expect(await digests().queue(new Date('2026-03-08T22:00:00Z'))).toEqual({ queued: 1 });
    expect((await queued()).at(-1)).toMatchObject({ userId: tokyo.id, payload: { weekStart: '2026-03-02' } });
  });
});
