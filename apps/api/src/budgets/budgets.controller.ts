import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { BudgetsService, Principal } from '@timetracker/core';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import {
  BudgetCreateDto,
  BudgetIdParamDto,
  BudgetListDto,
  BudgetListQueryDto,
  BudgetNotificationPageDto,
  BudgetNotificationQueryDto,
  BudgetNotificationsReadDto,
  BudgetNotificationsReadResponseDto,
  BudgetResponseDto,
  BudgetUpdateDto,
} from './budgets.dto';
import { BUDGETS_SERVICE } from './budgets.tokens';

/**
 * Budgets in hours and/or money of projects and clients, for their whole life or per month.
 * Everyone signed in reads the progress in hours; money only admins and accountants. Admins set
 * budgets; they and the leads of the budget's teams read the notifications raised when a budget
 * crosses settings.budgetThresholds.
 */
@ApiTags('budgets')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('budgets')
export class BudgetsController {
  constructor(@Inject(BUDGETS_SERVICE) private readonly budgets: BudgetsService) {}

  /** Budgets with their use in the current period (money only for those who may see rates). */
  @Get()
  @ZodResponse({ type: BudgetListDto })
  async list(@CurrentUser() actor: Principal, @Query() query: BudgetListQueryDto) {
    return { items: await this.budgets.list(actor, query) };
  }

  /** A new budget of a project or a client (admins); 409 when it has one for that period. */
  @Post()
  @Requires('budgets.manage')
  @ApiProblems(403, 409)
  @ZodResponse({ status: 201, type: BudgetResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: BudgetCreateDto) {
    return this.budgets.create(actor, body);
  }

  /**
   * The thresholds budgets crossed, newest first, with the caller's own read time: every budget's
   * for admins, for a team lead those of their teams' projects (and those projects' clients).
   */
  @Get('notifications')
  @Requires('budgets.notifications')
  @ApiProblems(403)
  @ZodResponse({ type: BudgetNotificationPageDto })
  notifications(@CurrentUser() actor: Principal, @Query() query: BudgetNotificationQueryDto) {
    return this.budgets.notifications(actor, query);
  }

  /** Marks a notification read, or all of them, for the caller alone (admins and team leads). */
  @Post('notifications/read')
  @HttpCode(200)
  @Requires('budgets.notifications')
  @ApiProblems(403, 404)
  @ZodResponse({ type: BudgetNotificationsReadResponseDto })
  markRead(@CurrentUser() actor: Principal, @Body() body: BudgetNotificationsReadDto) {
    return this.budgets.markRead(actor, body.id);
  }

  /** Changes a budget's limits or period (admins). */
  @Patch(':id')
  @Requires('budgets.manage')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ type: BudgetResponseDto })
  update(@CurrentUser() actor: Principal, @Param() params: BudgetIdParamDto, @Body() body: BudgetUpdateDto) {
    return this.budgets.update(actor, params.id, body);
  }

  /** Deletes a budget and its notifications (admins). */
  @Delete(':id')
  @HttpCode(204)
  @Requires('budgets.manage')
  @ApiProblems(403, 404)
  async remove(@CurrentUser() actor: Principal, @Param() params: BudgetIdParamDto): Promise<void> {
    await this.budgets.remove(actor, params.id);
  }
}
