import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsConfig } from '@timetracker/core';
import type { FastifyInstance } from 'fastify';
import { apiRouteOf } from '../platform/http';
import type { PrometheusMetrics } from './prometheus';

export const METRICS_PATH = '/metrics';

/**
 * Times every request from the moment Fastify sees it to the last byte sent. The route label is
 * the matched API route's template, never the raw URL (ids would make a series per row); anything
 * else (the dashboard's files, 404s) shares `unmatched`. Scrapes themselves are not timed.
 */
export function timeRequests(fastify: FastifyInstance, metrics: PrometheusMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.routeOptions.url !== METRICS_PATH) {
      const route = apiRouteOf(request) ?? 'unmatched';
      metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    }
    done();
  });
}

interface MetricsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A scrape's answer: 401 without the configured bearer token, else the exposition text. */
export async function answerScrape(
  metrics: PrometheusMetrics,
  config: MetricsConfig,
  authorization: string | undefined,
): Promise<MetricsAnswer> {
  if (config.token !== undefined && !bearerMatches(authorization, config.token)) {
    return {
      status: 401,
      headers: { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer realm="metrics"' },
      body: 'A metrics token is required: Authorization: Bearer <METRICS_TOKEN>\n',
    };
  }
  try {
    const body = await metrics.render();
    return {
      status: 200,
      headers: { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' },
      body,
    };
  } catch {
    return {
      status: 500,
      headers: { 'Content-Type': 'text/plain' },
      body: 'metrics could not be collected\n',
    };
  }
}

/** GET /metrics on the API's own port (behind METRICS_TOKEN when set). */
export function routeScrapes(
  fastify: FastifyInstance,
  metrics: PrometheusMetrics,
  config: MetricsConfig,
): void {
  fastify.get(METRICS_PATH, async (request, reply) => {
    const answer = await answerScrape(metrics, config, request.headers.authorization);
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
}

async function answerRaw(
  metrics: PrometheusMetrics,
  config: MetricsConfig,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const answer = await answerScrape(metrics, config, req.headers.authorization);
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
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
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === METRICS_PATH && (req.method === 'GET' || req.method === 'HEAD'))
      return void answerRaw(metrics, config, req, res);
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
