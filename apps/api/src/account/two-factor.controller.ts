import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, TwoFactorService } from '@timetracker/core';
import { AllowedBeforeTwoFactor, CurrentUser } from '../auth/auth.decorators';
import {
  RecoveryCodesResponseDto,
  TwoFactorConfirmDto,
  TwoFactorEnrolmentResponseDto,
  TwoFactorProofDto,
  TwoFactorStatusResponseDto,
} from '../auth/auth.dto';
import { TWO_FACTOR_SERVICE } from '../auth/auth.tokens';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';

/**
 * The signed-in user's own second factor (TOTP, RFC 6238; docs/security.md "Two-factor
 * authentication"). Open to a session that must enrol before anything else.
 */
@ApiTags('account')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(401)
@Controller('account/two-factor')
@AllowedBeforeTwoFactor()
export class TwoFactorController {
  constructor(@Inject(TWO_FACTOR_SERVICE) private readonly twoFactor: TwoFactorService) {}

  @Get()
  @ZodResponse({ type: TwoFactorStatusResponseDto })
  status(@CurrentUser() actor: Principal) {
    return this.twoFactor.status(actor);
  }

  /**
   * Starts (or restarts) the set-up: a new secret, its otpauth:// URI and QR code. Nothing
   * changes at sign-in until POST /account/two-factor/confirm. 409 while a factor is on.
   */
  @Post('enrol')
  @HttpCode(200)
  @ApiProblems(403, 409)
  @ZodResponse({ status: 200, type: TwoFactorEnrolmentResponseDto })
  enrol(@CurrentUser() actor: Principal) {
    return this.twoFactor.startEnrolment(actor);
  }

  /** Confirms the set-up with the app's current code; answers the ten recovery codes, once. */
  @Post('confirm')
  @HttpCode(200)
  @ApiProblems(400, 403, 409, 429)
  @ZodResponse({ status: 200, type: RecoveryCodesResponseDto })
  confirm(@CurrentUser() actor: Principal, @Body() body: TwoFactorConfirmDto) {
    return this.twoFactor.confirmEnrolment(actor, body.code);
  }

  /**
   * Turns the second factor off: send the password or a current code (403 when wrong; 429 after
   * five wrong ones in 15 minutes). Remembered browsers are forgotten.
   */
  @Post('disable')
  @HttpCode(204)
  @ApiProblems(400, 403, 429)
  async disable(@CurrentUser() actor: Principal, @Body() body: TwoFactorProofDto) {
    await this.twoFactor.disable(actor, body);
  }

  /** Ten new recovery codes (password or a current code); the old ones stop working. */
  @Post('recovery-codes')
  @HttpCode(200)
  @ApiProblems(400, 403, 409, 429)
  @ZodResponse({ status: 200, type: RecoveryCodesResponseDto })
  recoveryCodes(@CurrentUser() actor: Principal, @Body() body: TwoFactorProofDto) {
    return this.twoFactor.regenerateRecoveryCodes(actor, body);
  }
}
