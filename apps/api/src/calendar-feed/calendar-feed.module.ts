import { Module } from '@nestjs/common';
import { CalendarFeedRepository, CalendarFeedService, RateLimitRepository } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { CalendarFeedController, CalendarFeedSettingsController } from './calendar-feed.controller';
import { CALENDAR_FEED_SERVICE } from './calendar-feed.tokens';

/** Private iCalendar feeds of a user's entries (docs/calendar-feed.md). */
@Module({
  controllers: [CalendarFeedSettingsController, CalendarFeedController],
  providers: [
    {
      provide: CALENDAR_FEED_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new CalendarFeedService(new CalendarFeedRepository(prisma), new RateLimitRepository(prisma)),
    },
  ],
})
export class CalendarFeedModule {}
