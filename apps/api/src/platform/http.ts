import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiConfig } from '@timetracker/core';
import type { FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    // Helmet's defaults already fit the admin SPA and Swagger UI: scripts only from our own
    // origin (both load external same-origin files), inline styles allowed (Swagger UI's
    // <style> blocks, React style attributes), images from self and data: URIs.
    useDefaults: true,
    directives: {
      // Self-hosters often serve plain HTTP on a LAN; upgrading would break every asset.
      'upgrade-insecure-requests': null,
    },
  },
};

type HeaderValue = string | number | readonly string[];

/**
 * Helmet's headers, worked out once. With these options (no per-request nonce) helmet sets the
 * same headers on every response, but through a dozen middlewares per request; so helmet runs
 * once, against a response that records what it sets, and every response gets that record. A
 * test compares the result with helmet's own middleware.
 */
export function securityHeaders(options: HelmetOptions): [string, HeaderValue][] {
  const set: [string, HeaderValue][] = [];
  const recorder = {
    setHeader: (name: string, value: HeaderValue) => void set.push([name, value]),
    // Only X-Powered-By, which Fastify never sends.
    removeHeader: () => undefined,
  };
  let done = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be worked out once');
  return set;
}

/** The route template a request matched (`/api/v1/time-entries/:id`), or undefined: the label
 *  for metrics and usage counts, never the raw URL. The dashboard's catch-all is not an API route. */
export function apiRouteOf(request: FastifyRequest): string | undefined {
  const url = request.routeOptions.url;
  return url !== undefined && url.startsWith('/api/') ? url : undefined;
}

/**
 * HTTP concerns of every answer, set up before any route: the request id and security headers
 * (on the Node response, so that streamed answers carry them too), CORS and cookies. Bodies: see
 * ApiFastifyAdapter (JSON only, with the configured limit).
 */
export async function applyHttpPlatform(app: NestFastifyApplication, config: ApiConfig): Promise<void> {
  const server = app.getHttpServer();
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  const headers = securityHeaders(HELMET_OPTIONS);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    const res = reply.raw;
    for (const [name, value] of headers) res.setHeader(name, value);
    res.setHeader('X-Request-Id', request.id);
    // pino-http (LOG_LEVEL=info and below) names the request by the Node request's id.
    (request.raw as IncomingMessage & { id?: string }).id = request.id;
    done();
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      credentials: true,
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  // Sessions live in an httpOnly cookie; the auth guard reads request.cookies.
  await app.register(fastifyCookie);
}
