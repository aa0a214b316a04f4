import { Module } from '@nestjs/common';
import { SettingsRepository, UsageRepository, UsageService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { UsageController } from './usage.controller';
import { UsageFlusher } from './usage.flusher';
import { USAGE_SERVICE } from './usage.tokens';

/**
 * Local usage counts (settings.allow_analytics): counted per request (countUsage, called by
 * createApp), written in batches.
 */
@Module({
  controllers: [UsageController],
  providers: [
    {
      provide: USAGE_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new UsageService(new UsageRepository(prisma), new SettingsRepository(prisma)),
    },
    UsageFlusher,
  ],
  exports: [USAGE_SERVICE],
})
export class UsageModule {}
