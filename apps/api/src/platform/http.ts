import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestException, HttpException, PayloadTooLargeException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiConfig } from '@timetracker/core';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Express fills req.route when a route matched; its path is the template (`/api/v1/x/:id`). */
export type RoutedRequest = IncomingMessage & { route?: { path?: unknown } };

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

/**
 * Helmet's headers, worked out once. With these options (no per-request nonce) helmet sets the
 * same headers on every response, but through a dozen middlewares per request (about 3 % of
 * the API's JavaScript time on a timer write, in a CPU profile); so helmet runs once, against a
 * response that records what it sets and removes, and every response gets that record. A test
 * compares the result with helmet's own middleware.
 */
export function securityHeaders(options: HelmetOptions) {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let done = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be worked out once');
  return (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

/**
 * Express-level HTTP concerns, registered before any route: security headers, CORS, cookies
 * and JSON bodies. Create the app with `bodyParser: false` so these parsers are the only ones.
 */
export function applyHttpPlatform(app: NestExpressApplication, config: ApiConfig): void {
  // Idle keep-alive connections stay open longer than common proxies and load balancers keep
  // theirs (60 s), so that the proxy, not we, closes them: otherwise a request can race our
  // close and the proxy answers 502.
  const server = app.getHttpServer();
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  app.disable('x-powered-by');
  // No ETag on API answers: they change with every write, no client revalidates them, and
  // hashing each body cost 2 % of the CPU per request. (Static files keep theirs, and so does
  // the logo, which sets its own.)
  app.set('etag', false);
  if (config.trustProxy) app.set('trust proxy', true);
  app.use(securityHeaders(HELMET_OPTIONS));
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      credentials: true,
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  // Sessions live in an httpOnly cookie; the auth guard reads req.cookies. Requests without a
  // Cookie header (API clients with tokens) skip the parser and its per-request objects.
  const parseCookies = cookieParser();
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.headers.cookie === undefined ? next() : parseCookies(req, res, next),
  );
  // JSON only: no urlencoded parser, so an HTML form on another site cannot post a body we read.
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
  app.use(bodyParserErrors(config.bodyLimitBytes));
}

/**
 * body-parser reports with http-errors objects that Nest would answer as 500; turn the ones
 * that are the client's fault into HttpExceptions with a clear message for the problem filter.
 */
function bodyParserErrors(limitBytes: number) {
  return (err: unknown, _req: Request, _res: Response, next: NextFunction): void => {
    const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
    if (e.type === 'entity.parse.failed') {
      return next(new BadRequestException('The request body is not valid JSON'));
    }
    if (e.type === 'entity.too.large') {
      return next(new PayloadTooLargeException(`The request body is larger than ${limitBytes} bytes`));
    }
    if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return next(new HttpException(e.message ?? 'Bad request body', e.status));
    }
    next(err);
  };
}
