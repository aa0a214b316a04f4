import { Inject, Injectable } from '@nestjs/common';
import { BackupsService, type WorkerConfig } from '@timetracker/core';
import { WORKER_CONFIG } from '../worker.tokens';
import type { ScheduledJob } from './scheduled-job';

/**
 * Makes the requested backups (dashboard, CLI-less "run now", or the daily schedule) every few
 * seconds. Each backup is claimed under its own advisory lock, so one worker makes it however
 * many poll; the same poll marks backups of dead workers failed and removes their files.
 */
@Injectable()
export class BackupRequestsJob implements ScheduledJob {
  readonly name = 'backup-requests';
  readonly schedule: string;
  readonly coordination = 'own' as const;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(BackupsService) private readonly backups: BackupsService,
  ) {
    this.schedule = config.schedules.backupPoll;
  }

  run() {
    return this.backups.runRequested();
  }
}
