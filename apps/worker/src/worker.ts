import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import type { WorkerConfig } from '@timetracker/core';
import { Logger, LoggerModule } from 'nestjs-pino';

@Module({})
class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      // Jobs (idle timeouts, backups, overdue invoices) register here as later issues add them.
      imports: [ScheduleModule.forRoot(), LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } })],
    };
  }
}

export interface Worker {
  context: INestApplicationContext;
  jobCount: number;
}

/** The background worker: a Nest application context (no HTTP) running scheduled jobs. */
export async function createWorker(config: WorkerConfig): Promise<Worker> {
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
