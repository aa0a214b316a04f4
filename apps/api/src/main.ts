import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ConfigError, exitGracefullyOnSignals, loadApiConfig } from '@timetracker/core';
import { Logger } from 'nestjs-pino';
import { createApp } from './app';
import { DOCS_PATH } from './platform/openapi';
import { useBaselineWasmCompiler } from '@timetracker/db';

async function main(): Promise<void> {
  useBaselineWasmCompiler();
  const config = loadApiConfig(process.env, path.resolve(__dirname, '../../admin/dist'));
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // With PORT=0 the OS picked the port; show the real one.
  const { port } = app.getHttpServer().address() as AddressInfo;
  const base = `http://${shown}:${port}`;
  app
    .get(Logger)
    .log(`API listening on ${base} (admin from ${config.adminDistDir}, API docs at ${base}${DOCS_PATH})`);
  exitGracefullyOnSignals(
    () => app.close(),
    config.shutdownTimeoutMs,
    (m) => app.get(Logger).log(m),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof ConfigError ? 78 : 1);
});
