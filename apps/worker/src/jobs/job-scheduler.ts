import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JobRunnerService } from '@timetracker/core';
import { CronJob, type CronTime } from 'cron';
import { Logger } from 'nestjs-pino';
import { dueTime, parseSchedule } from './due-time';
import { SCHEDULED_JOBS, type ScheduledJob } from './scheduled-job';

/**
 * Puts every ScheduledJob on its schedule. Each tick goes through JobRunnerService (once per
 * due time across workers, advisory lock, recorded in job_runs) and is logged as one JSON line
 * with the job's name, outcome and duration. Nothing a job does can end the process. On
 * shutdown, ticks stop and the runs in flight are awaited (main.ts bounds the wait with
 * SHUTDOWN_TIMEOUT_MS).
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly inFlight = new Set<Promise<void>>();
  /** Jobs with their own coordination that are running in this process. */
  private readonly running = new Set<string>();
  private stopping = false;

  constructor(
    @Inject(SCHEDULED_JOBS) private readonly jobs: ScheduledJob[],
    @Inject(JobRunnerService) private readonly runner: JobRunnerService,
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
    @Inject(Logger) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    for (const job of this.jobs) {
      const schedule = parseSchedule(job.schedule);
      const cron = CronJob.from({
        cronTime: job.schedule,
        timeZone: 'UTC',
        name: job.name,
        onTick: () => this.tick(job, schedule),
      });
      this.registry.addCronJob(job.name, cron);
      cron.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const job of this.jobs) void this.registry.getCronJob(job.name).stop();
    if (this.inFlight.size > 0) {
      this.logger.log({ msg: `waiting for ${this.inFlight.size} running job(s)`, jobs: this.inFlight.size });
    }
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * A run that failed. While the worker stops, a failure is the stop's doing, not the job's: a
   * terminal's Ctrl-C reaches `npm start`'s PostgreSQL at the same moment, which then ends the
   * connections of the runs still in flight. Those are logged as interrupted (a warning with the
   * cause), and the next start marks any run left "running" as failed.
   */
  private failure(line: { msg: string; job: string; error?: string } & Record<string, unknown>): void {
    if (this.stopping) this.logger.warn({ ...line, msg: `job ${line.job} interrupted by the shutdown` });
    else this.logger.error(line);
  }

  /** Starts the run due now; returns it so tests and shutdown can await it. */
  tick(job: ScheduledJob, schedule: CronTime, firedAt = new Date()): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (job.coordination === 'own') {
      if (this.running.has(job.name)) return Promise.resolve();
      this.running.add(job.name);
      const run = this.runOwn(job, firedAt).finally(() => {
        this.running.delete(job.name);
        this.inFlight.delete(run);
      });
      this.inFlight.add(run);
      return run;
    }
    const run = this.runOnce(job, dueTime(schedule, firedAt)).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return run;
  }

  private async runOwn(job: ScheduledJob, firedAt: Date): Promise<void> {
    const started = performance.now();
    try {
      const counts = await job.run(firedAt);
      const line = {
        msg: `job ${job.name} ok`,
        job: job.name,
        outcome: 'ok',
        durationMs: Math.round(performance.now() - started),
        counts,
      };
      // A poll that found nothing to do is not worth a line at info level every few seconds.
      if (Object.values(counts).some((n) => n > 0)) this.logger.log(line);
      else this.logger.debug(line);
    } catch (err) {
      this.failure({
        msg: `job ${job.name} failed`,
        job: job.name,
        outcome: 'failed',
        durationMs: Math.round(performance.now() - started),
        error: err instanceof Error ? err.message.trim().split('\n').at(-1) : String(err),
      });
    }
  }

  private async runOnce(job: ScheduledJob, due: Date): Promise<void> {
    const scheduledAt = due.toISOString();
    try {
      const r = await this.runner.run(job.name, due, (now) => job.run(now));
      if (r.outcome === 'taken') {
        this.logger.debug({ msg: `job ${job.name} taken by another worker`, job: job.name, scheduledAt });
        return;
      }
      const line = {
        msg: `job ${job.name} ${r.outcome}`,
        job: job.name,
        scheduledAt,
        outcome: r.outcome,
        durationMs: r.durationMs,
        ...(r.counts ? { counts: r.counts } : {}),
        ...(r.error ? { error: r.error } : {}),
      };
      if (r.outcome === 'failed') this.failure(line);
      else if (r.outcome === 'skipped') this.logger.warn(line);
      else this.logger.log(line);
    } catch (err) {
      // Not even recorded (database unreachable, say): the next due time tries again.
      this.failure({
        msg: `job ${job.name} could not run`,
        job: job.name,
        scheduledAt,
        outcome: 'failed',
        error: err instanceof Error ? err.message.trim().split('\n').at(-1) : String(err),
      });
    }
  }
}
