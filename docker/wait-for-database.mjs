// Waits until DATABASE_URL accepts connections, with backoff, for up to STARTUP_WAIT_TIMEOUT_MS
// (default 60 s), printing why each attempt failed. Exit 0 when it answers, 2 when it never did,
// 78 when the configuration is bad. Used by entrypoint.sh before the api or worker starts;
// never creates the database (that is startup's job).
import { DatabaseUnreachableError, consoleReporter, loadStartupConfig, waitForDatabase } from '@timetracker/startup';

try {
  const config = loadStartupConfig();
  if (!config.databaseUrl) {
    console.error('[entrypoint] error: DATABASE_URL is required');
    process.exit(78);
  }
  const client = await waitForDatabase(config.databaseUrl, {
    timeoutMs: config.waitTimeoutMs,
    reporter: consoleReporter,
    createIfMissing: false,
  });
  await client.end();
} catch (err) {
  console.error(`[entrypoint] error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof DatabaseUnreachableError ? 2 : err?.name === 'ConfigError' ? 78 : 1);
}
