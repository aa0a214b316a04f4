import { BudgetsModule } from './budgets/budgets.module';
import 'reflect-metadata';
import { Module, RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ApiConfig,
  prettyLogStream,
  quietNestStartup,
  REQUEST_LOG_SERIALIZERS,
} from '@timetracker/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { serveAdmin } from './admin-static/admin-static';
import { DatabaseModule } from './database/database.module';
import { AuthModule } from './auth/auth.module';
import { ClientsModule } from './clients/clients.module';
import { ProjectsModule } from './projects/projects.module';
import { HealthModule } from './health/health.module';
import { TasksModule } from './tasks/tasks.module';
import { TimeEntriesModule } from './time-entries/time-entries.module';
import { TagsModule } from './tags/tags.module';
import { SetupModule } from './setup/setup.module';
import { FavouritesModule } from './favourites/favourites.module';
import { TimesheetModule } from './timesheet/timesheet.module';
import { CalendarModule } from './calendar/calendar.module';
import { CalendarFeedModule } from './calendar-feed/calendar-feed.module';
import { TeamsModule } from './teams/teams.module';
import { logsEachRequest } from './logging/request-id';
import { ApiFastifyAdapter } from './platform/fastify-adapter';
import { applyHttpPlatform, KEEP_ALIVE_TIMEOUT_MS } from './platform/http';
import { serveOpenApi } from './platform/openapi';
import { ConfigModule } from './platform/config.module';
import { PlatformModule } from './platform/platform.module';
import { SettingsModule } from './settings/settings.module';
import { ReportsModule } from './reports/reports.module';
import { ExportsModule } from './exports/exports.module';
import { InvoicesModule } from './invoices/invoices.module';
import { MetricsModule, serveMetrics } from './metrics/metrics.module';
import { BackupsModule } from './backups/backups.module';
import { ImportsModule } from './imports/imports.module';
import { SystemModule } from './system/system.module';
import { RatesModule } from './rates/rates.module';
import { countUsage } from './usage/usage.http';
import { acceptLogoUploads } from './settings/logo-upload';
import { AuditModule } from './audit/audit.module';
import { ApprovalsModule } from './approvals/approvals.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export type AppModuleImport = Type | DynamicModule;

/** The API application: Nest on Fastify. */
export type ApiApp = NestFastifyApplication;

/** The API's feature modules: add a domain's module here and its routes are served and documented. */
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
  ImportsModule,
  SystemModule,
  RatesModule,
  FavouritesModule,
  TagsModule,
  SetupModule,
  TimesheetModule,
  CalendarModule,
  CalendarFeedModule,
  AuditModule,
  ApprovalsModule,
  BudgetsModule,
  TeamsModule,
  WebhooksModule,
];

@Module({})
class AppModule {
  static forRoot(config: ApiConfig, extraModules: AppModuleImport[]): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.logLevel,
              serializers: REQUEST_LOG_SERIALIZERS,
              hooks: quietNestStartup(config.logLevel),
              // Log ids and outcomes, never bodies, cookies or tokens.
              redact: [
                'req.headers.authorization',
                'req.headers.cookie',
                'req.headers["x-csrf-token"]',
                'res.headers["set-cookie"]',
              ],
              autoLogging: { ignore: (req) => req.url?.startsWith('/api/v1/health') ?? false },
            },
            config.logFormat === 'pretty' ? prettyLogStream() : process.stdout,
          ],
          // Nest 11's wildcard: nestjs-pino's default '*' makes Nest warn "LegacyRouteConverter:
          // Unsupported route path" at every start. No routes: no per-request logger when its
          // lines would not be written anyway.
          forRoutes: logsEachRequest(config.logLevel) ? [{ path: '{*path}', method: RequestMethod.ALL }] : [],
        }),
        ConfigModule.forRoot(config),
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
export async function createApp(config: ApiConfig, extraModules: AppModuleImport[] = []): Promise<ApiApp> {
  const adapter = new ApiFastifyAdapter({
    bodyLimitBytes: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
    checkResponses: config.nodeEnv !== 'production',
  });
  // bodyParser: false keeps Nest from adding its JSON and form parsers to the adapter's own.
  const app = await NestFactory.create<ApiApp>(AppModule.forRoot(config, extraModules), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // What Nest buffered while building goes out now: listen() would flush it, but the tests and
  // scripts only init() the app, and its Logger lines (a 500's cause among them) stayed buffered.
  app.flushLogs();
  app.setGlobalPrefix('api/v1');
  await applyHttpPlatform(app, config);
  serveMetrics(app, config);
  countUsage(app);
  await acceptLogoUploads(app);
  serveOpenApi(app);
  await serveAdmin(app, config.adminDistDir);
  return app;
}
