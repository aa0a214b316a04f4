/** Where startup writes its human-readable progress; tests pass a collector. */
export interface Reporter {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleReporter: Reporter = {
  info: (m) => console.log(`[startup] ${m}`),
  warn: (m) => console.warn(`[startup] warning: ${m}`),
  error: (m) => console.error(`[startup] error: ${m}`),
};

export const silentReporter: Reporter = { info: () => {}, warn: () => {}, error: () => {} };

/** Collects lines for tests and for machine-readable output. */
export function memoryReporter(): Reporter & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Runs one named step and reports what it did and how long it took. */
export async function timedStep<T>(
  reporter: Reporter,
  name: string,
  run: () => Promise<T>,
  describe: (result: T) => string,
): Promise<T> {
  const started = performance.now();
  try {
    const result = await run();
    reporter.info(`${name}: ${describe(result)} (${formatMs(performance.now() - started)})`);
    return result;
  } catch (err) {
    reporter.error(`${name} failed after ${formatMs(performance.now() - started)}: ${errorMessage(err)}`);
    throw err;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
