import { Inject, Injectable } from '@nestjs/common';
import { EmailSenderService, type WorkerConfig } from '@timetracker/core';
import { WORKER_CONFIG } from '../worker.tokens';
import type { ScheduledJob } from './scheduled-job';

/**
 * Sends the mails queued in the outbox every few seconds (docs/email.md). Each mail is claimed
 * with a row lock and a lease, so workers polling at once never send the same mail twice.
 */
@Injectable()
export class EmailOutboxJob implements ScheduledJob {
  readonly name = 'email-outbox';
  readonly schedule: string;
  readonly coordination = 'own' as const;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(EmailSenderService) private readonly sender: EmailSenderService,
  ) {
    this.schedule = config.schedules.emailPoll;
  }

  run(now: Date) {
    return this.sender.sendDue(now);
  }
}
