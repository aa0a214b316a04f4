import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  AccountRepository,
  AccountService,
  ApiTokensRepository,
  ApiTokensService,
  AuthService,
  DEFAULT_AUTH_OPTIONS,
  PasswordResetService,
  PasswordTokensRepository,
  RateLimitRepository,
  SessionsRepository,
  SecretBox,
  SsoConfigSource,
  SsoRepository,
  SsoService,
  SettingsRepository,
  TwoFactorRepository,
  TwoFactorService,
  UsersRepository,
  UsersService,
  type ApiConfig,
} from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { API_CONFIG } from '../platform/config.module';
import { AccountController } from '../account/account.controller';
import { TwoFactorController } from '../account/two-factor.controller';
import { TokensController } from '../tokens/tokens.controller';
import { UsersController } from '../users/users.controller';
import { SsoConfigController } from '../sso/sso-config.controller';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { SsoController } from './sso.controller';
import {
  ACCOUNT_SERVICE,
  API_TOKENS_SERVICE,
  AUTH_SERVICE,
  SSO_CONFIG_SOURCE,
  SSO_SERVICE,
  TWO_FACTOR_SERVICE,
  PASSWORD_RESET_SERVICE,
  USERS_SERVICE,
} from './auth.tokens';

/** Accounts, sessions and tokens; its guard protects every route of the API. */
@Module({
  controllers: [
    AuthController,
    SsoController,
    SsoConfigController,
    AccountController,
    TwoFactorController,
    TokensController,
    UsersController,
  ],
  providers: [
    {
      provide: SSO_CONFIG_SOURCE,
      inject: [PRISMA, API_CONFIG],
      useFactory: (prisma: PrismaClient, config: ApiConfig) =>
        new SsoConfigSource(
          new SsoRepository(prisma),
          new SecretBox(config.twoFactorKey),
          config.oidc,
          config.oidcBreakGlassUser,
        ),
    },
    {
      provide: SSO_SERVICE,
      inject: [PRISMA, API_CONFIG, SSO_CONFIG_SOURCE],
      useFactory: (prisma: PrismaClient, config: ApiConfig, source: SsoConfigSource) =>
        new SsoService(
          new SsoRepository(prisma),
          new UsersRepository(prisma),
          source,
          new SecretBox(config.twoFactorKey),
          {
            publicUrl: config.publicUrl,
            sessionTtlMs: DEFAULT_AUTH_OPTIONS.sessionTtlMs,
            pendingTtlMs: 10 * 60_000,
          },
        ),
    },
    {
      provide: TWO_FACTOR_SERVICE,
      inject: [PRISMA, API_CONFIG],
      useFactory: (prisma: PrismaClient, config: ApiConfig) =>
        new TwoFactorService(
          new TwoFactorRepository(prisma),
          new UsersRepository(prisma),
          new SettingsRepository(prisma),
          new RateLimitRepository(prisma),
          new SecretBox(config.twoFactorKey),
        ),
    },
    {
      provide: AUTH_SERVICE,
      inject: [PRISMA, TWO_FACTOR_SERVICE, SSO_CONFIG_SOURCE],
      useFactory: (prisma: PrismaClient, twoFactor: TwoFactorService, sso: SsoConfigSource) =>
        new AuthService(
          new UsersRepository(prisma),
          new SessionsRepository(prisma),
          new ApiTokensRepository(prisma),
          new RateLimitRepository(prisma),
          new SettingsRepository(prisma),
          twoFactor,
          new TwoFactorRepository(prisma),
          sso,
        ),
    },
    {
      provide: USERS_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new UsersService(new UsersRepository(prisma)),
    },
    {
      provide: API_TOKENS_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new ApiTokensService(new ApiTokensRepository(prisma)),
    },
    {
      provide: ACCOUNT_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new AccountService(new AccountRepository(prisma), new RateLimitRepository(prisma)),
    },
    {
      provide: PASSWORD_RESET_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new PasswordResetService(
          new UsersRepository(prisma),
          new PasswordTokensRepository(prisma),
          new RateLimitRepository(prisma),
        ),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AUTH_SERVICE],
})
export class AuthModule {}
