import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, UsageService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { UsageQueryDto, UsageResponseDto } from './usage.dto';
import { USAGE_SERVICE } from './usage.tokens';

/** The instance's own usage counts (settings.allowAnalytics), for admins. */
@ApiTags('usage')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401, 403)
@Controller('admin/usage')
@Requires('usage.see')
export class UsageController {
  constructor(@Inject(USAGE_SERVICE) private readonly usage: UsageService) {}

  /** Requests per UTC day and route group; no user or address is ever recorded. */
  @Get()
  @ZodResponse({ type: UsageResponseDto })
  report(@CurrentUser() actor: Principal, @Query() query: UsageQueryDto) {
    return this.usage.report(actor, query);
  }
}
