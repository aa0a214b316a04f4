import { JobRunnerService, JobRunsRepository, JobStatusService } from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let db: TestDatabase;
let prisma: PrismaClient;
let runs: JobRunsRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  runs = new JobRunsRepository(prisma);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.jobRun.deleteMany();
});

const due = new Date('2026-04-01T10:00:00Z');
const rowsOf = (jobName: string) => prisma.jobRun.findMany({ where: { jobName }, orderBy: { id: 'asc' } });

describe('job runner', () => {
  it('runs a due time once however many workers try, and records the counts', async () => {
    const workers = ['a', 'b', 'c'].map((w) => new JobRunnerService(runs, w));
    let calls = 0;
    const results = await Promise.all(
      workers.map((w) =>
        w.run('count', due, async () => {
          calls++;
          await new Promise((r) => setTimeout(r, 50));
          return { done: 1 };
        }),
      ),
    );
    expect(calls).toBe(1);
    expect(results.map((r) => r.outcome).sort()).toEqual(['ok', 'taken', 'taken']);
    const [row, ...rest] = await rowsOf('count');
    expect(rest).toHaveLength(0);
    expect(row).toMatchObject({ outcome: 'ok', counts: { done: 1 }, scheduledAt: due, error: null });
    expect(row!.finishedAt!.getTime()).toBeGreaterThanOrEqual(row!.startedAt.getTime());
  });

  it('records a throwing job as failed without throwing, and the next due time runs again', async () => {
    const runner = new JobRunnerService(runs, 'w');
    const failed = await runner.run('flaky', due, () => Promise.reject(new Error('disk full')));
    expect(failed).toMatchObject({ outcome: 'failed', error: 'disk full' });
    const next = await runner.run('flaky', new Date(due.getTime() + 60_000), async () => ({ n: 2 }));
    expect(next.outcome).toBe('ok');
    expect((await rowsOf('flaky')).map((r) => [r.outcome, r.error])).toEqual([
      ['failed', 'disk full'],
      ['ok', null],
    ]);
  });

  it('skips a due time while the previous run still holds the lock, and reports status', async () => {
    const runner = new JobRunnerService(runs, 'w');
    let release!: () => void;
    let started!: () => void;
    const holding = new Promise<void>((resolve) => (started = resolve));
    const slow = runner.run(
      'slow',
      due,
      () =>
        new Promise((r) => {
          release = () => r({});
          started();
        }),
    );
    // The job runs only once the run holds the lock.
    await holding;
    const overlapping = await runner.run('slow', new Date(due.getTime() + 60_000), async () => ({}));
    expect(overlapping.outcome).toBe('skipped');
    release();
    expect((await slow).outcome).toBe('ok');
    expect((await rowsOf('slow')).map((r) => r.outcome)).toEqual(['ok', 'skipped']);

    const status = await new JobStatusService(runs).status();
    expect(status).toEqual([
      expect.objectContaining({
        job: 'slow',
        lastOutcome: 'skipped',
        lastScheduledAt: '2026-04-01T10:01:00.000Z',
        lastOkAt: expect.any(String),
      }),
    ]);
  });

  it('marks a run left "running" by a dead worker as failed on the next run', async () => {
    await prisma.jobRun.create({
      data: {
        jobName: 'orphan',
        scheduledAt: due,
        startedAt: new Date(),
        outcome: 'running',
        worker: 'dead:1',
      },
    });
    await new JobRunnerService(runs, 'w').run('orphan', new Date(due.getTime() + 60_000), async () => ({}));
    expect((await rowsOf('orphan')).map((r) => [r.outcome, r.error])).toEqual([
      ['failed', 'interrupted: the worker stopped during the run'],
      ['ok', null],
    ]);
  });
});
