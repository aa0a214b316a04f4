import { Module } from '@nestjs/common';
import { SetupRepository, SetupService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { SetupController } from './setup.controller';
import { SETUP_SERVICE } from './setup.tokens';

/** First run: the checklist of what an admin sets up on a fresh install. */
@Module({
  controllers: [SetupController],
  providers: [
    {
      provide: SETUP_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new SetupService(new SetupRepository(prisma)),
    },
  ],
})
export class SetupModule {}
