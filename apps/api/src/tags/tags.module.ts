import { Module } from '@nestjs/common';
import { TagsRepository, TagsService } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { TagsController } from './tags.controller';
import { TAGS_SERVICE } from './tags.tokens';

/** Tags: shared labels of entries; admins manage them, everyone picks (and creates) them. */
@Module({
  controllers: [TagsController],
  providers: [
    {
      provide: TAGS_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new TagsService(new TagsRepository(prisma)),
    },
  ],
})
export class TagsModule {}
