import { Module } from '@nestjs/common';
import {
  TagsRepository,
  TagsService,
  TimeEntriesRepository,
  TimeEntriesService,
  TimeEntryListRepository,
  TeamScopeRepository,
} from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { TimeEntriesController } from './time-entries.controller';
import { TimerController } from './timer.controller';
import { TIME_ENTRIES_SERVICE } from './time-entries.tokens';

@Module({
  controllers: [TimeEntriesController, TimerController],
  providers: [
    {
      provide: TIME_ENTRIES_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new TimeEntriesService(
          new TimeEntriesRepository(prisma),
          new TimeEntryListRepository(prisma),
          new TagsService(new TagsRepository(prisma)),
          new TeamScopeRepository(prisma),
        ),
    },
  ],
})
export class TimeEntriesModule {}
