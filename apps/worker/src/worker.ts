import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { ConfigError, prettyLogStream, quietNestStartup, type WorkerConfig } from '@timetracker/core';
import { validateCronExpression } from 'cron';
import { Logger, LoggerModule } from 'nestjs-pino';
import { JobsModule } from './jobs/jobs.module';

@Module({})
class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ScheduleModule.forRoot(),
        LoggerModule.forRoot({
          pinoHttp: [
            { level: config.logLevel, hooks: quietNestStartup(config.logLevel) },
            config.logFormat === 'pretty' ? prettyLogStream() : process.stdout,
          ],
        }),
        JobsModule.forRoot(config),
      ],
    };
  }
}

export interface Worker {
  context: INestApplicationContext;
  jobCount: number;
}

/** The background worker: a Nest application context (no HTTP) running scheduled jobs. */
export async function createWorker(config: WorkerConfig): Promise<Worker> {
  checkSchedules(config);
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
  });
  const logger = context.get(Logger);
  context.useLogger(logger);
  await context.init();
  const registry = context.get(SchedulerRegistry);
  const jobCount =
    registry.getCronJobs().size + registry.getIntervals().length + registry.getTimeouts().length;
  logger.log({ msg: `worker ready (${jobCount} scheduled job(s))`, jobs: jobCount });
  return { context, jobCount };
}

/** The env check only saw the shape of each expression; the scheduler's parser has the last word. */
function checkSchedules(config: WorkerConfig): void {
  const keys = {
    WORKER_IDLE_CRON: config.schedules.idleTimeout,
    WORKER_OVERDUE_INVOICES_CRON: config.schedules.overdueInvoices,
    WORKER_BACKUP_SCHEDULE_CRON: config.schedules.backupSchedule,
    WORKER_BACKUP_POLL_CRON: config.schedules.backupPoll,
    WORKER_HOUSEKEEPING_CRON: config.schedules.housekeeping,
    WORKER_ROLLUP_FOLD_CRON: config.schedules.rollupFold,
    WORKER_DIGEST_CRON: config.schedules.weeklyDigest,
  };
  const issues = Object.entries(keys).flatMap(([key, expression]) => {
    const { valid, error } = validateCronExpression(expression);
    return valid ? [] : [`${key}: not a valid cron expression (${error?.message ?? expression})`];
  });
  if (issues.length > 0) throw new ConfigError(issues);
}
