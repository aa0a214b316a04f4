import type { Prisma, PrismaClient } from '@timetracker/db';

/** Namespace of the per-job advisory locks (the key within it is hashtext(job name)). */
const JOB_LOCK_NAMESPACE = 0x70b5;

/** A run may hold its job's lock this long; far beyond any job we schedule. */
const MAX_RUN_MS = 6 * 60 * 60 * 1000;

export type JobOutcome = 'running' | 'ok' | 'failed' | 'skipped';
export type JobCounts = Record<string, number>;

export interface JobRunSummary {
  jobName: string;
  scheduledAt: Date;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: JobOutcome;
  counts: JobCounts | null;
  lastOkAt: Date | null;
}

export class JobRunsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Inserts the run of `jobName` due at `scheduledAt`, or returns null when another worker
   * already did: the unique (job_name, scheduled_at) makes every due time run once.
   */
  async claim(jobName: string, scheduledAt: Date, worker: string, now: Date): Promise<number | null> {
    const rows = await this.prisma.jobRun.createManyAndReturn({
      data: [{ jobName, scheduledAt, startedAt: now, outcome: 'running', worker }],
      skipDuplicates: true,
      select: { id: true },
    });
    return rows[0]?.id ?? null;
  }

  /**
   * Runs `work` while holding the job's advisory lock, in a transaction kept open only for the
   * lock (the work uses other connections). Returns `{ locked: false }` at once when another
   * run holds it; the lock goes with the transaction, so a crashed worker cannot keep it.
   */
  withJobLock<T>(
    jobName: string,
    work: () => Promise<T>,
  ): Promise<{ locked: false } | { locked: true; value: T }> {
    return this.prisma.$transaction(
      async (tx) => {
        // Raw SQL: Prisma has no API for advisory locks.
        const [row] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${JOB_LOCK_NAMESPACE}::int, hashtext(${jobName})) AS locked`;
        if (!row?.locked) return { locked: false as const };
        return { locked: true as const, value: await work() };
      },
      { maxWait: 10_000, timeout: MAX_RUN_MS },
    );
  }

  /**
   * Earlier runs of the job still marked running while we hold its lock belong to a worker that
   * died mid-run (a live one would hold the lock): record them as failed.
   */
  async failInterrupted(jobName: string, beforeId: number, now: Date): Promise<number> {
    const { count } = await this.prisma.jobRun.updateMany({
      where: { jobName, outcome: 'running', id: { lt: beforeId } },
      data: { outcome: 'failed', finishedAt: now, error: 'interrupted: the worker stopped during the run' },
    });
    return count;
  }

  async finish(
    id: number,
    outcome: Exclude<JobOutcome, 'running'>,
    now: Date,
    details: { error?: string; counts?: JobCounts },
  ): Promise<void> {
    await this.prisma.jobRun.update({
      where: { id },
      data: {
        outcome,
        finishedAt: now,
        error: details.error?.slice(0, 1000) ?? null,
        counts: (details.counts ?? undefined) as Prisma.InputJsonValue | undefined,
      },
      select: { id: true },
    });
  }

  /** Keeps the history bounded: a minutely job adds 1,440 rows a day. */
  async pruneBefore(jobName: string, before: Date): Promise<void> {
    await this.prisma.jobRun.deleteMany({ where: { jobName, startedAt: { lt: before } } });
  }

  /** The newest run of every job, and when it last succeeded. */
  async latestPerJob(): Promise<JobRunSummary[]> {
    // Raw SQL: DISTINCT ON picks each job's newest row through the (job_name, started_at) index;
    // Prisma's `distinct` filters in memory after loading every row.
    const rows = await this.prisma.$queryRaw<
      {
        job_name: string;
        scheduled_at: Date;
        started_at: Date;
        finished_at: Date | null;
        outcome: JobOutcome;
        counts: JobCounts | null;
        last_ok_at: Date | null;
      }[]
    >`
      SELECT DISTINCT ON (r.job_name) r.job_name, r.scheduled_at, r.started_at, r.finished_at,
        r.outcome, r.counts,
        (SELECT max(o.finished_at) FROM job_runs o WHERE o.job_name = r.job_name AND o.outcome = 'ok') AS last_ok_at
      FROM job_runs r
      ORDER BY r.job_name, r.started_at DESC, r.id DESC`;
    return rows.map((r) => ({
      jobName: r.job_name,
      scheduledAt: r.scheduled_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      outcome: r.outcome,
      counts: r.counts,
      lastOkAt: r.last_ok_at,
    }));
  }
}
