import type { JobCounts, JobRunsRepository } from './job-runs.repository';

/** What a job does when it is due: one service call, returning what it changed. */
export type JobWork = (now: Date) => Promise<JobCounts>;

export interface JobRunResult {
  job: string;
  scheduledAt: Date;
  /** `taken`: another worker claimed this due time first, so nothing was done or recorded here. */
  outcome: 'ok' | 'failed' | 'skipped' | 'taken';
  durationMs: number;
  counts?: JobCounts;
  error?: string;
}

/** Job history is kept this long. */
const KEEP_RUNS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Runs scheduled jobs exactly once per due time across any number of workers: the first worker
 * to record the due time runs it (job_runs unique key), under the job's advisory lock so that a
 * run never overlaps a previous one still going (that due time is recorded as skipped). A job
 * that throws is recorded as failed and returned, never rethrown: the next due time retries.
 */
export class JobRunnerService {
  constructor(
    private readonly runs: JobRunsRepository,
    /** host:pid, recorded with each run. */
    private readonly worker: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async run(job: string, scheduledAt: Date, work: JobWork): Promise<JobRunResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const id = await this.runs.claim(job, scheduledAt, this.worker, this.clock());
    if (id === null) return { job, scheduledAt, outcome: 'taken', durationMs: elapsed() };

    let result: { outcome: 'ok' | 'failed' | 'skipped'; counts?: JobCounts; error?: string };
    try {
      const attempt = await this.runs.withJobLock(job, async () => {
        await this.runs.failInterrupted(job, id, this.clock());
        try {
          return { outcome: 'ok' as const, counts: await work(this.clock()) };
        } catch (err) {
          return { outcome: 'failed' as const, error: errorMessage(err) };
        }
      });
      result = attempt.locked
        ? attempt.value
        : { outcome: 'skipped', error: 'the previous run still holds the lock' };
    } catch (err) {
      // The lock's transaction itself failed (connection lost, run longer than its limit).
      result = { outcome: 'failed', error: errorMessage(err) };
    }
    const now = this.clock();
    await this.runs.finish(id, result.outcome, now, result);
    await this.runs.pruneBefore(job, new Date(now.getTime() - KEEP_RUNS_MS));
    return { job, scheduledAt, durationMs: elapsed(), ...result };
  }
}

/** The last line (Prisma puts the cause there): enough to act on, without a stack trace. */
function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message.trim().split('\n').at(-1) ?? 'unknown error').slice(0, 1000);
}
