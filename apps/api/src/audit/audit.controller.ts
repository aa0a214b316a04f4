import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { AuditService, Principal } from '@timetracker/core';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import { AuditHistoryDto, AuditHistoryParamDto, AuditListQueryDto, AuditPageDto } from './audit.dto';
import { AUDIT_SERVICE } from './audit.tokens';

/** The audit log: who changed what, when, before and after. Admins only; never editable. */
@ApiTags('audit')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401, 403)
@Controller()
@Requires('audit.read')
export class AuditController {
  constructor(@Inject(AUDIT_SERVICE) private readonly audit: AuditService) {}

  /** Every change, newest first, filtered by record, user, action and time. */
  @Get('audit')
  @ZodResponse({ type: AuditPageDto })
  list(@CurrentUser() actor: Principal, @Query() query: AuditListQueryDto) {
    const { page, pageSize, ...filter } = query;
    return this.audit.list(actor, filter, { page, pageSize });
  }

  /** A time entry's history, oldest first, also once the entry is deleted. */
  @Get('time-entries/:id/history')
  @ZodResponse({ type: AuditHistoryDto })
  entryHistory(@CurrentUser() actor: Principal, @Param() params: AuditHistoryParamDto) {
    return this.audit.history(actor, 'time_entry', params.id);
  }
}
