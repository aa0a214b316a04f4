import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, TeamsService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import {
  TeamCreateDto,
  TeamIdParamDto,
  TeamListQueryDto,
  TeamPageDto,
  TeamResponseDto,
  TeamUpdateDto,
} from './teams.dto';
import { TEAMS_SERVICE } from './teams.tokens';

/** Teams: admins, accountants and managers read them; admins change them. */
@ApiTags('teams')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401, 403)
@Controller('teams')
export class TeamsController {
  constructor(@Inject(TEAMS_SERVICE) private readonly teams: TeamsService) {}

  @Get()
  @Requires('teams.see')
  @ZodResponse({ type: TeamPageDto })
  list(@CurrentUser() actor: Principal, @Query() query: TeamListQueryDto) {
    return this.teams.list(actor, query);
  }

  @Post()
  @Requires('teams.manage')
  @ApiProblems(409)
  @ZodResponse({ status: 201, type: TeamResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: TeamCreateDto) {
    return this.teams.create(actor, body);
  }

  @Get(':id')
  @Requires('teams.see')
  @ApiProblems(404)
  @ZodResponse({ type: TeamResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: TeamIdParamDto) {
    return this.teams.get(actor, params.id);
  }

  /** Renames the team and/or replaces its members (with their lead flags). */
  @Patch(':id')
  @Requires('teams.manage')
  @ApiProblems(404, 409)
  @ZodResponse({ type: TeamResponseDto })
  update(@CurrentUser() actor: Principal, @Param() params: TeamIdParamDto, @Body() body: TeamUpdateDto) {
    return this.teams.update(actor, params.id, body);
  }

  /** Deletes the team with its memberships and project links; nobody's time changes. */
  @Delete(':id')
  @HttpCode(204)
  @Requires('teams.manage')
  @ApiProblems(404)
  async remove(@CurrentUser() actor: Principal, @Param() params: TeamIdParamDto) {
    await this.teams.remove(actor, params.id);
  }
}
