import { Module } from '@nestjs/common';
import { AuditRepository, AuditService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { AuditController } from './audit.controller';
import { AUDIT_SERVICE } from './audit.tokens';

/** Reading the audit log; changes are recorded by the services that make them (AuditLog). */
@Module({
  controllers: [AuditController],
  providers: [
    {
      provide: AUDIT_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new AuditService(new AuditRepository(prisma)),
    },
  ],
})
export class AuditModule {}
