import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorker, type WorkerProcess } from './support';

let db: TestDatabase;
let prisma: PrismaClient;

// Each test counts every job run and timer of its database: one database per test.
beforeEach(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
});
afterEach(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** Timers of `count` new users, started two hours ago with no activity since: all idle. */
async function idleTimers(prefix: string, count: number): Promise<void> {
  const users = await prisma.user.createManyAndReturn({
    data: Array.from({ length: count }, (_, i) => ({ username: `${prefix}${i}` })),
    select: { id: true },
  });
  const startTime = new Date(Date.now() - 2 * 3600_000);
  await prisma.timeEntry.createMany({ data: users.map((u) => ({ userId: u.id, startTime })) });
}

// Every second, so that a few due times pass in a short test.
const EVERY_SECOND = {
  WORKER_IDLE_CRON: '* * * * * *',
  WORKER_OVERDUE_INVOICES_CRON: '* * * * * *',
  WORKER_HOUSEKEEPING_CRON: '* * * * * *',
};

describe('three workers on one database', () => {
  it('run every due job once, and stop each idle timer once', async () => {
    await prisma.settings.update({ where: { id: 1 }, data: { idleTimeoutMinutes: 1, timezone: 'UTC' } });
    await idleTimers('early', 40);
    await prisma.invoice.create({
      data: {
        invoiceNumber: 'R-1',
        clientName: 'Acme',
        issueDate: new Date('2026-01-01'),
        dueDate: new Date('2026-01-31'),
        status: 'sent',
      },
    });

    const { id: userId } = await prisma.user.findFirstOrThrow({ select: { id: true } });
    await prisma.session.create({
      data: { id: 'expired-session', userId, csrfToken: 'c', expiresAt: new Date(Date.now() - 60_000) },
    });

    const workers: WorkerProcess[] = [1, 2, 3].map(() =>
      startWorker({ DATABASE_URL: db.url, LOG_LEVEL: 'info', ...EVERY_SECOND }),
    );
    try {
      await Promise.all(workers.map((w) => w.waitFor('worker ready')));
      // However many due times a loaded machine needs for each step.
      const running = () => prisma.timeEntry.count({ where: { endTime: null } });
      await expect.poll(running, { timeout: 30_000, interval: 100 }).toBe(0);
      await idleTimers('late', 25); // picked up by a later due time, by whichever worker gets it
      await expect.poll(running, { timeout: 30_000, interval: 100 }).toBe(0);
      await expect
        .poll(() => prisma.session.count({ where: { id: 'expired-session' } }), { timeout: 30_000 })
        .toBe(0);
      await expect
        .poll(
          async () => (await prisma.invoice.findFirstOrThrow({ where: { invoiceNumber: 'R-1' } })).status,
          {
            timeout: 30_000,
          },
        )
        .toBe('overdue');
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
    }
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0]);

    const runs = await prisma.jobRun.findMany({ orderBy: [{ jobName: 'asc' }, { scheduledAt: 'asc' }] });
    const idle = runs.filter((r) => r.jobName === 'idle-timeout');
    // Two batches of timers: at least two runs stopped some (below); a quick machine needs no more.
    // Every run did its work, or found the previous due time's run (another worker's, slowed
    // down by a busy machine) still at it: that is a skip, never a failure or a second run.
    const ok = runs.filter((r) => r.outcome === 'ok');
    for (const other of runs.filter((r) => r.outcome !== 'ok'))
      expect(other).toMatchObject({ outcome: 'skipped', error: 'the previous run still holds the lock' });
    expect(ok.filter((r) => r.jobName === 'idle-timeout').length).toBeGreaterThanOrEqual(2);

    // What the processes did, from their own logs: one run per job and due time, all together.
    // (Jobs that claim their own work, such as the rollup fold after the idle stops, log runs
    // without a due time.)
    const done = workers
      .flatMap((w) => w.lines())
      .filter((l) => l.outcome === 'ok' && l.scheduledAt !== undefined);
    const perDueTime = new Map<string, number>();
    for (const l of done)
      perDueTime.set(`${l.job} ${l.scheduledAt}`, (perDueTime.get(`${l.job} ${l.scheduledAt}`) ?? 0) + 1);
    expect([...perDueTime.values()].every((n) => n === 1)).toBe(true);
    expect(perDueTime.size).toBe(ok.length);
    // Due times are whole seconds of the schedule, the same on every worker.
    expect(idle.every((r) => r.scheduledAt.getMilliseconds() === 0)).toBe(true);

    // Each timer stopped exactly once: the runs' counts add up to the timers there were.
    const stopped = ok
      .filter((r) => r.jobName === 'idle-timeout')
      .reduce((sum, r) => sum + ((r.counts as { stopped: number }).stopped ?? 0), 0);
    expect(stopped).toBe(65);
    expect(await prisma.timeEntry.count({ where: { endTime: null } })).toBe(0);
    expect(await prisma.timeEntry.count({ where: { stoppedReason: 'idle' } })).toBe(65);
    const overdue = ok.filter((r) => r.jobName === 'overdue-invoices');
    expect(overdue.reduce((sum, r) => sum + (r.counts as { overdue: number }).overdue, 0)).toBe(1);
    expect((await prisma.invoice.findFirstOrThrow({ where: { invoiceNumber: 'R-1' } })).status).toBe(
      'overdue',
    );
    // Housekeeping ran too (once per due time, like every job above) and removed the expired session.
    const housekeeping = ok.filter((r) => r.jobName === 'housekeeping');
    expect(housekeeping.reduce((sum, r) => sum + (r.counts as { sessions: number }).sessions, 0)).toBe(1);
    expect(await prisma.session.count({ where: { id: 'expired-session' } })).toBe(0);
  });

  it('waits on SIGTERM for the job that is running, then exits 0', async () => {
    await prisma.settings.update({ where: { id: 1 }, data: { idleTimeoutMinutes: 1 } });
    await idleTimers('held', 1);
    const worker = startWorker({ DATABASE_URL: db.url, LOG_LEVEL: 'info', ...EVERY_SECOND });
    let release!: () => void;
    // Hold the timer's row lock: the worker's next idle run blocks on it, mid-job.
    const holding = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM time_entries WHERE end_time IS NULL FOR UPDATE`;
        await new Promise<void>((r) => (release = r));
      },
      { timeout: 20_000 },
    );
    try {
      await worker.waitFor('worker ready');
      // An idle run has claimed its due time and is blocked on the held row.
      await expect
        .poll(() => prisma.jobRun.count({ where: { jobName: 'idle-timeout', outcome: 'running' } }), {
          timeout: 30_000,
          interval: 100,
        })
        .toBe(1);
      worker.child.kill('SIGTERM');
      // The held idle run, and whichever other jobs happened to be due that second.
      await worker.waitFor('running job(s)');
      // Still there; that it waited shows below: the held run finished ok once released.
      expect(worker.child.exitCode).toBeNull();
    } finally {
      release();
      await holding;
    }
    expect(await worker.exited).toBe(0);
    // The held run finished once released; the ticks that came while it held the lock were skipped.
    const runs = await prisma.jobRun.findMany({ where: { jobName: 'idle-timeout' }, orderBy: { id: 'asc' } });
    expect(runs[0]).toMatchObject({ outcome: 'ok', counts: { stopped: 1 } });
    expect(runs.slice(1).every((r) => r.outcome === 'skipped')).toBe(true);
  });
});
