import { Global, Inject, Module, type OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';

export const PRISMA = Symbol('PrismaClient');
/** The client reports and exports read with: DATABASE_REPLICA_URL's, else the same as PRISMA. */
export const PRISMA_REPORTS = Symbol('PrismaClientReports');
/** The URL of that same database, for work Prisma cannot do (COPY for CSV exports). */
export const REPORTS_DATABASE_URL = Symbol('ReportsDatabaseUrl');

class PrismaLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(PRISMA_REPORTS) private readonly reports: PrismaClient,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([
      this.prisma.$disconnect(),
      this.reports !== this.prisma && this.reports.$disconnect(),
    ]);
  }
}

/** One Prisma client (and pool) per process, plus one for the read replica if any; closed on shutdown. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string, replicaUrl?: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: PRISMA, useFactory: () => createPrismaClient(databaseUrl) },
        {
          provide: PRISMA_REPORTS,
          inject: [PRISMA],
          useFactory: (primary: PrismaClient) => (replicaUrl ? createPrismaClient(replicaUrl) : primary),
        },
        { provide: REPORTS_DATABASE_URL, useValue: replicaUrl ?? databaseUrl },
        PrismaLifecycle,
      ],
      exports: [PRISMA, PRISMA_REPORTS, REPORTS_DATABASE_URL],
    };
  }
}
