/**
 * Graceful stop on SIGTERM/SIGINT: run `close` (Nest's shutdown hooks: finish work in flight,
 * close the pool), then exit 0; exit 1 if it takes longer than `timeoutMs`. A second signal
 * while closing does not start a second close.
 */
export function exitGracefullyOnSignals(
  close: () => Promise<void>,
  timeoutMs: number,
  log: (m: string) => void,
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received, shutting down`);
    setTimeout(() => {
      log(`shutdown took longer than ${timeoutMs} ms, exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
