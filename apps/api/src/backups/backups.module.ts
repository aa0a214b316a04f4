import { Module } from '@nestjs/common';
import { BackupsRepository, BackupsService, type ApiConfig } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { API_CONFIG } from '../platform/config.module';
import { BackupsController } from './backups.controller';
import { BACKUPS_SERVICE } from './backups.tokens';

/**
 * Backups: the API lists them, asks the workers for one and serves the archives from
 * BACKUP_DIR (the folder the workers write to, shared with them).
 */
@Module({
  controllers: [BackupsController],
  providers: [
    {
      provide: BACKUPS_SERVICE,
      inject: [PRISMA, API_CONFIG],
      useFactory: (prisma: PrismaClient, config: ApiConfig) =>
        // The API never writes a backup, so it needs no connection string of its own.
        new BackupsService(new BackupsRepository(prisma), {
          backupDir: config.backupDir,
          databaseUrl: '',
        }),
    },
  ],
})
export class BackupsModule {}
