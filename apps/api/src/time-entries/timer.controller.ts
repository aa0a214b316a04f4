import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, TimeEntriesService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import {
  HeartbeatResponseDto,
  TimeEntryListResponseDto,
  TimeEntryResponseDto,
  TimerStartDto,
  TimerStopDto,
  TimerPauseDto,
  TimerResumeDto,
} from './time-entries.dto';
import { TIME_ENTRIES_SERVICE } from './time-entries.tokens';

/** The signed-in user's timer. */
@ApiTags('timer')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401, 403)
@Controller('timer')
export class TimerController {
  constructor(@Inject(TIME_ENTRIES_SERVICE) private readonly entries: TimeEntriesService) {}

  /** Starts a timer; with single_active_timer on, a running one stops at the same instant. */
  @Post('start')
  @ApiProblems(409)
  @ZodResponse({ status: 201, type: TimeEntryResponseDto })
  start(@CurrentUser() actor: Principal, @Body() body: TimerStartDto) {
    return this.entries.startTimer(actor, body);
  }

  /** Stops the running timer now, or `at` an earlier time (not before it started). */
  @Post('stop')
  @ApiProblems(409)
  @ZodResponse({ status: 200, type: TimeEntryResponseDto })
  stop(@CurrentUser() actor: Principal, @Body() body: TimerStopDto) {
    return this.entries.stopTimer(actor, body);
  }

  /** Pauses the running timer (409 when none runs or it is already paused). */
  @Post('pause')
  @ApiProblems(409)
  @ZodResponse({ status: 200, type: TimeEntryResponseDto })
  pause(@CurrentUser() actor: Principal, @Body() body: TimerPauseDto) {
    return this.entries.pauseTimer(actor, body);
  }

  /** Resumes the paused timer: the pause becomes a break (409 when it is not paused). */
  @Post('resume')
  @ApiProblems(409)
  @ZodResponse({ status: 200, type: TimeEntryResponseDto })
  resume(@CurrentUser() actor: Principal, @Body() body: TimerResumeDto) {
    return this.entries.resumeTimer(actor, body);
  }

  @Get('active')
  @ZodResponse({ type: TimeEntryListResponseDto })
  async active(@CurrentUser() actor: Principal) {
    return { items: await this.entries.activeTimers(actor) };
  }

  /** "I am still here": keeps running timers from being stopped as idle. */
  @Post('heartbeat')
  @ZodResponse({ status: 200, type: HeartbeatResponseDto })
  heartbeat(@CurrentUser() actor: Principal) {
    return this.entries.heartbeat(actor);
  }
}
