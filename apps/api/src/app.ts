import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiConfig } from '@timetracker/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { serveAdmin } from './admin-static/admin-static';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { requestId } from './logging/request-id';

@Module({})
class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: requestId,
            // Log ids and outcomes, never bodies, cookies or tokens.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => req.url?.startsWith('/api/v1/health') ?? false },
          },
        }),
        DatabaseModule.forRoot(config.databaseUrl),
        HealthModule,
      ],
    };
  }
}

/** Builds the API (not yet listening), shared by main.ts and the tests. */
export async function createApp(config: ApiConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api/v1');
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', true);
  serveAdmin(app, config.adminDistDir);
  return app;
}
