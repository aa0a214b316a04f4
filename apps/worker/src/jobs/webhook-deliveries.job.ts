import { Inject, Injectable } from '@nestjs/common';
import { WebhookSenderService, type WorkerConfig } from '@timetracker/core';
import { WORKER_CONFIG } from '../worker.tokens';
import type { ScheduledJob } from './scheduled-job';

/**
 * Sends the webhook deliveries due every few seconds (docs/webhooks.md). Each is claimed with a
 * row lock and a lease, so workers polling at once never send the same delivery twice.
 */
@Injectable()
export class WebhookDeliveriesJob implements ScheduledJob {
  readonly name = 'webhook-deliveries';
  readonly schedule: string;
  readonly coordination = 'own' as const;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(WebhookSenderService) private readonly sender: WebhookSenderService,
  ) {
    this.schedule = config.schedules.webhookPoll;
  }

  run(now: Date) {
    return this.sender.sendDue(now);
  }
}
