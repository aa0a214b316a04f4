import type { MetricsService } from '@timetracker/core';
import { poolStats, type PrismaClient } from '@timetracker/db';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Requests answered within these many seconds (Prometheus' defaults, plus the slow end). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The API's Prometheus registry: request latency measured here, plus figures read at scrape
 * time (pool counters from this process; timers, jobs and backups from the database, shared by
 * every replica). Series names and meanings are listed in docs/operations.md — keep them in step.
 */
export class PrometheusMetrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_class'>;
  private readonly gauges;

  constructor(
    private readonly figures: MetricsService,
    private readonly pools: { name: string; client: PrismaClient }[],
    version: string,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'timetracker_info',
      help: 'Always 1; the version label says what runs',
      labelNames: ['version'],
      registers,
    }).set({ version }, 1);
    this.httpDuration = new Histogram({
      name: 'timetracker_http_request_duration_seconds',
      help: 'HTTP requests by method, route template (no ids) and status class, with their latency',
      labelNames: ['method', 'route', 'status_class'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Gauge<L>({ name, help, labelNames, registers });
    this.gauges = {
      poolOpen: gauge('timetracker_db_pool_open_connections', 'Open connections of the pool, busy or idle', [
        'pool',
      ]),
      poolIdle: gauge('timetracker_db_pool_idle_connections', 'Idle connections of the pool', ['pool']),
      poolWaiting: gauge('timetracker_db_pool_waiting_queries', 'Queries waiting for a free connection', [
        'pool',
      ]),
      poolMax: gauge('timetracker_db_pool_max_connections', 'Size limit of the pool', ['pool']),
      databaseUp: gauge(
        'timetracker_metrics_database_up',
        '1 when the database figures of this scrape could be read, 0 otherwise (they then read 0 or are absent)',
      ),
      runningTimers: gauge('timetracker_running_timers', 'Time entries running now (all users)'),
      jobRuns: gauge(
        'timetracker_job_runs',
        'Worker job runs kept in job_runs (30 days), by job and outcome',
        ['job', 'outcome'],
      ),
      jobDuration: gauge(
        'timetracker_job_last_duration_seconds',
        'Duration of the newest run of the job that did its work (ok or failed)',
        ['job'],
      ),
      jobLastOk: gauge(
        'timetracker_job_last_success_timestamp_seconds',
        'When a run of the job last succeeded',
        ['job'],
      ),
      jobLastFailed: gauge(
        'timetracker_job_last_failure_timestamp_seconds',
        'When a run of the job last failed',
        ['job'],
      ),
      lastBackup: gauge(
        'timetracker_backup_last_success_timestamp_seconds',
        'When the newest successful backup finished, in Unix seconds; 0 when there is none',
      ),
    };
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
  }

  /** The exposition text, with the scrape-time figures read first. */
  async render(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async refresh(): Promise<void> {
    const figures = await this.figures.figures().catch(() => undefined);
    // From here on synchronous, so that concurrent scrapes never see half-updated gauges.
    const g = this.gauges;
    g.databaseUp.set(figures ? 1 : 0);
    // Jobs come and go (and a database may be down): each scrape shows only what it just read.
    for (const each of [
      g.runningTimers,
      g.jobRuns,
      g.jobDuration,
      g.jobLastOk,
      g.jobLastFailed,
      g.lastBackup,
    ])
      each.reset();
    if (figures) {
      g.runningTimers.set(figures.runningTimers);
      for (const r of figures.jobRuns) g.jobRuns.set({ job: r.job, outcome: r.outcome }, r.runs);
      for (const r of figures.jobLastRuns) {
        if (r.durationSeconds !== null) g.jobDuration.set({ job: r.job }, r.durationSeconds);
        if (r.lastOkAt) g.jobLastOk.set({ job: r.job }, r.lastOkAt.getTime() / 1000);
        if (r.lastFailedAt) g.jobLastFailed.set({ job: r.job }, r.lastFailedAt.getTime() / 1000);
      }
      if (figures.lastBackupAt) g.lastBackup.set(figures.lastBackupAt.getTime() / 1000);
    }
    // After the figures, whose queries used the pool.
    for (const { name, client } of this.pools) {
      const stats = poolStats(client);
      if (!stats) continue;
      g.poolOpen.set({ pool: name }, stats.total);
      g.poolIdle.set({ pool: name }, stats.idle);
      g.poolWaiting.set({ pool: name }, stats.waiting);
      g.poolMax.set({ pool: name }, stats.max);
    }
  }
}
