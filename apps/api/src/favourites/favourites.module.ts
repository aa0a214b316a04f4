import { Module } from '@nestjs/common';
import {
  TagsRepository,
  TagsService,
  FavouritesRepository,
  FavouritesService,
  TimeEntriesRepository,
  TimeEntriesService,
  TimeEntryListRepository,
  TeamScopeRepository,
} from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { FavouritesController } from './favourites.controller';
import { FAVOURITES_SERVICE } from './favourites.tokens';

/** Favourites: pinned combinations a user starts as a timer in one click. */
@Module({
  controllers: [FavouritesController],
  providers: [
    {
      provide: FAVOURITES_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => {
        const entries = new TimeEntriesRepository(prisma);
        const tags = new TagsService(new TagsRepository(prisma));
        return new FavouritesService(
          new FavouritesRepository(prisma),
          entries,
          new TimeEntriesService(
            entries,
            new TimeEntryListRepository(prisma),
            tags,
            new TeamScopeRepository(prisma),
          ),
          tags,
        );
      },
    },
  ],
})
export class FavouritesModule {}
