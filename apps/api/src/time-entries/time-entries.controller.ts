import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, TimeEntriesService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import {
  RecentCombinationListDto,
  RecentCombinationsQueryDto,
  TimeEntryBulkCreateDto,
  TimeEntryDuplicateDto,
  TimeEntryCreateDto,
  TimeEntryIdParamDto,
  TimeEntryListQueryDto,
  TimeEntryListResponseDto,
  TimeEntryPageDto,
  TimeEntryResponseDto,
  TimeEntryUpdateDto,
} from './time-entries.dto';
import { TIME_ENTRIES_SERVICE } from './time-entries.tokens';

/** Your own time (admins: anyone's). Another user's entry reads as 404. */
@ApiTags('time-entries')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('time-entries')
export class TimeEntriesController {
  constructor(@Inject(TIME_ENTRIES_SERVICE) private readonly entries: TimeEntriesService) {}

  @Get()
  @ApiProblems(403)
  @ZodResponse({ type: TimeEntryPageDto })
  list(@CurrentUser() actor: Principal, @Query() query: TimeEntryListQueryDto) {
    const { page, pageSize, sort, cursor, ...filter } = query;
    return this.entries.list(actor, filter, { page, pageSize, sort, cursor });
  }

  /** A manual entry (start and end); admins may set userId to record time for someone else. */
  @Post()
  @ApiProblems(403, 409)
  @ZodResponse({ status: 201, type: TimeEntryResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: TimeEntryCreateDto) {
    return this.entries.create(actor, body);
  }

  /** One entry per day from `from` to `to`, at the same local times, optionally skipping weekends. */
  @Post('bulk')
  @ApiProblems(403, 409)
  @ZodResponse({ status: 201, type: TimeEntryListResponseDto })
  async bulk(@CurrentUser() actor: Principal, @Body() body: TimeEntryBulkCreateDto) {
    return { items: await this.entries.bulkCreate(actor, body) };
  }

  /** Your newest distinct project/task/notes/tags combinations (to start one again). */
  @Get('recent-combinations')
  @ZodResponse({ type: RecentCombinationListDto })
  async recent(@CurrentUser() actor: Principal, @Query() query: RecentCombinationsQueryDto) {
    return { items: await this.entries.recentCombinations(actor, query.limit) };
  }

  /**
   * Starts a timer with the entry's project, task, notes, tags and billable flag (the timer
   * start's rules: with single_active_timer on, a running timer stops at the same instant).
   */
  @Post(':id/continue')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 201, type: TimeEntryResponseDto })
  continue(@CurrentUser() actor: Principal, @Param() params: TimeEntryIdParamDto) {
    return this.entries.continueEntry(actor, params.id);
  }

  /** A copy of a finished entry on `date`, at the same local times (the viewer's zone). */
  @Post(':id/duplicate')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ status: 201, type: TimeEntryResponseDto })
  duplicate(
    @CurrentUser() actor: Principal,
    @Param() params: TimeEntryIdParamDto,
    @Body() body: TimeEntryDuplicateDto,
  ) {
    return this.entries.duplicate(actor, params.id, body);
  }

  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: TimeEntryResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: TimeEntryIdParamDto) {
    return this.entries.get(actor, params.id);
  }

  /** Any field, start and end included (the duration is recomputed); refused once invoiced. */
  @Patch(':id')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ type: TimeEntryResponseDto })
  update(
    @CurrentUser() actor: Principal,
    @Param() params: TimeEntryIdParamDto,
    @Body() body: TimeEntryUpdateDto,
  ) {
    return this.entries.update(actor, params.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiProblems(403, 404, 409)
  async remove(@CurrentUser() actor: Principal, @Param() params: TimeEntryIdParamDto) {
    await this.entries.remove(actor, params.id);
  }
}
