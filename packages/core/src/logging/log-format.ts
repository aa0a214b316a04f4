import { Writable } from 'node:stream';

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

interface LogRecord {
  level?: number;
  time?: number;
  msg?: string;
  context?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string; stack?: string };
}

/**
 * One pino JSON line as a person reads it on a terminal: "14:02:07 INFO  GET /api/v1/tasks 200
 * 12 ms" or "14:02:07 WARN  [Backups] disk almost full". Errors keep their stack on the lines
 * after. A line that is not pino JSON is passed through unchanged.
 */
export function prettyLogLine(line: string): string {
  let record: LogRecord;
  try {
    record = JSON.parse(line) as LogRecord;
  } catch {
    return line;
  }
  if (typeof record !== 'object' || record === null) return line;
  const time = new Date(record.time ?? Date.now()).toTimeString().slice(0, 8);
  const level = LEVELS[record.level ?? 30] ?? 'INFO ';
  const context = record.context ? `[${record.context}] ` : '';
  const request =
    record.req?.method && record.res?.statusCode
      ? `${record.req.method} ${record.req.url ?? ''} ${record.res.statusCode}` +
        (record.responseTime === undefined ? '' : ` ${Math.round(record.responseTime)} ms`)
      : null;
  const message = request ?? record.msg ?? '';
  const error = record.err?.stack ?? (record.err?.message ? record.err.message : '');
  const detail = error && !message.includes(error) ? `\n${error}` : '';
  return `${time} ${level} ${context}${message}${detail}`;
}

/** A stream for pino that writes `prettyLogLine` of each record to `out` (stdout by default). */
export function prettyLogStream(out: NodeJS.WritableStream = process.stdout): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) out.write(`${prettyLogLine(line)}\n`);
      done();
    },
  });
}

/** Paths whose last part is a secret (a calendar feed's token): logged without it. */
const SECRET_PATHS = /(\/calendar-feed\/)[^?/]+/;

/**
 * What one HTTP request leaves in the log: its id, method, path, client address, status and
 * time, about 200 bytes instead of pino-http's ~1 KB with every header (bodies and cookies never).
 */
export const REQUEST_LOG_SERIALIZERS = {
  req: (req: { id?: unknown; method?: string; url?: string; remoteAddress?: string }) => ({
    id: req.id,
    method: req.method,
    url: req.url?.replace(SECRET_PATHS, '$1[redacted]'),
    remoteAddress: req.remoteAddress,
  }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
};

// Nest's start-up chatter: one line per module and per route (~150 lines) at info, which pushed
// the first admin's password off a person's screen. Kept at debug and trace.
const NEST_BOOT_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** pino `hooks` that drop Nest's start-up lines unless the level is debug or trace. */
export function quietNestStartup(level: string) {
  const keep = level === 'debug' || level === 'trace';
  return {
    logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void, lineLevel: number) {
      const first = args[0] as { context?: unknown } | undefined;
      const boot =
        !keep &&
        lineLevel <= 30 &&
        typeof first?.context === 'string' &&
        NEST_BOOT_CONTEXTS.has(first.context);
      if (!boot) method.apply(this, args);
    },
  };
}
