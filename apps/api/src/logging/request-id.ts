import pino from 'pino';
import type { LogLevel } from '@timetracker/core';

/**
 * pino-http writes its line per request at `info`, and gives each request a child logger (the
 * request serialized and redacted) that later logs inherit. Above `info` none of those lines is
 * written, so the API skips that per-request work (a tenth of its CPU per request): logs from
 * inside a request then carry no request binding, and the problem filter's error lines name the
 * request id themselves. Every request has its id either way (requestIdOf, platform/fastify-adapter).
 */
export function logsEachRequest(level: LogLevel): boolean {
  return level !== 'silent' && pino.levels.values[level]! <= pino.levels.values.info!;
}
