import type { JobCounts } from '@timetracker/core';

/**
 * A worker job: a name, a schedule, and the one core service call to make when it is due.
 * Locking, recording the run and logging are the scheduler's (job-scheduler.ts), not the job's.
 */
export interface ScheduledJob {
  readonly name: string;
  /** Cron expression, evaluated in UTC (6 fields = with seconds). */
  readonly schedule: string;
  /**
   * `due-time` (default): once per due time across workers, recorded in job_runs.
   * `own`: the job claims its own work (row locks) and polls too often to record every tick;
   * the scheduler only keeps it from overlapping itself in this process and logs runs that
   * did something or failed.
   */
  readonly coordination?: 'due-time' | 'own';
  run(now: Date): Promise<JobCounts>;
}

/** Injection token of the list of jobs the scheduler runs. */
export const SCHEDULED_JOBS = Symbol('ScheduledJobs');
