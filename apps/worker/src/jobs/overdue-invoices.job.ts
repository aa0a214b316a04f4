import { Inject, Injectable } from '@nestjs/common';
import { OverdueInvoicesService, type WorkerConfig } from '@timetracker/core';
import { WORKER_CONFIG } from '../worker.tokens';
import type { ScheduledJob } from './scheduled-job';

/** Marks sent invoices past their due date overdue; hourly by default (idempotent). */
@Injectable()
export class OverdueInvoicesJob implements ScheduledJob {
  readonly name = 'overdue-invoices';
  readonly schedule: string;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(OverdueInvoicesService) private readonly invoices: OverdueInvoicesService,
  ) {
    this.schedule = config.schedules.overdueInvoices;
  }

  run(now: Date) {
    return this.invoices.markOverdue(now);
  }
}
