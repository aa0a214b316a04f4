import { Body, Controller, Get, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, SsoService } from '@timetracker/core';
import { CurrentUser } from '../auth/auth.decorators';
import { SsoCheckDto, SsoCheckResponseDto, SsoConfigResponseDto, SsoConfigUpdateDto } from '../auth/auth.dto';
import { SSO_SERVICE } from '../auth/auth.tokens';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';

/** The OpenID Connect settings (docs/sso.md), admins only; the client secret is never returned. */
@ApiTags('sso')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(401, 403)
@Controller('sso/config')
export class SsoConfigController {
  constructor(@Inject(SSO_SERVICE) private readonly sso: SsoService) {}

  @Get()
  @ZodResponse({ type: SsoConfigResponseDto })
  get(@CurrentUser() actor: Principal) {
    return this.sso.getConfig(actor);
  }

  /** Saves the settings (409 when OIDC_* variables configure SSO on this server). */
  @Put()
  @ApiProblems(400, 409)
  @ZodResponse({ type: SsoConfigResponseDto })
  update(@CurrentUser() actor: Principal, @Body() body: SsoConfigUpdateDto) {
    return this.sso.updateConfig(actor, body);
  }

  /** Reads the issuer's discovery document now; 400 with the reason when it fails. */
  @Post('check')
  @HttpCode(200)
  @ApiProblems(400)
  @ZodResponse({ type: SsoCheckResponseDto })
  check(@CurrentUser() actor: Principal, @Body() body: SsoCheckDto) {
    return this.sso.check(actor, body.issuer);
  }
}
