import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, SetupService } from '@timetracker/core';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import { SetupResponseDto } from './setup.dto';
import { SETUP_SERVICE } from './setup.tokens';

/** The first-run checklist admins see on a fresh install. */
@ApiTags('setup')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(401, 403)
@Controller('setup')
@Requires('setup.see')
export class SetupController {
  constructor(@Inject(SETUP_SERVICE) private readonly setup: SetupService) {}

  @Get()
  @ZodResponse({ type: SetupResponseDto })
  checklist(@CurrentUser() actor: Principal) {
    return this.setup.checklist(actor);
  }

  /** Puts the checklist away; only once every item is done (409 before). */
  @Post('dismiss')
  @HttpCode(200)
  @ApiProblems(409)
  @ZodResponse({ status: 200, type: SetupResponseDto })
  dismiss(@CurrentUser() actor: Principal) {
    return this.setup.dismiss(actor);
  }
}
