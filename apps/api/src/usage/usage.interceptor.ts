import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { UsageService } from '@timetracker/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { USAGE_SERVICE } from './usage.tokens';

/**
 * Counts each request that reaches a route handler (after authentication) under its route
 * group. It never waits: recording is an in-memory increment, done in the background.
 */
@Injectable()
export class UsageInterceptor implements NestInterceptor {
  constructor(@Inject(USAGE_SERVICE) private readonly usage: UsageService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      // The matched route pattern (/api/v1/projects/:id), never the raw URL: only routes that
      // exist can become groups, and no id or query string is ever looked at.
      const route = (context.switchToHttp().getRequest<Request>().route as { path?: unknown } | undefined)
        ?.path;
      // A failure here means the settings could not be read (database down); the request
      // itself will say so, usage counting stays silent.
      if (typeof route === 'string') this.usage.record(route).catch(() => undefined);
    }
    return next.handle();
  }
}
