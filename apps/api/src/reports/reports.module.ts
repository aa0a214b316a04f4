import { Module } from '@nestjs/common';
import { ReportsRepository, ReportsService, TeamScopeRepository } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA, PRISMA_REPORTS } from '../database/database.module';
import { ReportsController } from './reports.controller';
import { REPORTS_SERVICE } from './reports.tokens';

@Module({
  controllers: [ReportsController],
  providers: [
    {
      provide: REPORTS_SERVICE,
      inject: [PRISMA_REPORTS, PRISMA],
      // The dashboard (the user's own figures right after a write) reads the primary.
      useFactory: (reports: PrismaClient, primary: PrismaClient) =>
        new ReportsService(
          new ReportsRepository(reports),
          new ReportsRepository(primary),
          // Who leads whom is read from the primary: a replica's lag must not widen access.
          new TeamScopeRepository(primary),
        ),
    },
  ],
})
export class ReportsModule {}
