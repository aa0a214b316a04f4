import { Module } from '@nestjs/common';
import {
  type ApiConfig,
  ReportsRepository,
  ReportsService,
  ReportSummaryExportService,
  SettingsRepository,
  TeamScopeRepository,
  TimeEntryExportRepository,
  TimeEntryExportService,
  TimesheetPdfService,
  TimesheetRepository,
} from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA, PRISMA_REPORTS, REPORTS_DATABASE_URL } from '../database/database.module';
import { API_CONFIG } from '../platform/config.module';
import { ExportProcesses } from './export-process';
import { ExportsController } from './exports.controller';
import { EXPORT_SERVICE, REPORT_EXPORT_SERVICE, TIMESHEET_PDF_SERVICE } from './exports.tokens';

@Module({
  controllers: [ExportsController],
  providers: [
    {
      provide: ExportProcesses,
      inject: [REPORTS_DATABASE_URL, API_CONFIG],
      // None with API_EXPORT_PROCESSES=0: the controller writes exports in this process.
      useFactory: (url: string, config: ApiConfig) =>
        config.exports.processes === 0 ? null : new ExportProcesses({ databaseUrl: url, ...config.exports }),
    },
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
    {
      provide: REPORT_EXPORT_SERVICE,
      inject: [PRISMA_REPORTS, PRISMA],
      useFactory: (reports: PrismaClient, primary: PrismaClient) =>
        new ReportSummaryExportService(
          new ReportsService(
            new ReportsRepository(reports),
            new ReportsRepository(primary),
            new TeamScopeRepository(primary),
          ),
        ),
    },
    {
      provide: TIMESHEET_PDF_SERVICE,
      inject: [PRISMA],
      // The timesheet's own reads (the primary: what was just typed in prints).
      useFactory: (prisma: PrismaClient) =>
        new TimesheetPdfService(
          new TimesheetRepository(prisma),
          new SettingsRepository(prisma),
          new TeamScopeRepository(prisma),
        ),
    },
  ],
})
export class ExportsModule {}
