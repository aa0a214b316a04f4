import {
  DomainError,
  IdleTimersRepository,
  IdleTimersService,
  roundDuration,
  TimeEntriesRepository,
  TimeEntriesService,
  TimeEntryListRepository,
  TagsRepository,
  TagsService,
  type Principal,
  type RoundingMode,
} from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { inTurn } from './row-turns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let db: TestDatabase;
let prisma: PrismaClient;
let idle: IdleTimersService;
let userId: number;

const T0 = new Date('2026-03-10T09:00:00Z');
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + (minutes * 60 + seconds) * 1000);

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  idle = new IdleTimersService(new IdleTimersRepository(prisma));
  userId = (await prisma.user.create({ data: { username: 'idler' }, select: { id: true } })).id;
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.timeEntry.deleteMany();
  await prisma.settings.update({
    where: { id: 1 },
    data: { idleTimeoutMinutes: 30, roundingMinutes: 1, roundingMode: 'nearest' },
  });
  await prisma.user.update({ where: { id: userId }, data: { lastActivityAt: null } });
});

const startTimer = (startTime: Date, user = userId) =>
  prisma.timeEntry.create({ data: { userId: user, startTime, source: 'auto' }, select: { id: true } });
const entry = (id: number) => prisma.timeEntry.findUniqueOrThrow({ where: { id } });
const activity = (lastActivityAt: Date | null, id = userId) =>
  prisma.user.update({ where: { id }, data: { lastActivityAt } });

describe('idle timeout', () => {
  it('stops a timer exactly when its user has been idle for the timeout, not a millisecond before', async () => {
    const { id } = await startTimer(T0);
    await activity(at(10));
    expect(await idle.stopIdleTimers(new Date(at(40).getTime() - 1))).toEqual({ stopped: 0 });
    expect((await entry(id)).endTime).toBeNull();

    expect(await idle.stopIdleTimers(at(40))).toEqual({ stopped: 1 });
    const stopped = await entry(id);
    // Idle time is not recorded: the entry ends at the last activity.
    expect(stopped.endTime).toEqual(at(10));
    expect(stopped.durationSeconds).toBe(600);
    expect(stopped.stoppedReason).toBe('idle');
    expect(stopped.autoStoppedAt).toEqual(at(40));
    // Already stopped: a later run leaves it alone.
    expect(await idle.stopIdleTimers(at(90))).toEqual({ stopped: 0 });
    expect((await entry(id)).autoStoppedAt).toEqual(at(40));
  });

  it('measures from the start when the user never showed activity, or only before it', async () => {
    const never = await startTimer(T0);
    expect(await idle.stopIdleTimers(at(29, 59))).toEqual({ stopped: 0 });
    expect(await idle.stopIdleTimers(at(30))).toEqual({ stopped: 1 });
    expect(await entry(never.id)).toMatchObject({ endTime: T0, durationSeconds: 0 });

    await activity(at(-120));
    const older = await startTimer(at(60));
    expect(await idle.stopIdleTimers(at(89))).toEqual({ stopped: 0 });
    expect(await idle.stopIdleTimers(at(90))).toEqual({ stopped: 1 });
    // Never before the start, even though the recorded activity is older.
    expect(await entry(older.id)).toMatchObject({ endTime: at(60), durationSeconds: 0 });
  });

  it('keeps a timer alive while heartbeats keep coming', async () => {
    const { id } = await startTimer(T0);
    for (const minute of [20, 45, 70]) {
      await activity(at(minute));
      expect(await idle.stopIdleTimers(at(minute + 29))).toEqual({ stopped: 0 });
    }
    expect((await entry(id)).endTime).toBeNull();
    expect(await idle.stopIdleTimers(at(100))).toEqual({ stopped: 1 });
    expect((await entry(id)).endTime).toEqual(at(70));
  });

  it('does nothing when the timeout is 0 (off)', async () => {
    const { id } = await startTimer(T0);
    await prisma.settings.update({ where: { id: 1 }, data: { idleTimeoutMinutes: 0 } });
    expect(await idle.stopIdleTimers(at(60 * 24 * 7))).toEqual({ stopped: 0 });
    expect((await entry(id)).endTime).toBeNull();
  });

  it('leaves finished entries and other users’ active timers alone', async () => {
    const other = (await prisma.user.create({ data: { username: 'busy' }, select: { id: true } })).id;
    try {
      await activity(at(50), other);
      const busy = await startTimer(T0, other);
      const done = await prisma.timeEntry.create({
        data: { userId, startTime: T0, endTime: at(5), durationSeconds: 300 },
      });
      const mine = await startTimer(T0);
      expect(await idle.stopIdleTimers(at(60))).toEqual({ stopped: 1 });
      expect((await entry(mine.id)).stoppedReason).toBe('idle');
      expect((await entry(busy.id)).endTime).toBeNull();
      expect(await entry(done.id)).toMatchObject({ endTime: at(5), stoppedReason: null });
    } finally {
      await prisma.timeEntry.deleteMany({ where: { userId: other } });
      await prisma.user.delete({ where: { id: other } });
    }
  });
});

describe('against a user stopping the timer', () => {
  const idler = (): Principal => ({ userId, username: 'idler', role: 'user', via: 'token' });
  const timers = () =>
    new TimeEntriesService(
      new TimeEntriesRepository(prisma),
      new TimeEntryListRepository(prisma),
      new TagsService(new TagsRepository(prisma)),
    );

  it('a stop that read the timer before the sweep stopped it is refused; the idle end stays', async () => {
    const { id } = await startTimer(T0);
    await activity(at(10));
    const [swept, stop] = await inTurn(
      prisma,
      id,
      () => idle.stopIdleTimers(at(40)),
      () => timers().stopTimer(idler(), {}, at(45)),
    );
    expect(swept).toEqual({ value: { stopped: 1 } });
    expect('error' in stop && stop.error).toBeInstanceOf(DomainError);
    expect('error' in stop && (stop.error as DomainError).code).toBe('CONFLICT');
    expect(await entry(id)).toMatchObject({ endTime: at(10), durationSeconds: 600, stoppedReason: 'idle' });
  });

  it('skips a timer the user stopped after the sweep chose it', async () => {
    const { id } = await startTimer(T0);
    await activity(at(10));
    const [stop, swept] = await inTurn(
      prisma,
      id,
      () => timers().stopTimer(idler(), {}, at(45)),
      () => idle.stopIdleTimers(at(40)),
    );
    expect(stop).toMatchObject({ value: { id, endTime: at(45).toISOString(), stoppedReason: null } });
    expect(swept).toEqual({ value: { stopped: 0 } });
    expect(await entry(id)).toMatchObject({ endTime: at(45), durationSeconds: 45 * 60, stoppedReason: null });
  });
});

describe('the cost of a stop', () => {
  it("writes no index entry but the entry list's duration indexes, and still stamps updated_at", async () => {
    const { id } = await startTimer(T0);
    await prisma.$executeRaw`UPDATE time_entries SET updated_at = '2000-01-01T00:00:00Z' WHERE id = ${id}`;
    // A stop sets duration_seconds, which the entry list's duration sort indexes (migration
    // list_sort_indexes): that makes every stop a non-HOT update, knowingly. Without those two
    // indexes (dropped inside a transaction that is rolled back) the stop must be HOT: any
    // other index on a column a stop writes would cost the sweep an index insertion per stopped
    // timer (see the idle sweep in docs/benchmarks.md).
    const rollback = new Error('rollback');
    let hot = -1;
    let stopped: Awaited<ReturnType<typeof entry>> | undefined;
    await prisma
      .$transaction(async (tx) => {
        await tx.$executeRaw`DROP INDEX idx_time_entries_duration, idx_time_entries_user_duration`;
        // Updates of time_entries that left every index alone, as counted by this connection
        // (counts not yet flushed to the statistics can include earlier transactions: hence the
        // difference, which no flush can change inside a transaction).
        const hotUpdates = async () =>
          (
            await tx.$queryRaw<{ n: number }[]>`
              SELECT pg_stat_get_xact_tuples_hot_updated('time_entries'::regclass)::int AS n`
          )[0]!.n;
        const before = await hotUpdates();
        expect(await new IdleTimersRepository(tx as unknown as PrismaClient).stopIdleSince(at(40))).toBe(1);
        hot = (await hotUpdates()) - before;
        stopped = await tx.timeEntry.findUniqueOrThrow({ where: { id } });
        throw rollback;
      })
      .catch((err: unknown) => {
        if (err !== rollback) throw err;
      });
    expect(hot).toBe(1);
    expect(stopped!.stoppedReason).toBe('idle');
    expect(Date.now() - stopped!.updatedAt!.getTime()).toBeLessThan(60_000);
  });

  it('runs on a table that keeps 10% of each page free for the new row versions of stops', async () => {
    const [table] = await prisma.$queryRaw<{ options: string[] | null }[]>`
      SELECT reloptions AS options FROM pg_class WHERE oid = 'time_entries'::regclass`;
    expect(table!.options).toContain('fillfactor=90');
  });
});

describe('the SQL rounding agrees with roundDuration', () => {
  const seconds = [0, 1, 59, 60, 61, 149, 150, 151, 299, 300, 301, 449, 450, 451, 599, 600, 899, 900, 901];
  const cases: [number, RoundingMode][] = [
    [0, 'nearest'],
    [1, 'up'],
    [5, 'nearest'],
    [5, 'up'],
    [5, 'down'],
    [15, 'nearest'],
    [15, 'up'],
    [15, 'down'],
    [60, 'nearest'],
  ];

  it.each(cases)('rounding_minutes %i, %s', async (minutes, mode) => {
    await prisma.settings.update({
      where: { id: 1 },
      data: { roundingMinutes: minutes, roundingMode: mode },
    });
    // One user per duration, each last active `s` seconds (plus a fraction) after the start.
    const users = await prisma.user.createManyAndReturn({
      data: seconds.map((s) => ({ username: `r${minutes}${mode}${s}`, lastActivityAt: at(0, s + 0.75) })),
      select: { id: true, username: true },
    });
    const idOf = new Map(users.map((u) => [u.username, u.id]));
    await prisma.timeEntry.createMany({
      data: seconds.map((s) => ({ userId: idOf.get(`r${minutes}${mode}${s}`)!, startTime: T0 })),
    });
    expect(await idle.stopIdleTimers(at(24 * 60))).toEqual({ stopped: seconds.length });
    const rows = await prisma.timeEntry.findMany({
      where: { userId: { in: users.map((u) => u.id) } },
      select: { durationSeconds: true, user: { select: { lastActivityAt: true } } },
    });
    const got = rows
      .map((r) => [
        Math.round((r.user!.lastActivityAt!.getTime() - T0.getTime() - 750) / 1000),
        r.durationSeconds,
      ])
      .sort((a, b) => a[0]! - b[0]!);
    expect(got).toEqual(seconds.map((s) => [s, roundDuration(s + 0.75, minutes, mode)]));
    await prisma.timeEntry.deleteMany({ where: { userId: { in: users.map((u) => u.id) } } });
    await prisma.user.deleteMany({ where: { id: { in: users.map((u) => u.id) } } });
  });
});
