import { Body, Controller, Delete, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../platform/api-problems.decorator';
import type { ApiTokensService, Principal } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser } from '../auth/auth.decorators';
import {
  ApiTokenCreatedResponseDto,
  ApiTokenCreateDto,
  ApiTokenListResponseDto,
  ApiTokenResponseDto,
  IdParamDto,
} from '../auth/auth.dto';
import { API_TOKENS_SERVICE } from '../auth/auth.tokens';

/** The signed-in user's own personal API tokens. */
@ApiTags('tokens')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(401)
@Controller('tokens')
export class TokensController {
  constructor(@Inject(API_TOKENS_SERVICE) private readonly tokens: ApiTokensService) {}

  @Get()
  @ZodResponse({ type: ApiTokenListResponseDto })
  async list(@CurrentUser() principal: Principal) {
    return { items: await this.tokens.list(principal) };
  }

  /** The secret is in this response only; store it now. */
  @Post()
  @ApiProblems(400, 403)
  @ZodResponse({ status: 201, type: ApiTokenCreatedResponseDto })
  create(@CurrentUser() principal: Principal, @Body() body: ApiTokenCreateDto) {
    return this.tokens.create(principal, body);
  }

  /** Revoked tokens stop working at once and stay listed as revoked. */
  @Delete(':id')
  @ApiProblems(400, 403, 404)
  @ZodResponse({ type: ApiTokenResponseDto })
  revoke(@CurrentUser() principal: Principal, @Param() params: IdParamDto) {
    return this.tokens.revoke(principal, params.id);
  }
}
