import type { JobRunsRepository, JobCounts, JobRunSummary } from './job-runs.repository';

export interface JobStatusView {
  job: string;
  lastScheduledAt: string;
  lastStartedAt: string;
  lastFinishedAt: string | null;
  lastOutcome: JobRunSummary['outcome'];
  lastDurationMs: number | null;
  lastCounts: JobCounts | null;
  lastOkAt: string | null;
}

/** What the workers' jobs last did, read from job_runs (the API shows it with readiness). */
export class JobStatusService {
  constructor(private readonly runs: JobRunsRepository) {}

  /** Last run and outcome of every job that ever ran, for the readiness details. */
  async status(): Promise<JobStatusView[]> {
    return (await this.runs.latestPerJob()).map((r) => ({
      job: r.jobName,
      lastScheduledAt: r.scheduledAt.toISOString(),
      lastStartedAt: r.startedAt.toISOString(),
      lastFinishedAt: r.finishedAt?.toISOString() ?? null,
      lastOutcome: r.outcome,
      lastDurationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
      lastCounts: r.counts,
      lastOkAt: r.lastOkAt?.toISOString() ?? null,
    }));
  }
}
