import { Module } from '@nestjs/common';
import { SystemRepository, SystemService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { API_VERSION } from '../version';
import { SystemController } from './system.controller';
import { SYSTEM_SERVICE } from './system.tokens';

@Module({
  controllers: [SystemController],
  providers: [
    {
      provide: SYSTEM_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new SystemService(new SystemRepository(prisma), API_VERSION),
    },
  ],
})
export class SystemModule {}
