import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export * from './generated/prisma/client';

export interface PrismaClientOptions {
  /** Maximum connections in this client's pool. */
  poolSize?: number;
}

/** A Prisma client on the driver adapter for node-postgres: no native query engine needed. */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
