import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../platform/api-problems.decorator';
import type {
  AccountService,
  AuthService,
  PasswordResetService,
  Principal,
  SignedIn,
} from '@timetracker/core';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodResponse } from '../platform/zod-response';
import { AllowedBeforeTwoFactor, CurrentUser, Public } from './auth.decorators';
import {
  AuthOptionsResponseDto,
  LoginDto,
  LoginResponseDto,
  SecondFactorDto,
  PasswordResetCheckDto,
  PasswordResetDto,
  PasswordResetRequestDto,
  PasswordResetRequestedResponseDto,
  PasswordResetResponseDto,
  RegisterDto,
  SessionResponseDto,
  UserResponseDto,
} from './auth.dto';
import {
  ACCOUNT_SERVICE,
  AUTH_SERVICE,
  CSRF_COOKIE,
  DEVICE_COOKIE,
  SECOND_STEP_COOKIE,
  PASSWORD_RESET_SERVICE,
  SESSION_COOKIE,
} from './auth.tokens';

function cookieOptions(req: FastifyRequest, expires: Date, httpOnly: boolean): CookieSerializeOptions {
  // Secure whenever the request arrived over https (directly or, with TRUST_PROXY, via a proxy).
  return { httpOnly, sameSite: 'lax', secure: req.protocol === 'https', path: '/', expires };
}

@ApiTags('auth')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(AUTH_SERVICE) private readonly auth: AuthService,
    @Inject(ACCOUNT_SERVICE) private readonly account: AccountService,
    @Inject(PASSWORD_RESET_SERVICE) private readonly passwordReset: PasswordResetService,
  ) {}

  /** What a signed-out visitor may do (whether sign-up is open), so the sign-in page can offer it. */
  @Public()
  @Get('options')
  @ZodResponse({ type: AuthOptionsResponseDto })
  options() {
    return this.auth.signInOptions();
  }

  /**
   * Signs in with username and password; sets the httpOnly session cookie. A user with a second
   * factor (unless this browser is remembered) gets `secondFactorRequired: true` and the
   * httpOnly tt_2fa cookie instead: the code goes to POST /auth/login/second-factor.
   */
  @Public()
  @Post('login')
  @ApiProblems(400, 401, 429)
  @ZodResponse({
    status: 200,
    type: LoginResponseDto,
    description: 'Signed in (the session cookie is set), or the second step is due',
  })
  async login(
    @Body() body: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.auth.login(body, this.clientOf(req));
    if ('challengeToken' in result) {
      res.setCookie(SECOND_STEP_COOKIE, result.challengeToken, cookieOptions(req, result.expiresAt, true));
      return { secondFactorRequired: true };
    }
    return { ...(await this.signedIn(req, res, result)), secondFactorRequired: false };
  }

  /**
   * The second step of a sign-in: the authenticator's current code or one recovery code, within
   * five minutes of the password. Counted by the sign-in limits (429). A code is accepted once.
   */
  @Public()
  @Post('login/second-factor')
  @ApiProblems(400, 401, 429)
  @ZodResponse({ status: 200, type: SessionResponseDto, description: 'Signed in; the session cookie is set' })
  async secondFactor(
    @Body() body: SecondFactorDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const signedIn = await this.auth.secondStep(req.cookies[SECOND_STEP_COOKIE], body, this.clientOf(req));
    res.clearCookie(SECOND_STEP_COOKIE, cookieOptions(req, new Date(0), true));
    if (signedIn.deviceToken) {
      res.setCookie(
        DEVICE_COOKIE,
        signedIn.deviceToken.token,
        cookieOptions(req, signedIn.deviceToken.expiresAt, true),
      );
    }
    return this.signedIn(req, res, signedIn);
  }

  private clientOf(req: FastifyRequest) {
    return { ip: req.ip, userAgent: req.headers['user-agent'], deviceToken: req.cookies[DEVICE_COOKIE] };
  }

  private async signedIn(req: FastifyRequest, res: FastifyReply, signedIn: SignedIn) {
    res.setCookie(SESSION_COOKIE, signedIn.sessionToken, cookieOptions(req, signedIn.expiresAt, true));
    res.setCookie(CSRF_COOKIE, signedIn.csrfToken, cookieOptions(req, signedIn.expiresAt, false));
    return {
      user: signedIn.user,
      preferences: await this.account.preferencesOf(signedIn.user.id),
      csrfToken: signedIn.csrfToken,
      twoFactorEnrolmentRequired: signedIn.twoFactorEnrolmentRequired,
    };
  }

  /** Ends this browser session (API tokens are revoked through /tokens instead). */
  @Post('logout')
  @AllowedBeforeTwoFactor()
  @HttpCode(204)
  @ApiProblems(401, 403)
  async logout(
    @CurrentUser() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    await this.auth.logout(principal);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req, new Date(0), true));
    res.clearCookie(CSRF_COOKIE, cookieOptions(req, new Date(0), false));
  }

  @Get('me')
  @AllowedBeforeTwoFactor()
  @ApiProblems(401)
  @ZodResponse({ type: SessionResponseDto })
  async me(@CurrentUser() principal: Principal) {
    const [user, preferences] = await Promise.all([
      this.auth.me(principal),
      this.account.preferences(principal),
    ]);
    return {
      user,
      preferences,
      csrfToken: principal.csrfToken ?? null,
      twoFactorEnrolmentRequired: principal.twoFactorEnrolmentRequired ?? false,
    };
  }

  /** Open sign-up, only while settings.allow_self_register is true; creates a plain user. */
  @Public()
  @Post('register')
  @ApiProblems(400, 403, 409)
  @ZodResponse({ status: 201, type: UserResponseDto, description: 'Account created; sign in next' })
  register(@Body() body: RegisterDto) {
    return this.auth.register(body);
  }

  /**
   * Mails a single-use reset link (valid 1 hour) to the account's address. The answer is the
   * same whether or not the account exists; rate-limited per address and per account like sign-in.
   */
  @Public()
  @Post('password-reset/request')
  @HttpCode(202)
  @ApiProblems(400, 429)
  @ZodResponse({ status: 202, type: PasswordResetRequestedResponseDto, description: 'Accepted' })
  async requestPasswordReset(@Body() body: PasswordResetRequestDto, @Req() req: FastifyRequest) {
    await this.passwordReset.requestReset(body.login, { ip: req.ip });
    return { accepted: true as const };
  }

  /** Whether a mailed link (reset or invitation) still works, before a password is typed. */
  @Public()
  @Post('password-reset/check')
  @HttpCode(200)
  @ApiProblems(400)
  @ZodResponse({ status: 200, type: PasswordResetResponseDto })
  checkPasswordReset(@Body() body: PasswordResetCheckDto) {
    return this.passwordReset.checkToken(body.token);
  }

  /**
   * Sets a new password with a mailed link (reset or invitation), following the password policy;
   * the link is used up and every session and API token of the account ends.
   */
  @Public()
  @Post('password-reset')
  @HttpCode(200)
  @ApiProblems(400)
  @ZodResponse({ status: 200, type: PasswordResetResponseDto, description: 'Password set; sign in next' })
  resetPassword(@Body() body: PasswordResetDto) {
    return this.passwordReset.resetPassword(body.token, body.password);
  }
}
