import { Body, Controller, Get, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { ApprovalsService, Principal } from '@timetracker/core';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import {
  ApprovalDecideDto,
  ApprovalDetailResponseDto,
  ApprovalIdParamDto,
  ApprovalListResponseDto,
  ApprovalOwnWeekQueryDto,
  ApprovalQueueQueryDto,
  ApprovalRejectDto,
  ApprovalResponseDto,
  ApprovalSubmitDto,
  LockdownDto,
  LockdownResponseDto,
  OwnWeekResponseDto,
} from './approvals.dto';
import { APPROVALS_SERVICE } from './approvals.tokens';

/**
 * Weeks sent for approval and the lockdown date (docs/approvals.md). A submitted or approved
 * week, and time before the lockdown date, refuse changes by everyone but admins (TIME_LOCKED).
 */
@ApiTags('approvals')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('approvals')
export class ApprovalsController {
  constructor(@Inject(APPROVALS_SERVICE) private readonly approvals: ApprovalsService) {}

  /** Weeks waiting (or in another status) of the users you lead as a team lead; admins: everyone's. */
  @Get()
  @ZodResponse({ type: ApprovalListResponseDto })
  async queue(@CurrentUser() actor: Principal, @Query() query: ApprovalQueueQueryDto) {
    return { items: await this.approvals.queue(actor, query.status) };
  }

  /** Submits your week holding `week` (your zone and first day): its time locks until withdrawn or rejected. */
  @Post()
  @ApiProblems(409)
  @ZodResponse({ status: 201, type: ApprovalResponseDto })
  submit(@CurrentUser() actor: Principal, @Body() body: ApprovalSubmitDto) {
    return this.approvals.submit(actor, body);
  }

  /** Your week holding `week` (default: this week) and its approval, if ever submitted. */
  @Get('own-week')
  @ZodResponse({ type: OwnWeekResponseDto })
  ownWeek(@CurrentUser() actor: Principal, @Query() query: ApprovalOwnWeekQueryDto) {
    return this.approvals.ownWeek(actor, query);
  }

  /** The lockdown date: time starting before it is locked for all but admins. */
  @Get('lockdown')
  @ZodResponse({ type: LockdownResponseDto })
  lockdown() {
    return this.approvals.lockdown();
  }

  /** Sets (or with null clears) the lockdown date. Admins' later writes to locked time are recorded. */
  @Put('lockdown')
  @Requires('settings.change')
  @ApiProblems(403)
  @ZodResponse({ type: LockdownResponseDto })
  setLockdown(@CurrentUser() actor: Principal, @Body() body: LockdownDto) {
    return this.approvals.setLockdown(actor, body);
  }

  /** A week with its entries: its user, a lead of a team the user is in, and admins. */
  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: ApprovalDetailResponseDto })
  detail(@CurrentUser() actor: Principal, @Param() params: ApprovalIdParamDto) {
    return this.approvals.detail(actor, params.id);
  }

  /** Takes your submitted week back (409 once decided). */
  @Post(':id/withdraw')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ status: 200, type: ApprovalResponseDto })
  withdraw(@CurrentUser() actor: Principal, @Param() params: ApprovalIdParamDto) {
    return this.approvals.withdraw(actor, params.id);
  }

  /** Approves a submitted week (its user's team lead or an admin): its time stays locked. */
  @Post(':id/approve')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ status: 200, type: ApprovalResponseDto })
  approve(
    @CurrentUser() actor: Principal,
    @Param() params: ApprovalIdParamDto,
    @Body() body: ApprovalDecideDto,
  ) {
    return this.approvals.decide(actor, params.id, 'approved', body.note ?? null);
  }

  /** Rejects a submitted week with a note: its time unlocks for the user to correct and submit again. */
  @Post(':id/reject')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ status: 200, type: ApprovalResponseDto })
  reject(
    @CurrentUser() actor: Principal,
    @Param() params: ApprovalIdParamDto,
    @Body() body: ApprovalRejectDto,
  ) {
    return this.approvals.decide(actor, params.id, 'rejected', body.note);
  }
}
