import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MetricsRepository, MetricsService, type ApiConfig, type MetricsConfig } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import type { Server } from 'node:http';
import { PRISMA, PRISMA_REPORTS } from '../database/database.module';
import { API_VERSION } from '../version';
import { listenForMetrics, METRICS_PATH, portOf, routeScrapes, timeRequests } from './metrics.http';
import { PrometheusMetrics } from './prometheus';

/** Database figures are read at most this often per process, however often Prometheus scrapes. */
const FIGURES_MAX_AGE_MS = 2_000;

/** The METRICS_PORT listener: opened when the app starts (after init), closed when it stops. */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private config?: MetricsConfig & { listen: { host: string; port: number } };
  private server?: Server;
  private readonly logger = new Logger('Metrics');

  constructor(@Inject(PrometheusMetrics) private readonly metrics: PrometheusMetrics) {}

  listenOn(config: MetricsConfig & { listen: { host: string; port: number } }): void {
    this.config = config;
  }

  /** The port actually listened on (METRICS_PORT=0 lets the OS choose); undefined when none. */
  get port(): number | undefined {
    return this.server ? portOf(this.server) : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config) return;
    this.server = await listenForMetrics(this.metrics, this.config);
    this.logger.log(`metrics on http://${this.config.listen.host}:${this.port}${METRICS_PATH}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

@Module({
  providers: [
    {
      provide: PrometheusMetrics,
      inject: [PRISMA, PRISMA_REPORTS],
      useFactory: (primary: PrismaClient, reports: PrismaClient) =>
        new PrometheusMetrics(
          new MetricsService(new MetricsRepository(primary), FIGURES_MAX_AGE_MS),
          [
            { name: 'primary', client: primary },
            ...(reports !== primary ? [{ name: 'replica', client: reports }] : []),
          ],
          API_VERSION,
        ),
    },
    MetricsListener,
  ],
})
export class MetricsModule {}

/**
 * Request timing for every route, and GET /metrics: on the API's own port behind METRICS_TOKEN,
 * or on METRICS_PORT only.
 */
export function serveMetrics(app: NestFastifyApplication, config: ApiConfig): void {
  const metrics = app.get(PrometheusMetrics);
  const mc = config.metrics;
  const fastify = app.getHttpAdapter().getInstance();
  if (mc?.listen) {
    app.get(MetricsListener).listenOn({ ...mc, listen: mc.listen });
  } else if (mc) {
    routeScrapes(fastify, metrics, mc);
  }
  // Nothing reads the timings unless metrics are served: then no request pays for them.
  if (mc) timeRequests(fastify, metrics);
}
