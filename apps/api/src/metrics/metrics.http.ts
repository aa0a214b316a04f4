import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsConfig } from '@timetracker/core';
import type { RoutedRequest } from '../platform/http';
import type { PrometheusMetrics } from './prometheus';

export const METRICS_PATH = '/metrics';

/**
 * Times every request from the moment this middleware sees it to the last byte sent. The route
 * label is the matched route's template, never the raw URL (ids would make a series per row);
 * anything no route matched (static files of the dashboard, 404s) shares `unmatched`.
 */
export function timeRequests(metrics: PrometheusMetrics) {
  return (req: RoutedRequest, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const path = req.route?.path;
      const route = typeof path === 'string' ? path : 'unmatched';
      metrics.observeRequest(
        req.method ?? 'GET',
        route,
        res.statusCode,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  };
}

/** Answers a scrape: 401 without the configured bearer token, else the exposition text. */
export function metricsHandler(metrics: PrometheusMetrics, config: MetricsConfig) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (config.token !== undefined && !bearerMatches(req.headers.authorization, config.token)) {
      res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer realm="metrics"' });
      res.end('A metrics token is required: Authorization: Bearer <METRICS_TOKEN>\n');
      return;
    }
    try {
      const body = await metrics.render();
      res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('metrics could not be collected\n');
    }
  };
}

/** Constant-time comparison of hashes, so neither the token nor its length leaks through timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

/** The separate listener of METRICS_PORT: /metrics and nothing else. */
export async function listenForMetrics(
  metrics: PrometheusMetrics,
  config: MetricsConfig & { listen: { host: string; port: number } },
): Promise<Server> {
  const handle = metricsHandler(metrics, config);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === METRICS_PATH && (req.method === 'GET' || req.method === 'HEAD'))
      return void handle(req, res);
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not found: this port serves only GET /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
