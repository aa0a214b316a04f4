import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ShapedJson } from './zod-response';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface ApiHttpOptions {
  bodyLimitBytes: number;
  trustProxy: boolean;
  keepAliveTimeoutMs: number;
  /** Also check every shaped answer against zod (see ShapedJson.toJson). */
  checkResponses: boolean;
}

/**
 * Every request's id: a caller's X-Request-Id (a proxy's, or a client correlating its own calls)
 * when it is a sane token, otherwise a new UUID. Fastify keeps it as `request.id`.
 */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Nest's Fastify adapter with the API's server options, and one change: a handler's ShapedJson is
 * written by its response schema's writer in one step (Fastify sends a string with a Content-Type
 * as it is). Everything else (streams, buffers, errors, empty answers) goes through Nest's reply.
 */
export class ApiFastifyAdapter extends FastifyAdapter {
  private readonly checkResponses: boolean;

  constructor(options: ApiHttpOptions) {
    super({
      bodyLimit: options.bodyLimitBytes,
      trustProxy: options.trustProxy,
      // Idle keep-alive connections stay open longer than common proxies and load balancers keep
      // theirs (60 s), so that the proxy, not we, closes them: otherwise a request can race our
      // close and the proxy answers 502.
      keepAliveTimeout: options.keepAliveTimeoutMs,
      genReqId: requestIdOf,
      requestIdHeader: false,
      // /api/v1/projects/ is /api/v1/projects, as it always was.
      routerOptions: { ignoreTrailingSlash: true },
    });
    this.checkResponses = options.checkResponses;
    acceptJsonOnly(this.getInstance());
  }

  override reply(response: FastifyReply, body: unknown, statusCode?: number) {
    if (body instanceof ShapedJson) {
      if (statusCode) response.status(statusCode);
      return response.type(JSON_CONTENT_TYPE).send(body.toJson(this.checkResponses));
    }
    return super.reply(response, body, statusCode);
  }
}

/**
 * JSON bodies only, besides the logo upload's multipart (its own plugin): Fastify's text/plain
 * parser goes, so a form on another site cannot post a body we read, and any other type is a 415.
 * Malformed JSON is a 400 that says so; an empty body is `{}` (clients that send the JSON
 * Content-Type on a POST without a body, as the API always allowed).
 */
function acceptJsonOnly(instance: FastifyInstance): void {
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, {});
    parseJson(req, body as string, (err, value) =>
      err
        ? done(new BadRequestException('The request body is not valid JSON'), undefined)
        : done(null, value),
    );
  });
}
