import { Inject, Injectable } from '@nestjs/common';
import { WeeklyDigestService, type WorkerConfig } from '@timetracker/core';
import { WORKER_CONFIG } from '../worker.tokens';
import type { ScheduledJob } from './scheduled-job';

/** Queues the weekly digest of missing time (docs/email.md); hourly by default, once per user per week. */
@Injectable()
export class WeeklyDigestJob implements ScheduledJob {
  readonly name = 'weekly-digest';
  readonly schedule: string;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(WeeklyDigestService) private readonly digests: WeeklyDigestService,
  ) {
    this.schedule = config.schedules.weeklyDigest;
  }

  run(now: Date) {
    return this.digests.queue(now);
  }
}
