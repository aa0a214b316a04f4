import { ImportsRepository, ImportsService, TimeEntriesRepository } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { readFileSync } from 'node:fs';
import path from 'node:path';

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

/**
 * A Toggl CSV (the toggl.csv fixture's header) of `rows` one-hour rows for Anna
 * (anna@example.test), two hours apart from 2025-01-01 00:00 UTC: long enough to be caught running.
 */
export function annasTogglRows(rows: number): Buffer {
  const header = readFileSync(path.join(__dirname, 'fixtures', 'import', 'toggl.csv'), 'utf8')
    .split('\n')[0]!
    .replace(/^\uFEFF/, '');
  const lines = [header];
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < rows; i++) {
    const start = iso(Date.UTC(2025, 0, 1) + i * 7_200_000);
    const end = iso(Date.UTC(2025, 0, 1) + i * 7_200_000 + 3_600_000);
    lines.push(
      `Anna Berg,anna@example.test,,Bulk,,row ${i},Yes,${start.slice(0, 10)},${start.slice(11, 19)},` +
        `${end.slice(0, 10)},${end.slice(11, 19)},01:00:00,,`,
    );
  }
  return Buffer.from(lines.join('\n'));
}
