import { ConfigError, exitGracefullyOnSignals, loadWorkerConfig } from '@timetracker/core';
import { Logger } from 'nestjs-pino';
import { createWorker } from './worker';
import { useBaselineWasmCompiler } from '@timetracker/db';

async function main(): Promise<void> {
  useBaselineWasmCompiler();
  const config = loadWorkerConfig(process.env);
  const { context } = await createWorker(config);
  const logger = context.get(Logger);
  // Scheduled jobs alone may not hold the event loop (there may be none yet, or only between
  // runs): the worker lives until it is told to stop.
  const keepAlive = setInterval(() => {}, 1 << 30);
  exitGracefullyOnSignals(
    async () => {
      clearInterval(keepAlive);
      await context.close();
    },
    config.shutdownTimeoutMs,
    (m) => logger.log(m),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof ConfigError ? 78 : 1);
});
