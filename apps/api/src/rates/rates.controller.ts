import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RATE_ORDER_DESCRIPTION } from '@timetracker/contracts';
import type { Principal, RatesService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { RateCreateDto, RateIdParamDto, RateListQueryDto, RatePageDto, RateResponseDto } from './rates.dto';
import { RATES_SERVICE } from './rates.tokens';

/** Dated billable and cost rates: admins and accountants read them, admins change them. */
@ApiTags('rates')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401, 403)
@Controller('rates')
export class RatesController {
  constructor(@Inject(RATES_SERVICE) private readonly rates: RatesService) {}

  @Get()
  @Requires('rates.see')
  @ApiOperation({
    summary: 'List rates (filter by kind, level, client, project, user)',
    description: RATE_ORDER_DESCRIPTION,
  })
  @ZodResponse({ type: RatePageDto })
  list(@CurrentUser() actor: Principal, @Query() query: RateListQueryDto) {
    const { page, pageSize, ...filter } = query;
    return this.rates.list(actor, filter, { page, pageSize });
  }

  @Post()
  @Requires('rates.change')
  @ApiOperation({ summary: 'Set a rate from a date', description: RATE_ORDER_DESCRIPTION })
  @ApiProblems(409)
  @ZodResponse({ status: 201, type: RateResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: RateCreateDto) {
    return this.rates.create(actor, body);
  }

  /** Entries it priced fall back to the rate in force before it (invoiced ones keep their price). */
  @Delete(':id')
  @Requires('rates.change')
  @ApiProblems(404)
  @HttpCode(204)
  async remove(@CurrentUser() actor: Principal, @Param() params: RateIdParamDto): Promise<void> {
    await this.rates.delete(actor, params.id);
  }
}
