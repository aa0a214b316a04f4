import { Module } from '@nestjs/common';
import {
  TimeEntriesRepository,
  TimeEntriesService,
  TimeEntryListRepository,
  TimesheetRepository,
  TimesheetService,
  TagsRepository,
  TagsService,
  TeamScopeRepository,
} from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { TimesheetController } from './timesheet.controller';
import { TIMESHEET_SERVICE } from './timesheet.tokens';

/** The week timesheet: reads a week in one statement, writes through the time entries' rules. */
@Module({
  controllers: [TimesheetController],
  providers: [
    {
      provide: TIMESHEET_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => {
        const teams = new TeamScopeRepository(prisma);
        return new TimesheetService(
          new TimesheetRepository(prisma),
          new TimeEntriesService(
            new TimeEntriesRepository(prisma),
            new TimeEntryListRepository(prisma),
            new TagsService(new TagsRepository(prisma)),
            teams,
          ),
          teams,
        );
      },
    },
  ],
})
export class TimesheetModule {}
