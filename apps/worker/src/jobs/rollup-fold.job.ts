import { Inject, Injectable } from '@nestjs/common';
import { RollupsService, type WorkerConfig } from '@timetracker/core';
import { WORKER_CONFIG } from '../worker.tokens';
import type { ScheduledJob } from './scheduled-job';

/**
 * Folds the reports' rollup deltas into entry_rollups every few seconds (docs/scaling.md). Each
 * fold deletes the deltas it takes, so workers folding at once never count one twice.
 */
@Injectable()
export class RollupFoldJob implements ScheduledJob {
  readonly name = 'rollup-fold';
  readonly schedule: string;
  readonly coordination = 'own' as const;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(RollupsService) private readonly rollups: RollupsService,
  ) {
    this.schedule = config.schedules.rollupFold;
  }

  run() {
    return this.rollups.fold();
  }
}
