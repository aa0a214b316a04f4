import { Module } from '@nestjs/common';
import {
  ApprovalsRepository,
  ApprovalsService,
  TeamScopeRepository,
  TimeEntryListRepository,
} from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { ApprovalsController } from './approvals.controller';
import { APPROVALS_SERVICE } from './approvals.tokens';

/** Week approvals and the lockdown date (docs/approvals.md). */
@Module({
  controllers: [ApprovalsController],
  providers: [
    {
      provide: APPROVALS_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new ApprovalsService(
          new ApprovalsRepository(prisma),
          new TeamScopeRepository(prisma),
          new TimeEntryListRepository(prisma),
        ),
    },
  ],
})
export class ApprovalsModule {}
