import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { mapException, problemBody } from './problem.mapping';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The API's only exception filter: whatever was thrown (DomainError, validation, Prisma, Nest
 * HTTP exceptions, body-parser errors, bugs) leaves as RFC 9457 application/problem+json.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    // assignRequestId, the app's first middleware, gave every request its id.
    const id = String(req.id);

    const mapped = mapException(exception);
    if (mapped.internal) {
      this.logger.error({ err: exception, requestId: id }, 'unhandled error while handling a request');
    }
    if (res.headersSent) {
      // A streamed response failed half-way: nothing sensible can be sent any more.
      res.destroy();
      return;
    }
    if (mapped.retryAfterSeconds !== undefined)
      res.setHeader('Retry-After', String(mapped.retryAfterSeconds));
    const instance = req.originalUrl.split('?')[0] ?? req.originalUrl;
    res
      .status(mapped.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problemBody(mapped, id, instance)));
  }
}
