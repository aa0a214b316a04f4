import { SchedulerRegistry } from '@nestjs/schedule';
import type { JobRunnerService } from '@timetracker/core';
import type { Logger } from 'nestjs-pino';
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../src/jobs/due-time';
import { JobScheduler } from '../src/jobs/job-scheduler';
import type { ScheduledJob } from '../src/jobs/scheduled-job';

/** A logger that keeps what each level was given. */
function recordingLogger() {
  const lines: { level: string; line: { msg: string } }[] = [];
  const at = (level: string) => (line: { msg: string }) => lines.push({ level, line });
  const logger = { log: at('info'), debug: at('debug'), warn: at('warn'), error: at('error') };
  return { logger: logger as unknown as Logger, lines };
}

/** A job whose run fails when the test says so. */
function controlledJob(name: string) {
  let fail!: (err: Error) => void;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const job: ScheduledJob = {
    name,
    schedule: '0 0 1 1 *', // never during the test: it is ticked by hand
    coordination: 'own',
    run: () =>
      new Promise((_, reject) => {
        fail = reject;
        markStarted();
      }),
  };
  return { job, started, fail: (err: Error) => fail(err) };
}

function scheduler(jobs: ScheduledJob[]) {
  const { logger, lines } = recordingLogger();
  const s = new JobScheduler(jobs, {} as JobRunnerService, new SchedulerRegistry(), logger);
  s.onApplicationBootstrap();
  return { s, lines };
}

describe('job scheduler', () => {
  it('logs a failed run as an error while the worker runs', async () => {
    const { job, started, fail } = controlledJob('poll');
    const { s, lines } = scheduler([job]);
    const run = s.tick(job, parseSchedule(job.schedule));
    await started;
    fail(new Error('Connection terminated unexpectedly'));
    await run;
    expect(lines.filter((l) => l.level === 'error').map((l) => l.line.msg)).toEqual(['job poll failed']);
    await s.beforeApplicationShutdown();
  });

  it('logs a run cut short by the shutdown as interrupted, not as an error', async () => {
    const { job, started, fail } = controlledJob('poll');
    const { s, lines } = scheduler([job]);
    void s.tick(job, parseSchedule(job.schedule));
    await started;
    const stopped = s.beforeApplicationShutdown();
    // PostgreSQL, stopped by the same Ctrl-C, ends the run's connection.
    fail(new Error('terminating connection due to administrator command'));
    await stopped;
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines.find((l) => l.level === 'warn')?.line).toMatchObject({
      msg: 'job poll interrupted by the shutdown',
      error: 'terminating connection due to administrator command',
    });
  });
});
