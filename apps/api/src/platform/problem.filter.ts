import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapException, problemBody } from './problem.mapping';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The API's only exception filter: whatever was thrown (DomainError, validation, Prisma, Nest
 * HTTP exceptions, what Fastify refuses before a route runs, bugs) leaves as RFC 9457
 * application/problem+json.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const res = http.getResponse<FastifyReply>();
    // requestIdOf (platform/fastify-adapter) gave every request its id.
    const id = req.id;

    const mapped = mapException(exception);
    if (mapped.internal) {
      this.logger.error({ err: exception, requestId: id }, 'unhandled error while handling a request');
    }
    if (res.sent || res.raw.headersSent) {
      // A streamed response failed half-way: nothing sensible can be sent any more.
      res.raw.destroy();
      return;
    }
    if (mapped.retryAfterSeconds !== undefined) res.header('Retry-After', String(mapped.retryAfterSeconds));
    const instance = req.url.split('?')[0] ?? req.url;
    void res
      .status(mapped.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problemBody(mapped, id, instance)));
  }
}
