import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { UsageService } from '@timetracker/core';
import { apiRouteOf } from '../platform/http';
import { USAGE_SERVICE } from './usage.tokens';

/** Refused for missing credentials or permissions: not use of the product. */
const REFUSED = new Set([401, 403]);

/**
 * Counts each answered request to an API route under its route group. Only the matched route
 * pattern is looked at, never the raw URL, so ids and query strings never become groups and
 * unknown paths count nothing. Recording is an in-memory increment; the request never waits.
 * (A Fastify hook, not a Nest interceptor: an interceptor costs every request far more.)
 */
export function countUsage(app: NestFastifyApplication): void {
  const usage = app.get<UsageService>(USAGE_SERVICE);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      const route = apiRouteOf(request);
      // A failure here means the settings could not be read (database down); the request
      // itself said so, usage counting stays silent.
      if (route !== undefined && !REFUSED.has(reply.statusCode)) usage.record(route)?.catch(() => undefined);
      done();
    });
}
