import { Body, Controller, Get, Inject, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, TimesheetService } from '@timetracker/core';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import {
  TimesheetCellResultDto,
  TimesheetCellSetDto,
  TimesheetPreviousRowsDto,
  TimesheetResponseDto,
  TimesheetWeekQueryDto,
} from './timesheet.dto';
import { TIMESHEET_SERVICE } from './timesheet.tokens';

/** Your week as a grid of project/task rows × days, in your time zone (docs/timesheet.md). */
@ApiTags('timesheet')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('timesheet')
export class TimesheetController {
  constructor(@Inject(TIMESHEET_SERVICE) private readonly sheets: TimesheetService) {}

  /** One week in one request: days, rows, cells and totals (a running timer counts its time so far). */
  @Get()
  @ZodResponse({ type: TimesheetResponseDto })
  week(@CurrentUser() actor: Principal, @Query() query: TimesheetWeekQueryDto) {
    return this.sheets.week(actor, query);
  }

  /** The rows (project/task) of the week before `week`, without time: "copy last week's rows". */
  @Get('previous-rows')
  @ZodResponse({ type: TimesheetPreviousRowsDto })
  async previousRows(@CurrentUser() actor: Principal, @Query() query: TimesheetWeekQueryDto) {
    return { items: await this.sheets.previousRows(actor, query) };
  }

  /**
   * Sets the time of one row on one day. Empty or one manual entry: set to any value (0 deletes
   * it); several entries or a timer's: only more, added as one new entry. Locked (invoiced) or
   * running cells: 409. Answers with what changed and the whole week again.
   */
  @Put('cells')
  @ApiProblems(409)
  @ZodResponse({ type: TimesheetCellResultDto })
  setCell(@CurrentUser() actor: Principal, @Body() body: TimesheetCellSetDto) {
    return this.sheets.setCell(actor, body);
  }
}
