import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import {
  ApprovalsRepository,
  BackupsRepository,
  BackupsService,
  DEFAULT_EMAIL_SENDER_OPTIONS,
  EmailOutboxRepository,
  EmailSenderService,
  IdleTimersRepository,
  InvoicesRepository,
  IdleTimersService,
  ImportsRepository,
  ImportsService,
  JobRunnerService,
  JobRunsRepository,
  HousekeepingRepository,
  HousekeepingService,
  OverdueInvoicesRepository,
  OverdueInvoicesService,
  RollupsRepository,
  RollupsService,
  smtpTransport,
  TimeEntryListRepository,
  DEFAULT_WEBHOOK_SENDER_OPTIONS,
  WebhookDeliveriesRepository,
  WebhookPayloads,
  WebhookSenderService,
  WeeklyDigestRepository,
  WeeklyDigestService,
  TimeEntriesRepository,
  type MailTransport,
  type WorkerConfig,
} from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { hostname } from 'node:os';
import { PRISMA, WORKER_CONFIG } from '../worker.tokens';
import { BackupRequestsJob } from './backup-requests.job';
import { BackupScheduleJob } from './backup-schedule.job';
import { EmailOutboxJob } from './email-outbox.job';
import { IdleTimeoutJob } from './idle-timeout.job';
import { importWorkerName } from './import-process';
import { ImportsJob } from './imports.job';
import { JobScheduler } from './job-scheduler';
import { HousekeepingJob } from './housekeeping.job';
import { OverdueInvoicesJob } from './overdue-invoices.job';
import { RollupFoldJob } from './rollup-fold.job';
import { WeeklyDigestJob } from './weekly-digest.job';
import { SCHEDULED_JOBS } from './scheduled-job';
import { WebhookDeliveriesJob } from './webhook-deliveries.job';

/** Every job the worker runs; add a job class here. */
const JOBS = [
  IdleTimeoutJob,
  OverdueInvoicesJob,
  BackupScheduleJob,
  BackupRequestsJob,
  HousekeepingJob,
  RollupFoldJob,
  EmailOutboxJob,
  WebhookDeliveriesJob,
  WeeklyDigestJob,
  ImportsJob,
];

/** Injection token of the SMTP transport (null without SMTP_HOST); closed on shutdown. */
export const MAIL_TRANSPORT = Symbol('MailTransport');

class MailTransportLifecycle implements OnApplicationShutdown {
  constructor(@Inject(MAIL_TRANSPORT) private readonly transport: MailTransport | null) {}

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

/** Closes the pool after the scheduler has waited for the runs in flight (a later hook). */
class PrismaLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}

@Module({})
export class JobsModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: PRISMA, useFactory: () => createPrismaClient(config.databaseUrl) },
        PrismaLifecycle,
        {
          provide: JobRunnerService,
          inject: [PRISMA],
          useFactory: (prisma: PrismaClient) =>
            new JobRunnerService(new JobRunsRepository(prisma), `${hostname()}:${process.pid}`),
        },
        {
          provide: IdleTimersService,
          inject: [PRISMA],
          useFactory: (prisma: PrismaClient) => new IdleTimersService(new IdleTimersRepository(prisma)),
        },
        {
          provide: HousekeepingService,
          inject: [PRISMA],
          useFactory: (prisma: PrismaClient) => new HousekeepingService(new HousekeepingRepository(prisma)),
        },
        {
          provide: RollupsService,
          inject: [PRISMA],
          useFactory: (prisma: PrismaClient) => new RollupsService(new RollupsRepository(prisma)),
        },
        {
          provide: WeeklyDigestService,
          inject: [PRISMA],
          useFactory: (prisma: PrismaClient) => new WeeklyDigestService(new WeeklyDigestRepository(prisma)),
        },
        {
          provide: OverdueInvoicesService,
          inject: [PRISMA],
          useFactory: (prisma: PrismaClient) =>
            new OverdueInvoicesService(new OverdueInvoicesRepository(prisma)),
        },
        {
          provide: BackupsService,
          inject: [PRISMA],
          useFactory: (prisma: PrismaClient) =>
            new BackupsService(
              new BackupsRepository(prisma),
              { backupDir: config.backupDir, databaseUrl: config.databaseUrl },
              `${hostname()}:${process.pid}`,
            ),
        },
        {
          provide: MAIL_TRANSPORT,
          useFactory: () => (config.email.smtp ? smtpTransport(config.email.smtp) : null),
        },
        MailTransportLifecycle,
        {
          provide: EmailSenderService,
          inject: [PRISMA, MAIL_TRANSPORT],
          useFactory: (prisma: PrismaClient, transport: MailTransport | null) =>
            new EmailSenderService(new EmailOutboxRepository(prisma), transport, {
              ...DEFAULT_EMAIL_SENDER_OPTIONS,
              publicUrl: config.email.publicUrl,
              maxAttempts: config.email.maxAttempts,
            }),
        },
        {
          provide: WebhookSenderService,
          inject: [PRISMA, ImportsService],
          useFactory: (prisma: PrismaClient, imports: ImportsService) =>
            new WebhookSenderService(
              new WebhookDeliveriesRepository(prisma),
              new WebhookPayloads(
                new TimeEntryListRepository(prisma),
                new InvoicesRepository(prisma),
                new ApprovalsRepository(prisma),
                imports,
              ),
              {
                ...DEFAULT_WEBHOOK_SENDER_OPTIONS,
                allowPrivate: config.webhooks.allowPrivate,
                timeoutMs: config.webhooks.timeoutMs,
                maxAttempts: config.webhooks.maxAttempts,
              },
              config.webhooks.secretKey,
            ),
        },
        {
          provide: ImportsService,
          inject: [PRISMA],
          useFactory: (prisma: PrismaClient) =>
            // The worker never takes uploads: no upload size applies to it.
            new ImportsService(
              new ImportsRepository(prisma),
              new TimeEntriesRepository(prisma),
              0,
              importWorkerName(),
            ),
        },
        ...JOBS,
        { provide: SCHEDULED_JOBS, inject: JOBS, useFactory: (...jobs: unknown[]) => jobs },
        JobScheduler,
      ],
      exports: [JobScheduler, SCHEDULED_JOBS, PRISMA],
    };
  }
}
