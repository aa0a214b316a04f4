import { Module } from '@nestjs/common';
import { TasksRepository, TasksService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { TasksController } from './tasks.controller';
import { TASKS_SERVICE } from './tasks.tokens';

/** Tasks of projects: who may read, create, edit and delete them lives in TasksService. */
@Module({
  controllers: [TasksController],
  providers: [
    {
      provide: TASKS_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new TasksService(new TasksRepository(prisma)),
    },
  ],
})
export class TasksModule {}
