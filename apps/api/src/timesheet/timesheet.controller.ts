import { Body, Controller, Get, Inject, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, TimesheetService } from '@timetracker/core';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import {
  TimesheetCellResultDto,
  TimesheetCellSetDto,
  TimesheetPeopleDto,
  TimesheetPreviousRowsDto,
  TimesheetResponseDto,
  TimesheetWeekQueryDto,
} from './timesheet.dto';
import { TIMESHEET_SERVICE } from './timesheet.tokens';

/**
 * Your week as a grid of project/task rows × days, in your time zone (docs/timesheet.md); with
 * `userId`, another user's for admins and that user's team leads.
 */
@ApiTags('timesheet')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('timesheet')
export class TimesheetController {
  constructor(@Inject(TIMESHEET_SERVICE) private readonly sheets: TimesheetService) {}

  /**
   * One week in one request: days (with their locks), rows, cells and totals (a running timer
   * counts its time so far). Another user's (`userId`): 403 unless admin or their team lead, 404
   * for an unknown user.
   */
  @Get()
  @ApiProblems(403, 404)
  @ZodResponse({ type: TimesheetResponseDto })
  week(@CurrentUser() actor: Principal, @Query() query: TimesheetWeekQueryDto) {
    return this.sheets.week(actor, query);
  }

  /** The rows (project/task) of the week before `week`, without time: "copy last week's rows". */
  @Get('previous-rows')
  @ApiProblems(403, 404)
  @ZodResponse({ type: TimesheetPreviousRowsDto })
  async previousRows(@CurrentUser() actor: Principal, @Query() query: TimesheetWeekQueryDto) {
    return { items: await this.sheets.previousRows(actor, query) };
  }

  /** Whose timesheets you may open (yourself first): the dashboard's picker, shown when it has others. */
  @Get('people')
  @ZodResponse({ type: TimesheetPeopleDto })
  async people(@CurrentUser() actor: Principal) {
    return { items: await this.sheets.people(actor) };
  }

  /**
   * Sets the time of one row on one day. Empty or one manual entry: set to any value (0 deletes
   * it); several entries or a timer's: only more, added as one new entry. Locked (invoiced) or
   * running cells: 409, a locked day (lockdown, submitted or approved week) 409 TIME_LOCKED but
   * for admins. `userId`: another user's cell, as for GET. Answers with what changed and the
   * whole week again.
   */
  @Put('cells')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ type: TimesheetCellResultDto })
  setCell(@CurrentUser() actor: Principal, @Body() body: TimesheetCellSetDto) {
    return this.sheets.setCell(actor, body);
  }
}
