import { Module } from '@nestjs/common';
import { ClientsRepository, RatesRepository, ClientsService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { ClientsController } from './clients.controller';
import { CLIENTS_SERVICE } from './clients.tokens';

/** The clients time is billed to. */
@Module({
  controllers: [ClientsController],
  providers: [
    {
      provide: CLIENTS_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new ClientsService(new ClientsRepository(prisma), new RatesRepository(prisma)),
    },
  ],
  exports: [CLIENTS_SERVICE],
})
export class ClientsModule {}
