import { ImportsRepository, ImportsService, TimeEntriesRepository } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';

/** The import service as the worker builds it, on `client`, as `worker`, `batchSize` rows a batch. */
export function importsService(client: PrismaClient, worker: string, batchSize: number): ImportsService {
  return new ImportsService(
    new ImportsRepository(client),
    new TimeEntriesRepository(client),
    10 * 1024 * 1024,
    worker,
    { batchSize, leaseMs: 60_000 },
  );
}
