import { Inject, Injectable } from '@nestjs/common';
import { HousekeepingService, type WorkerConfig } from '@timetracker/core';
import { WORKER_CONFIG } from '../worker.tokens';
import type { ScheduledJob } from './scheduled-job';

/** Deletes expired sessions, spent rate-limit windows and old usage counts; hourly by default. */
@Injectable()
export class HousekeepingJob implements ScheduledJob {
  readonly name = 'housekeeping';
  readonly schedule: string;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(HousekeepingService) private readonly housekeeping: HousekeepingService,
  ) {
    this.schedule = config.schedules.housekeeping;
  }

  run(now: Date) {
    return this.housekeeping.prune(now);
  }
}
