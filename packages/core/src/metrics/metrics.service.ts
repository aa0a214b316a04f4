import type { JobLastRun, JobRunCount, MetricsRepository } from './metrics.repository';

export interface OperationalFigures {
  runningTimers: number;
  jobRuns: JobRunCount[];
  jobLastRuns: JobLastRun[];
  lastBackupAt: Date | null;
}

/**
 * The database-backed figures of /metrics. Read at scrape time, at most once per `maxAgeMs`
 * per process: several Prometheis (or a short scrape interval) cost the database no more.
 */
export class MetricsService {
  private cached?: { at: number; figures: Promise<OperationalFigures> };

  constructor(
    private readonly repository: MetricsRepository,
    private readonly maxAgeMs = 5_000,
  ) {}

  figures(now: number = Date.now()): Promise<OperationalFigures> {
    if (this.cached && now - this.cached.at < this.maxAgeMs) return this.cached.figures;
    const figures = this.read();
    this.cached = { at: now, figures };
    // A failed read is not cached: the next scrape tries again.
    figures.catch(() => {
      if (this.cached?.figures === figures) this.cached = undefined;
    });
    return figures;
  }

  private async read(): Promise<OperationalFigures> {
    const [runningTimers, jobRuns, jobLastRuns, lastBackupAt] = await Promise.all([
      this.repository.runningTimers(),
      this.repository.jobRunCounts(),
      this.repository.jobLastRuns(),
      this.repository.lastSuccessfulBackupAt(),
    ]);
    return { runningTimers, jobRuns, jobLastRuns, lastBackupAt };
  }
}
