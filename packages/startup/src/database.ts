import path from 'node:path';
import type { StartupConfig } from './config';
import { withDatabase } from './db';
import { startEmbeddedPostgres } from './embedded';
import type { Reporter } from './report';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  release(): Promise<void>;
}

/** The database named by DATABASE_URL, or else the embedded server kept under DATA_DIR. */
export async function resolveDatabase(config: StartupConfig, reporter: Reporter): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, release: async () => {} };
  const server = await startEmbeddedPostgres({
    baseDir: config.dataDir,
    port: config.embeddedPgPort,
    reporter,
  });
  const relative = path.relative(process.cwd(), server.dataDir);
  const shown = relative && !relative.startsWith('..') ? relative : server.dataDir;
  reporter.info(
    `embedded PostgreSQL ${server.startedHere ? 'started' : 'reused'} on 127.0.0.1:${server.port} (data in ${shown})`,
  );
  return { url: withDatabase(server.serverUrl, 'timetracker'), embedded: true, release: () => server.stop() };
}
