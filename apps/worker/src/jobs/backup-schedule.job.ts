import { Inject, Injectable } from '@nestjs/common';
import { BackupsService, type WorkerConfig } from '@timetracker/core';
import { WORKER_CONFIG } from '../worker.tokens';
import type { ScheduledJob } from './scheduled-job';

/**
 * Requests the daily backup once settings.backup_time has come in settings.timezone (read on
 * every check, so a changed setting applies at once); every minute by default. The backup
 * itself is made by BackupRequestsJob, like one requested from the dashboard.
 */
@Injectable()
export class BackupScheduleJob implements ScheduledJob {
  readonly name = 'backup-schedule';
  readonly schedule: string;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(BackupsService) private readonly backups: BackupsService,
  ) {
    this.schedule = config.schedules.backupSchedule;
  }

  run(now: Date) {
    return this.backups.requestScheduled(now);
  }
}
