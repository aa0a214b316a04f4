import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CalendarFeedService, Principal } from '@timetracker/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import {
  CalendarFeedCreatedResponseDto,
  CalendarFeedResponseDto,
  CalendarFeedTokenParamDto,
} from './calendar-feed.dto';
import { CALENDAR_FEED_SERVICE } from './calendar-feed.tokens';

/** The signed-in user's own calendar feed URL: on, regenerated, off. */
@ApiTags('account')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(401)
@Controller('account/calendar-feed')
export class CalendarFeedSettingsController {
  constructor(@Inject(CALENDAR_FEED_SERVICE) private readonly feeds: CalendarFeedService) {}

  /** Whether the user has a feed and whether admins allow feeds at all (the URL is not shown again). */
  @Get()
  @ZodResponse({ type: CalendarFeedResponseDto })
  status(@CurrentUser() actor: Principal) {
    return this.feeds.status(actor);
  }

  /**
   * Turns the feed on, or makes a new URL (the old one stops working at once). The URL is in this
   * response only. 403 when an admin turned calendar feeds off.
   */
  @Post()
  @ApiProblems(403)
  @ZodResponse({ status: 201, type: CalendarFeedCreatedResponseDto })
  create(@CurrentUser() actor: Principal) {
    return this.feeds.create(actor);
  }

  /** Turns the feed off: its URL answers 404 from now on. */
  @Delete()
  @HttpCode(200)
  @ApiProblems(403)
  @ZodResponse({ status: 200, type: CalendarFeedResponseDto })
  revoke(@CurrentUser() actor: Principal) {
    return this.feeds.revoke(actor);
  }
}

/** The feed itself: no sign-in, the secret token in the URL is the credential. */
@ApiTags('calendar-feed')
@Controller('calendar-feed')
export class CalendarFeedController {
  constructor(@Inject(CALENDAR_FEED_SERVICE) private readonly feeds: CalendarFeedService) {}

  /**
   * The user's finished entries of the last 6 months (at most 5000, the newest) as iCalendar
   * (RFC 5545) in UTC; running timers are left out. An unknown, revoked or malformed token, a
   * deactivated user and feeds turned off by an admin all answer 404. 60 fetches per feed per
   * hour, then 429 with Retry-After.
   */
  @Public()
  @Get(':token')
  @ApiProduces('text/calendar')
  @ApiProblems(404, 429)
  @ApiResponse({
    status: 200,
    description: 'The calendar (VCALENDAR with one VEVENT per entry)',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  async feed(
    @Param() params: CalendarFeedTokenParamDto,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ) {
    const body = await this.feeds.render(params.token, req.hostname.replace(/:\d+$/, '') || 'timetracker');
    await res
      .header('Content-Type', 'text/calendar; charset=utf-8')
      .header('Content-Disposition', 'inline; filename="timetracker.ics"')
      .header('Cache-Control', 'private, max-age=300')
      .header('X-Robots-Tag', 'noindex')
      .send(body);
  }
}
