import type { JobCounts } from '@timetracker/core';

/**
 * A worker job: a name, a schedule, and the one core service call to make when it is due.
 * Locking, recording the run and logging are the scheduler's (job-scheduler.ts), not the job's.
 */
export interface ScheduledJob {
  readonly name: string;
  /** Cron expression, evaluated in UTC (6 fields = with seconds). */
  readonly schedule: string;
  run(now: Date): Promise<JobCounts>;
}

/** Injection token of the list of jobs the scheduler runs. */
export const SCHEDULED_JOBS = Symbol('ScheduledJobs');
