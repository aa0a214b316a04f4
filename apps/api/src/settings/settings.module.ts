import { Module } from '@nestjs/common';
import {
  LogoService,
  SettingsRepository,
  SettingsService,
  type AuthService,
  type UsageService,
} from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { AuthModule } from '../auth/auth.module';
import { AUTH_SERVICE } from '../auth/auth.tokens';
import { PRISMA } from '../database/database.module';
import { UsageModule } from '../usage/usage.module';
import { USAGE_SERVICE } from '../usage/usage.tokens';
import { SettingsLogoController } from './settings-logo.controller';
import { SettingsController } from './settings.controller';
import { LOGO_SERVICE, SETTINGS_SERVICE } from './settings.tokens';

/** The settings row, the company logo, and (through UsageModule) the usage counts it switches. */
@Module({
  imports: [UsageModule, AuthModule],
  controllers: [SettingsController, SettingsLogoController],
  providers: [
    {
      provide: SETTINGS_SERVICE,
      inject: [PRISMA, USAGE_SERVICE, AUTH_SERVICE],
      useFactory: (prisma: PrismaClient, usage: UsageService, auth: AuthService) =>
        // Switching analytics or the 2FA requirement on this replica takes effect at once;
        // others within their cache.
        new SettingsService(new SettingsRepository(prisma), [
          (view) => usage.settingChanged(view.allowAnalytics),
          (view) => auth.twoFactorSettingChanged(view.requireTwoFactor),
        ]),
    },
    {
      provide: LOGO_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new LogoService(new SettingsRepository(prisma)),
    },
  ],
})
export class SettingsModule {}
