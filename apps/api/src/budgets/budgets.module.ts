import { Module } from '@nestjs/common';
import { BudgetsRepository, BudgetsService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { BudgetsController } from './budgets.controller';
import { BUDGETS_SERVICE } from './budgets.tokens';

/** Budgets of projects and clients, their progress and threshold notifications (docs/budgets.md). */
@Module({
  controllers: [BudgetsController],
  providers: [
    {
      provide: BUDGETS_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new BudgetsService(new BudgetsRepository(prisma)),
    },
  ],
})
export class BudgetsModule {}
