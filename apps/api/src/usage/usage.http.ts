import type { ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { UsageService } from '@timetracker/core';
import type { RoutedRequest } from '../platform/http';
import { USAGE_SERVICE } from './usage.tokens';

/** Refused for missing credentials or permissions: not use of the product. */
const REFUSED = new Set([401, 403]);

/**
 * Counts each answered request to an API route under its route group. Only the matched route
 * pattern is looked at, never the raw URL, so ids and query strings never become groups and
 * unknown paths count nothing. Recording is an in-memory increment; the request never waits.
 * (An Express hook, not a Nest interceptor: an interceptor costs every request far more.)
 */
export function countUsage(app: NestExpressApplication): void {
  const usage = app.get<UsageService>(USAGE_SERVICE);
  app.use((req: RoutedRequest, res: ServerResponse, next: () => void) => {
    res.once('finish', () => {
      const route = req.route?.path;
      // A failure here means the settings could not be read (database down); the request
      // itself said so, usage counting stays silent.
      if (typeof route === 'string' && !REFUSED.has(res.statusCode))
        usage.record(route)?.catch(() => undefined);
    });
    next();
  });
}
