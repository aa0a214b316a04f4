import { Module } from '@nestjs/common';
import type { PrismaClient } from '@timetracker/db';
import { HealthRepository, HealthService, JobRunsRepository, JobStatusService } from '@timetracker/core';
import { PRISMA } from '../database/database.module';
import { API_VERSION } from '../version';
import { HealthController } from './health.controller';
import { expectedMigrations } from './expected-migrations';
import { EXPECTED_MIGRATIONS, HEALTH_SERVICE } from './health.tokens';

@Module({
  controllers: [HealthController],
  providers: [
    { provide: EXPECTED_MIGRATIONS, useFactory: () => expectedMigrations() },
    {
      provide: HEALTH_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new HealthService(
          new HealthRepository(prisma),
          API_VERSION,
          new JobStatusService(new JobRunsRepository(prisma)),
        ),
    },
  ],
})
export class HealthModule {}
