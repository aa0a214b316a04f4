import { Module } from '@nestjs/common';
import { ReportsRepository, TimeEntryExportRepository, TimeEntryExportService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA_REPORTS, REPORTS_DATABASE_URL } from '../database/database.module';
import { ExportsController } from './exports.controller';
import { EXPORT_SERVICE } from './exports.tokens';

@Module({
  controllers: [ExportsController],
  providers: [
    {
      provide: EXPORT_SERVICE,
      inject: [PRISMA_REPORTS, REPORTS_DATABASE_URL],
      useFactory: (prisma: PrismaClient, url: string) =>
        new TimeEntryExportService(new TimeEntryExportRepository(url), new ReportsRepository(prisma)),
    },
  ],
})
export class ExportsModule {}
