import { Module } from '@nestjs/common';
import { RatesRepository, RatesService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { RatesController } from './rates.controller';
import { RATES_SERVICE } from './rates.tokens';

/** Dated billable and cost rates (issue #18 §2). */
@Module({
  controllers: [RatesController],
  providers: [
    {
      provide: RATES_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new RatesService(new RatesRepository(prisma)),
    },
  ],
})
export class RatesModule {}
