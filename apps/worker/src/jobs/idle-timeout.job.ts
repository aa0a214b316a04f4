import { Inject, Injectable } from '@nestjs/common';
import { IdleTimersService, type WorkerConfig } from '@timetracker/core';
import { WORKER_CONFIG } from '../worker.tokens';
import type { ScheduledJob } from './scheduled-job';

/** Stops timers whose users went idle (settings.idle_timeout_minutes); every minute by default. */
@Injectable()
export class IdleTimeoutJob implements ScheduledJob {
  readonly name = 'idle-timeout';
  readonly schedule: string;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(IdleTimersService) private readonly idleTimers: IdleTimersService,
  ) {
    this.schedule = config.schedules.idleTimeout;
  }

  run(now: Date) {
    return this.idleTimers.stopIdleTimers(now);
  }
}
