import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { CalendarService, Principal } from '@timetracker/core';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import { CalendarQueryDto, CalendarResponseDto } from './calendar.dto';
import { CALENDAR_SERVICE } from './calendar.tokens';

/** The calendar's days; blocks are changed through /time-entries like any other edit. */
@ApiTags('calendar')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('calendar')
export class CalendarController {
  constructor(@Inject(CALENDAR_SERVICE) private readonly calendar: CalendarService) {}

  /**
   * One user's entries from `from` to `to` (days in the viewer's time zone, at most 42) in one
   * request: every entry overlapping those days, the running timer included. Another user's
   * calendar: admins only (403 for others, 404 for an unknown user).
   */
  @Get()
  @ApiProblems(403, 404)
  @ZodResponse({ type: CalendarResponseDto })
  range(@CurrentUser() actor: Principal, @Query() query: CalendarQueryDto) {
    return this.calendar.range(actor, query);
  }
}
