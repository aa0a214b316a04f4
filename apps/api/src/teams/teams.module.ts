import { Module } from '@nestjs/common';
import { TeamsRepository, TeamsService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { TeamsController } from './teams.controller';
import { TEAMS_SERVICE } from './teams.tokens';

/** Teams, their members and leads. */
@Module({
  controllers: [TeamsController],
  providers: [
    {
      provide: TEAMS_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new TeamsService(new TeamsRepository(prisma)),
    },
  ],
})
export class TeamsModule {}
