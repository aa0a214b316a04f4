import { Module } from '@nestjs/common';
import { ImportsRepository, ImportsService, TimeEntriesRepository, type ApiConfig } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { API_CONFIG } from '../platform/config.module';
import { ImportsController } from './imports.controller';
import { IMPORTS_SERVICE } from './imports.tokens';

/** Imports from other trackers: the API takes the file and queues jobs; a worker runs them. */
@Module({
  controllers: [ImportsController],
  providers: [
    {
      provide: IMPORTS_SERVICE,
      inject: [PRISMA, API_CONFIG],
      useFactory: (prisma: PrismaClient, config: ApiConfig) =>
        new ImportsService(
          new ImportsRepository(prisma),
          new TimeEntriesRepository(prisma),
          config.importMaxBytes,
        ),
    },
  ],
  exports: [IMPORTS_SERVICE],
})
export class ImportsModule {}
