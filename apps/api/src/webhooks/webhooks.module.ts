import { Module } from '@nestjs/common';
import { WebhooksRepository, WebhooksService, type ApiConfig } from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { API_CONFIG } from '../platform/config.module';
import { WebhooksController } from './webhooks.controller';
import { WEBHOOKS_SERVICE } from './webhooks.tokens';

/** Webhooks: the API keeps subscriptions and shows the log; the workers deliver (docs/webhooks.md). */
@Module({
  controllers: [WebhooksController],
  providers: [
    {
      provide: WEBHOOKS_SERVICE,
      inject: [PRISMA, API_CONFIG],
      useFactory: (prisma: PrismaClient, config: ApiConfig) =>
        new WebhooksService(new WebhooksRepository(prisma), {
          allowPrivate: config.webhookAllowPrivate,
          ...(config.twoFactorKey ? { secretKey: config.twoFactorKey } : {}),
        }),
    },
  ],
})
export class WebhooksModule {}
