import { Global, Inject, Module, type OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';

export const PRISMA = Symbol('PrismaClient');

class PrismaLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}

/** One Prisma client (and pool) per process, closed on shutdown. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: PRISMA, useFactory: () => createPrismaClient(databaseUrl) }, PrismaLifecycle],
      exports: [PRISMA],
    };
  }
}
