import type { ImportsService } from '@timetracker/core';
import { fork } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';

// The worker runs each import in a process of its own (import-main.ts), under V8 heap caps
// (WORKER_IMPORT_NODE_OPTIONS, docs/configuration.md "Worker memory"). The job holds little at a
// time (a batch, the names it has resolved), but an uncapped V8 heap grows with what the job
// allocates and drops: 313-336 MB at the peak for 100k rows, 178-179 MB capped, about 3 % slower
// (docs/benchmarks.md). The caps are the import's alone: the worker's other jobs keep the default
// heap.

/** The built entry point of an import's process, whether this module runs built or from source. */
const IMPORT_MAIN = path.resolve(__dirname, '..', '..', 'dist', 'import-main.js');

/** The name a worker's process claims imports under (`imports.worker` while it runs one). */
export function importWorkerName(pid: number = process.pid): string {
  return `${hostname()}:${pid}`;
}

/** What the worker tells an import's process (its first message). */
export interface ImportOrder {
  databaseUrl: string;
  now: string;
}

/** One poll's counts, and the peak memory of the process that ran it. */
export type ImportPollResult = {
  imports: number;
  rows: number;
  peakRssMB: number;
};

/**
 * One poll of the imports (ImportsService.processNext) in a process of its own, with
 * `nodeOptions` as its V8 flags. When the process ends without answering (killed, or out of
 * memory), the import it had claimed is failed with the reason (ImportsService.failAbandoned) and
 * the poll rejects.
 */
export function pollImportsInProcess(
  options: { databaseUrl: string; nodeOptions: string },
  imports: ImportsService,
  now: Date,
): Promise<ImportPollResult> {
  const child = fork(IMPORT_MAIN, [], {
    execArgv: options.nodeOptions.split(/\s+/).filter(Boolean),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const order: ImportOrder = { databaseUrl: options.databaseUrl, now: now.toISOString() };
  return new Promise((resolve, reject) => {
    let answer: ImportPollResult | undefined;
    child.on('message', (message) => {
      answer = message as ImportPollResult;
    });
    child.once('spawn', () => child.send(order));
    child.once('error', reject);
    // 'close', not 'exit': by then every message the process sent has been read.
    child.once('close', (code, signal) => {
      if (answer) return resolve(answer);
      // Never started: 'error' said why, and it claimed nothing.
      if (child.pid === undefined) return;
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      const message = `The import's process ${how} (out of memory?); run the import again to resume it`;
      imports
        .failAbandoned(importWorkerName(child.pid), new Date(), message)
        .then(() => reject(new Error(message)), reject);
    });
  });
}
