import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, ReportsService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import {
  DashboardResponseDto,
  ReportSeriesParamDto,
  ReportSeriesQueryDto,
  ReportSeriesResponseDto,
  ReportSummaryQueryDto,
  ReportSummaryResponseDto,
} from './reports.dto';
import { REPORTS_SERVICE } from './reports.tokens';

/** Totals and charts, computed by the database. Non-admins only ever see their own time. */
@ApiTags('reports')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('reports')
export class ReportsController {
  constructor(@Inject(REPORTS_SERVICE) private readonly reports: ReportsService) {}

  /** Totals for a period, optionally grouped by one or two dimensions; 403 for others' users. */
  @Get('summary')
  @ApiProblems(403)
  @ZodResponse({ type: ReportSummaryResponseDto })
  summary(@CurrentUser() actor: Principal, @Query() query: ReportSummaryQueryDto) {
    return this.reports.summary(actor, query);
  }

  /** Your today, this week and this month (running timer included) and the running timer. */
  @Get('dashboard')
  @ZodResponse({ type: DashboardResponseDto })
  dashboard(@CurrentUser() actor: Principal) {
    return this.reports.dashboard(actor);
  }

  /** A chart series; hours-by-day and weekly-trend are zero-filled; by-user is for admins. */
  @Get('series/:name')
  @ApiProblems(403)
  @ZodResponse({ type: ReportSeriesResponseDto })
  series(
    @CurrentUser() actor: Principal,
    @Param() params: ReportSeriesParamDto,
    @Query() query: ReportSeriesQueryDto,
  ) {
    return this.reports.series(actor, params.name, query);
  }
}
