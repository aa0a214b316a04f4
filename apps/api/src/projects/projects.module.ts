import { Module } from '@nestjs/common';
import { ClientsRepository, RatesRepository, ProjectsRepository, ProjectsService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { ProjectsController } from './projects.controller';
import { PROJECTS_SERVICE } from './projects.tokens';

/** Projects time is recorded on; exports the service so time entries can check a project. */
@Module({
  controllers: [ProjectsController],
  providers: [
    {
      provide: PROJECTS_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new ProjectsService(
          new ProjectsRepository(prisma),
          new ClientsRepository(prisma),
          new RatesRepository(prisma),
        ),
    },
  ],
  exports: [PROJECTS_SERVICE],
})
export class ProjectsModule {}
