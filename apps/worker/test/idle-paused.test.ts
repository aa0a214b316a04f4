import {
  TagsRepository,
  TagsService,
  DomainError,
  IdleTimersRepository,
  IdleTimersService,
  TimeEntriesRepository,
  TimeEntriesService,
  TimeEntryListRepository,
  type Principal,
} from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// The idle sweep and paused timers (issue #17 §5): a paused timer is stopped at its pause's start,
// the open pause never counts, and a pause or resume racing the sweep is never lost.

let db: TestDatabase;
let prisma: PrismaClient;
let idle: IdleTimersService;
let timers: TimeEntriesService;
let userId: number;

const T0 = new Date('2026-03-10T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const me = (): Principal => ({ userId, username: 'pauser', role: 'user', via: 'token' });

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  idle = new IdleTimersService(new IdleTimersRepository(prisma));
  timers = new TimeEntriesService(
    new TimeEntriesRepository(prisma),
    new TimeEntryListRepository(prisma),
    new TagsService(new TagsRepository(prisma)),
  );
  userId = (await prisma.user.create({ data: { username: 'pauser' }, select: { id: true } })).id;
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.timeEntry.deleteMany();
  await prisma.settings.update({
    where: { id: 1 },
    data: { idleTimeoutMinutes: 30, roundingMinutes: 15, roundingMode: 'up' },
  });
  await prisma.user.update({ where: { id: userId }, data: { lastActivityAt: null } });
});

const startTimer = () =>
  prisma.timeEntry.create({ data: { userId, startTime: T0, source: 'auto' }, select: { id: true } });
const entry = (id: number) => prisma.timeEntry.findUniqueOrThrow({ where: { id } });

/**
 * Runs `first`, then `second` once `first` waits on a row lock held on the entry, then lets them
 * go: they take the row in that order (as apps/worker/test/idle-timeout.test.ts).
 */
async function inTurn<A, B>(entryId: number, first: () => Promise<A>, second: () => Promise<B>) {
  let release!: () => void;
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const holder = prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM time_entries WHERE id = ${entryId} FOR UPDATE`;
      held();
      await new Promise<void>((resolve) => (release = resolve));
    },
    { timeout: 60_000 },
  );
  await isHeld;
  const waiters = async (n: number) => {
    for (let tries = 0; ; tries++) {
      const [row] = await prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%time_entries%'`;
      if (row!.n >= n) return;
      if (tries > 1000) throw new Error(`${row!.n} of ${n} writers waiting on the entry`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const settle = <T>(p: Promise<T>) =>
    p.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  try {
    const a = settle(first());
    await waiters(1);
    const b = settle(second());
    await waiters(2);
    release();
    await holder;
    return [await a, await b] as const;
  } finally {
    release?.();
  }
}

describe('the idle sweep and a paused timer', () => {
  it('ends it at the pause’s start, less its closed breaks, rounded; the open pause is dropped', async () => {
    const { id } = await startTimer();
    await timers.pauseTimer(me(), { at: at(10).toISOString() }, at(10));
    await timers.resumeTimer(me(), { at: at(25).toISOString() }, at(25));
    await timers.pauseTimer(me(), { at: at(47).toISOString() }, at(47));
    // Idle from the last resume (t25): stopped at t55, not before.
    expect(await idle.stopIdleTimers(at(54))).toEqual({ stopped: 0 });
    expect(await idle.stopIdleTimers(at(55))).toEqual({ stopped: 1 });
    // 47 minutes less 15 of break: 32 worked, billed 45 (up to the quarter hour).
    expect(await entry(id)).toMatchObject({
      endTime: at(47),
      breakSeconds: 900,
      durationSeconds: 2700,
      pausedAt: null,
      stoppedReason: 'idle',
      autoStoppedAt: at(55),
    });
  });

  it('sees a pause committed after it chose the timer: the end is the pause, not the last activity', async () => {
    const { id } = await startTimer();
    await prisma.user.update({ where: { id: userId }, data: { lastActivityAt: at(20) } });
    const [paused, swept] = await inTurn(
      id,
      () => timers.pauseTimer(me(), { at: at(12).toISOString() }, at(60)),
      () => idle.stopIdleTimers(at(60)),
    );
    expect(paused).toMatchObject({ value: { id, paused: true } });
    expect(swept).toEqual({ value: { stopped: 1 } });
    expect(await entry(id)).toMatchObject({ endTime: at(12), pausedAt: null, durationSeconds: 900 });
  });

  it('sees a resume committed after it chose the timer: the break counts, the entry stays whole', async () => {
    const { id } = await startTimer();
    await timers.pauseTimer(me(), { at: at(5).toISOString() }, at(5));
    const [resumed, swept] = await inTurn(
      id,
      () => timers.resumeTimer(me(), { at: at(20).toISOString() }, at(60)),
      () => idle.stopIdleTimers(at(60)),
    );
    expect(resumed).toMatchObject({ value: { id, paused: false, breakSeconds: 900 } });
    expect(swept).toEqual({ value: { stopped: 1 } });
    // Idle since the resume at t20 (no other activity): ends there, 20 minutes less 15 of break.
    expect(await entry(id)).toMatchObject({ endTime: at(20), breakSeconds: 900, durationSeconds: 900 });
  });

  it('a pause that reads the timer after the sweep stopped it is refused with a conflict', async () => {
    const { id } = await startTimer();
    await prisma.user.update({ where: { id: userId }, data: { lastActivityAt: at(10) } });
    const [swept, paused] = await inTurn(
      id,
      () => idle.stopIdleTimers(at(45)),
      () => timers.pauseTimer(me(), {}, at(45)),
    );
    expect(swept).toEqual({ value: { stopped: 1 } });
    expect('error' in paused && paused.error).toBeInstanceOf(DomainError);
    expect('error' in paused && (paused.error as DomainError).code).toBe('CONFLICT');
    expect(await entry(id)).toMatchObject({ endTime: at(10), pausedAt: null, stoppedReason: 'idle' });
  });
});
