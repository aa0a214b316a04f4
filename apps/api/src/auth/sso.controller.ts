import { Controller, Get, HttpCode, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SsoFailed, type AuthService, type Principal, type SsoService } from '@timetracker/core';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import { AllowedBeforeTwoFactor, CurrentUser, Public } from './auth.decorators';
import { SsoLogoutResponseDto } from './auth.dto';
import { AUTH_SERVICE, CSRF_COOKIE, SESSION_COOKIE, SSO_COOKIE, SSO_SERVICE } from './auth.tokens';

function cookieOptions(req: FastifyRequest, expires: Date, httpOnly: boolean): CookieSerializeOptions {
  return { httpOnly, sameSite: 'lax', secure: req.protocol === 'https', path: '/', expires };
}

/** Where a failed SSO sign-in lands: the sign-in page, which explains the reason. */
const failedAt = (reason: string) => `/sign-in?sso_error=${encodeURIComponent(reason)}`;

/**
 * OpenID Connect sign-in (docs/sso.md). Browser navigations, not XHR: they answer redirects,
 * and a failure is a redirect to the sign-in page with `sso_error` (never a 500 page).
 */
@ApiTags('auth')
@Controller('auth/sso')
export class SsoController {
  private readonly logger = new Logger(SsoController.name);

  constructor(
    @Inject(SSO_SERVICE) private readonly sso: SsoService,
    @Inject(AUTH_SERVICE) private readonly auth: AuthService,
  ) {}

  /** Sends the browser to the provider (authorization code flow with PKCE, state and nonce). */
  @Public()
  @Get('start')
  @ApiResponse({ status: 303, description: "To the provider's sign-in, or to /sign-in?sso_error=…" })
  async start(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    try {
      const started = await this.sso.start();
      res.setCookie(SSO_COOKIE, started.cookieToken, cookieOptions(req, started.expiresAt, true));
      return res.redirect(started.url, 303);
    } catch (error) {
      return this.failed(req, res, error);
    }
  }

  /** The provider's redirect back: checks everything, then sets the session cookie and goes to /. */
  @Public()
  @Get('callback')
  @ApiResponse({ status: 303, description: 'Signed in (to /), or to /sign-in?sso_error=…' })
  async callback(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    res.clearCookie(SSO_COOKIE, cookieOptions(req, new Date(0), true));
    try {
      const query = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '');
      const signedIn = await this.sso.finish(req.cookies[SSO_COOKIE], query, {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      res.setCookie(SESSION_COOKIE, signedIn.sessionToken, cookieOptions(req, signedIn.expiresAt, true));
      res.setCookie(CSRF_COOKIE, signedIn.csrfToken, cookieOptions(req, signedIn.expiresAt, false));
      return res.redirect('/', 303);
    } catch (error) {
      return this.failed(req, res, error);
    }
  }

  /**
   * Ends this browser session, like POST /auth/logout, and names the provider's logout page
   * when the session came from SSO and the provider has one (end_session_endpoint).
   */
  @Post('logout')
  @AllowedBeforeTwoFactor()
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @ApiCookieAuth('session')
  @ApiProblems(401, 403)
  @ZodResponse({ status: 200, type: SsoLogoutResponseDto })
  async logout(
    @CurrentUser() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const endSessionUrl = await this.sso.endSessionUrl(principal).catch(() => null);
    await this.auth.logout(principal);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req, new Date(0), true));
    res.clearCookie(CSRF_COOKIE, cookieOptions(req, new Date(0), false));
    return { endSessionUrl };
  }

  private failed(req: FastifyRequest, res: FastifyReply, error: unknown) {
    if (!(error instanceof SsoFailed)) throw error;
    // The reason for the admin's log; the browser gets only its code.
    this.logger.warn({ ssoFailure: error.reason, detail: error.message }, 'SSO sign-in failed');
    return res.redirect(failedAt(error.reason), 303);
  }
}
