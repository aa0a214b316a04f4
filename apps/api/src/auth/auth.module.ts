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
  SettingsRepository,
  UsersRepository,
  UsersService,
} from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { AccountController } from '../account/account.controller';
import { TokensController } from '../tokens/tokens.controller';
import { UsersController } from '../users/users.controller';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import {
  ACCOUNT_SERVICE,
  API_TOKENS_SERVICE,
  AUTH_SERVICE,
  PASSWORD_RESET_SERVICE,
  USERS_SERVICE,
} from './auth.tokens';

/** Accounts, sessions and tokens; its guard protects every route of the API. */
@Module({
  controllers: [AuthController, AccountController, TokensController, UsersController],
  providers: [
    {
      provide: AUTH_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) =>
        new AuthService(
          new UsersRepository(prisma),
          new SessionsRepository(prisma),
          new ApiTokensRepository(prisma),
          new RateLimitRepository(prisma),
          new SettingsRepository(prisma),
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
