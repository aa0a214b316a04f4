import { Module } from '@nestjs/common';
import { ReportsRepository, ReportsService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { ReportsController } from './reports.controller';
import { REPORTS_SERVICE } from './reports.tokens';

@Module({
  controllers: [ReportsController],
  providers: [
    {
      provide: REPORTS_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new ReportsService(new ReportsRepository(prisma)),
    },
  ],
})
export class ReportsModule {}
