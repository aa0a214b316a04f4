import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import type { LogLevel } from '@timetracker/core';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The first middleware of the app: every request gets its id (`req.id`, which pino-http and
 * the problem filter use) and every response its X-Request-Id, whatever the log level. A
 * caller's X-Request-Id (a proxy's, or a client correlating its own calls) is kept when it is a
 * sane token; otherwise the id is a new UUID.
 */
export function assignRequestId(
  req: IncomingMessage & { id?: unknown },
  res: ServerResponse,
  next: () => void,
): void {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  next();
}

/**
 * pino-http writes its line per request at `info`, and gives each request a child logger (the
 * request serialized and redacted) that later logs inherit. Above `info` none of those lines is
 * written, so the API skips that per-request work (a tenth of its CPU per request): logs from
 * inside a request then carry no request binding, and the problem filter's error lines name the
 * request id themselves.
 */
export function logsEachRequest(level: LogLevel): boolean {
  return level !== 'silent' && pino.levels.values[level]! <= pino.levels.values.info!;
}
