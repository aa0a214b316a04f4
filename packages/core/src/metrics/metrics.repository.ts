import type { PrismaClient } from '@timetracker/db';

export interface JobRunCount {
  job: string;
  outcome: string;
  runs: number;
}

export interface JobLastRun {
  job: string;
  /** Duration of the newest run that did its work (ok or failed). */
  durationSeconds: number | null;
  lastOkAt: Date | null;
  lastFailedAt: Date | null;
}

/** The figures /metrics reads at scrape time: each an indexed or small-table query. */
export class MetricsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  runningTimers(): Promise<number> {
    // running_timers may still hold entries the idle sweep stopped (prisma/sql/003).
    return this.prisma.runningTimer.count({ where: { entry: { endTime: null } } });
  }

  /** Runs kept in job_runs (30 days) per job and outcome. */
  async jobRunCounts(): Promise<JobRunCount[]> {
    const groups = await this.prisma.jobRun.groupBy({ by: ['jobName', 'outcome'], _count: { _all: true } });
    return groups.map((g) => ({ job: g.jobName, outcome: g.outcome, runs: g._count._all }));
  }

  async jobLastRuns(): Promise<JobLastRun[]> {
    // Raw SQL: DISTINCT ON takes each job's newest finished run from the (job_name, started_at)
    // index, and the FILTERed maxima come in the same pass; Prisma would need a query per job.
    const rows = await this.prisma.$queryRaw<
      { job_name: string; seconds: number | null; last_ok_at: Date | null; last_failed_at: Date | null }[]
    >`
      SELECT l.job_name, l.seconds, m.last_ok_at, m.last_failed_at
      FROM (
        SELECT DISTINCT ON (job_name) job_name,
          extract(epoch FROM finished_at - started_at)::float8 AS seconds
        FROM job_runs
        WHERE outcome IN ('ok', 'failed')
        ORDER BY job_name, started_at DESC
      ) l
      JOIN (
        SELECT job_name,
          max(finished_at) FILTER (WHERE outcome = 'ok') AS last_ok_at,
          max(finished_at) FILTER (WHERE outcome = 'failed') AS last_failed_at
        FROM job_runs
        GROUP BY job_name
      ) m USING (job_name)`;
    return rows.map((r) => ({
      job: r.job_name,
      durationSeconds: r.seconds,
      lastOkAt: r.last_ok_at,
      lastFailedAt: r.last_failed_at,
    }));
  }

  /** When the newest successful backup finished; null when there is none. */
  async lastSuccessfulBackupAt(): Promise<Date | null> {
    const { _max } = await this.prisma.backup.aggregate({
      where: { status: 'ok' },
      _max: { finishedAt: true },
    });
    return _max.finishedAt;
  }
}
