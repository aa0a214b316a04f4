import { ImportsRepository, ImportsService, TimeEntriesRepository } from '@timetracker/core';
import { createPrismaClient, useBaselineWasmCompiler } from '@timetracker/db';
import { readFileSync } from 'node:fs';
import { importWorkerName, type ImportOrder, type ImportPollResult } from './jobs/import-process';

// An import's own process (jobs/import-process.ts starts it): one poll of the imports on the
// order the worker sends, answered with its counts and peak memory.

/** The process's peak resident memory: VmHWM on Linux (getrusage's maxRSS survives a fork). */
function peakRssMB(): number {
  let bytes = process.resourceUsage().maxRSS * 1024;
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) bytes = Number(hwm[1]) * 1024;
  } catch {
    // not Linux
  }
  return Math.round(bytes / 1e6);
}

async function run(order: ImportOrder): Promise<void> {
  useBaselineWasmCompiler();
  const prisma = createPrismaClient(order.databaseUrl);
  try {
    // The process never takes uploads: no upload size applies to it.
    const service = new ImportsService(
      new ImportsRepository(prisma),
      new TimeEntriesRepository(prisma),
      0,
      importWorkerName(),
    );
    const counts = await service.processNext(new Date(order.now));
    const answer: ImportPollResult = { ...counts, peakRssMB: peakRssMB() };
    await new Promise<void>((sent, failed) =>
      process.send!(answer, (err: Error | null) => (err ? failed(err) : sent())),
    );
  } finally {
    await prisma.$disconnect();
  }
}

if (!process.send) {
  console.error('The import process is started by the worker (jobs/import-process.ts), not by hand');
  process.exit(64);
}
process.once('message', (order: ImportOrder) => {
  run(order).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
