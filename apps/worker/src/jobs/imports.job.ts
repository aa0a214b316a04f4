import { Inject, Injectable } from '@nestjs/common';
import { ImportsService, type WorkerConfig } from '@timetracker/core';
import { WORKER_CONFIG } from '../worker.tokens';
import { pollImportsInProcess } from './import-process';
import type { ScheduledJob } from './scheduled-job';

/**
 * Runs the imports queued from the API or CLI (docs/import.md). Each is claimed with a row lock
 * and a lease renewed after every batch, so one worker runs it; another takes it over only when
 * that lease ran out (its worker died), and the rows' unique source keys keep it from adding
 * anything twice. A poll that finds an import due runs it in a process of its own, under the
 * heap caps of WORKER_IMPORT_NODE_OPTIONS (pollImportsInProcess).
 */
@Injectable()
export class ImportsJob implements ScheduledJob {
  readonly name = 'imports';
  readonly schedule: string;
  readonly coordination = 'own' as const;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(ImportsService) private readonly imports: ImportsService,
  ) {
    this.schedule = config.schedules.importPoll;
  }

  async run(now: Date) {
    if (!(await this.imports.hasDue(now))) return { imports: 0, rows: 0 };
    const options = { databaseUrl: this.config.databaseUrl, nodeOptions: this.config.importNodeOptions };
    return pollImportsInProcess(options, this.imports, now);
  }
}
