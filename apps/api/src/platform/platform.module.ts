import { Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ProblemFilter } from './problem.filter';
import { StrictValidationPipe } from './validation.pipe';

/**
 * Fastify loads its plugins and builds its router once, when it becomes ready: this makes
 * `app.init()` end there, so an initialized app answers requests whether it then listens or a
 * test hands its server to supertest.
 */
@Injectable()
class ServerReady implements OnApplicationBootstrap {
  constructor(private readonly host: HttpAdapterHost) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.host.httpAdapter.getInstance<FastifyInstance>().ready();
  }
}

/**
 * Request validation, response shaping and error mapping for every route.
 *
 * - Request DTOs are `class XDto extends createZodDto(XSchema) {}` over a contracts schema; the
 *   pipe validates every `@Body()`, `@Query()` and `@Param()` with one, and refuses any without
 *   (import DTOs as values, never `import type`). Contract authors write request bodies with
 *   `z.strictObject` so unknown fields are rejected, not silently dropped (a typo like
 *   `billabel: true` must fail); the OpenAPI test checks every body.
 * - Responses are declared with `@ZodResponse({ type: XResponseDto })` from ./zod-response: the
 *   handler's return value is written by that schema (ShapedJson), so a field not in it (a
 *   password hash) never leaves. No interceptor: one would put every request through rxjs.
 * - Errors: throw `DomainError` from services; the filter turns everything into problem+json.
 */
@Module({
  providers: [
    { provide: APP_PIPE, useClass: StrictValidationPipe },
    { provide: APP_FILTER, useClass: ProblemFilter },
    ServerReady,
  ],
})
export class PlatformModule {}
