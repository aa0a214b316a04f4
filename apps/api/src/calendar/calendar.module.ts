import { Module } from '@nestjs/common';
import { CalendarRepository, CalendarService, TeamScopeRepository } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { CalendarController } from './calendar.controller';
import { CALENDAR_SERVICE } from './calendar.tokens';

/** The calendar: a user's entries over a few days, in one request. */
@Module({
  controllers: [CalendarController],
  providers: [
    {
      provide: CALENDAR_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new CalendarService(new CalendarRepository(prisma), new TeamScopeRepository(prisma)),
    },
  ],
})
export class CalendarModule {}
