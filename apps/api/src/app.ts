import 'reflect-metadata';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiConfig } from '@timetracker/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { serveAdmin } from './admin-static/admin-static';
import { DatabaseModule } from './database/database.module';
import { AuthModule } from './auth/auth.module';
import { ClientsModule } from './clients/clients.module';
import { ProjectsModule } from './projects/projects.module';
import { HealthModule } from './health/health.module';
import { TasksModule } from './tasks/tasks.module';
import { TimeEntriesModule } from './time-entries/time-entries.module';
import { assignRequestId, logsEachRequest } from './logging/request-id';
import { ApiExpressAdapter } from './platform/express-adapter';
import { applyHttpPlatform } from './platform/http';
import { serveOpenApi } from './platform/openapi';
import { PlatformModule } from './platform/platform.module';
import { SettingsModule } from './settings/settings.module';
import { ReportsModule } from './reports/reports.module';
import { ExportsModule } from './exports/exports.module';
import { InvoicesModule } from './invoices/invoices.module';
import { MetricsModule, serveMetrics } from './metrics/metrics.module';
import { BackupsModule } from './backups/backups.module';
import { SystemModule } from './system/system.module';
import { countUsage } from './usage/usage.http';

export type AppModuleImport = Type | DynamicModule;

/**
 * The API's feature modules: add a domain's module here and its routes are served and documented.
 * Express tries routes in this order, so the most requested ones (entries and timers) come first.
 */
const FEATURE_MODULES: AppModuleImport[] = [
  TimeEntriesModule,
  HealthModule,
  AuthModule,
  TasksModule,
  ClientsModule,
  ProjectsModule,
  SettingsModule,
  ReportsModule,
  ExportsModule,
  InvoicesModule,
  MetricsModule,
  BackupsModule,
  SystemModule,
];

@Module({})
class AppModule {
  static forRoot(config: ApiConfig, extraModules: AppModuleImport[]): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Log ids and outcomes, never bodies, cookies or tokens.
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-csrf-token"]',
              'res.headers["set-cookie"]',
            ],
            autoLogging: { ignore: (req) => req.url?.startsWith('/api/v1/health') ?? false },
          },
          // No routes: no per-request logger when its lines would not be written anyway.
          ...(logsEachRequest(config.logLevel) ? {} : { forRoutes: [] }),
        }),
        DatabaseModule.forRoot(config.databaseUrl, config.databaseReplicaUrl),
        PlatformModule,
        ...FEATURE_MODULES,
        ...extraModules,
      ],
    };
  }
}

/**
 * Builds the API (not yet listening), shared by main.ts, the OpenAPI script and the tests.
 * Nothing connects to the database here: Prisma connects on the first query.
 * `extraModules` lets tests mount controllers of their own next to the real ones.
 */
export async function createApp(
  config: ApiConfig,
  extraModules: AppModuleImport[] = [],
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, extraModules),
    new ApiExpressAdapter(config.nodeEnv !== 'production'),
    {
      bufferLogs: true,
      // applyHttpPlatform registers the one JSON parser, with the configured limit.
      bodyParser: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.use(assignRequestId);
  app.setGlobalPrefix('api/v1');
  serveMetrics(app, config);
  countUsage(app);
  applyHttpPlatform(app, config);
  serveOpenApi(app);
  serveAdmin(app, config.adminDistDir);
  return app;
}
