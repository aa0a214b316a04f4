import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { AccountService, Principal, UsersService } from '@timetracker/core';
import { CurrentUser } from '../auth/auth.decorators';
import { ACCOUNT_SERVICE, USERS_SERVICE } from '../auth/auth.tokens';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import {
  AccountSessionIdParamDto,
  AccountSessionListResponseDto,
  MailSettingsResponseDto,
  MailSettingsUpdateDto,
  PasswordChangeDto,
  PasswordChangeResponseDto,
  PreferencesResponseDto,
  PreferencesUpdateDto,
  SignOutOthersResponseDto,
} from './account.dto';

/** The signed-in user's own account: preferences, address, password and browser sessions. */
@ApiTags('account')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(401)
@Controller('account')
export class AccountController {
  constructor(
    @Inject(ACCOUNT_SERVICE) private readonly account: AccountService,
    @Inject(USERS_SERVICE) private readonly users: UsersService,
  ) {}

  /** The own address and mail choices (docs/email.md). */
  @Get('mail')
  @ZodResponse({ type: MailSettingsResponseDto })
  mail(@CurrentUser() actor: Principal) {
    return this.users.mailSettings(actor);
  }

  /**
   * Sets the own address (stored trimmed and lowercased; 409 when another user has it; null
   * removes it, and with it every mail) and the weekly digest opt-out. Only the fields sent change.
   */
  @Patch('mail')
  @ApiProblems(400, 403, 409)
  @ZodResponse({ type: MailSettingsResponseDto })
  updateMail(@CurrentUser() actor: Principal, @Body() body: MailSettingsUpdateDto) {
    return this.users.updateMailSettings(actor, body);
  }

  @Get('preferences')
  @ZodResponse({ type: PreferencesResponseDto })
  preferences(@CurrentUser() actor: Principal) {
    return this.account.preferences(actor);
  }

  /** Changes only the fields sent; null puts a field back to its default (time zone: the company's). */
  @Patch('preferences')
  @ApiProblems(400, 403)
  @ZodResponse({ type: PreferencesResponseDto })
  updatePreferences(@CurrentUser() actor: Principal, @Body() body: PreferencesUpdateDto) {
    return this.account.updatePreferences(actor, body);
  }

  /**
   * Changes the own password (the current one is required: 403 when wrong, 400 when the new one
   * breaks the policy). Every other browser
   * session ends and every API token is revoked; the credential of this request stays. After 5
   * wrong current passwords in 15 minutes the account's checks are refused (429, Retry-After).
   */
  @Put('password')
  @ApiProblems(400, 403, 409, 429)
  @ZodResponse({ type: PasswordChangeResponseDto })
  changePassword(@CurrentUser() actor: Principal, @Body() body: PasswordChangeDto) {
    return this.account.changePassword(actor, body);
  }

  /** The user's live browser sessions, the most recently used first. */
  @Get('sessions')
  @ZodResponse({ type: AccountSessionListResponseDto })
  async sessions(@CurrentUser() actor: Principal) {
    return { items: await this.account.sessions(actor) };
  }

  /** Signs every other browser session of the user out (API tokens stay: see /tokens). */
  @Post('sessions/end-others')
  @HttpCode(200)
  @ApiProblems(403)
  @ZodResponse({ status: 200, type: SignOutOthersResponseDto })
  endOthers(@CurrentUser() actor: Principal) {
    return this.account.endOtherSessions(actor);
  }

  /** Signs one of the user's sessions out; another user's session is a 404. */
  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiProblems(400, 403, 404)
  async endSession(@CurrentUser() actor: Principal, @Param() params: AccountSessionIdParamDto) {
    await this.account.endSession(actor, params.id);
  }
}
