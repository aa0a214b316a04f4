import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  AccountRepository,
  AccountService,
  ApiTokensRepository,
  ApiTokensService,
  AuthService,
  PasswordResetService,
  PasswordTokensRepository,
  RateLimitRepository,
  SessionsRepository,
  SecretBox,
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
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import {
  ACCOUNT_SERVICE,
  API_TOKENS_SERVICE,
  AUTH_SERVICE,
  TWO_FACTOR_SERVICE,
  PASSWORD_RESET_SERVICE,
  USERS_SERVICE,
} from './auth.tokens';

/** Accounts, sessions and tokens; its guard protects every route of the API. */
@Module({
  controllers: [AuthController, AccountController, TwoFactorController, TokensController, UsersController],
  providers: [
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
      inject: [PRISMA, TWO_FACTOR_SERVICE],
      useFactory: (prisma: PrismaClient, twoFactor: TwoFactorService) =>
        new AuthService(
          new UsersRepository(prisma),
          new SessionsRepository(prisma),
          new ApiTokensRepository(prisma),
          new RateLimitRepository(prisma),
          new SettingsRepository(prisma),
          twoFactor,
          new TwoFactorRepository(prisma),
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
