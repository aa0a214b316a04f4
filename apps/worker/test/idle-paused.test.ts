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
import { inTurn } from './row-turns';
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
      prisma,
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
      prisma,
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
      prisma,
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
