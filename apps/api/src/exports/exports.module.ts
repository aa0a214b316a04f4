import { Module } from '@nestjs/common';
import {
  ReportsRepository,
  TeamScopeRepository,
  TimeEntryExportRepository,
  TimeEntryExportService,
} from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA, PRISMA_REPORTS, REPORTS_DATABASE_URL } from '../database/database.module';
import { ExportsController } from './exports.controller';
import { EXPORT_SERVICE } from './exports.tokens';

@Module({
  controllers: [ExportsController],
  providers: [
    {
      provide: EXPORT_SERVICE,
      inject: [PRISMA_REPORTS, REPORTS_DATABASE_URL, PRISMA],
      useFactory: (prisma: PrismaClient, url: string, primary: PrismaClient) =>
        new TimeEntryExportService(
          new TimeEntryExportRepository(url),
          new ReportsRepository(prisma),
          // Who leads whom is read from the primary: a replica's lag must not widen access.
          new TeamScopeRepository(primary),
        ),
    },
  ],
})
export class ExportsModule {}
