import { Body, Controller, Delete, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, ProjectsService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import {
  ProjectCreateDto,
  ProjectDeleteResponseDto,
  ProjectIdParamDto,
  ProjectListQueryDto,
  ProjectPageDto,
  ProjectResponseDto,
  ProjectUpdateDto,
} from './projects.dto';
import { PROJECTS_SERVICE } from './projects.tokens';

/** Projects: every signed-in user reads them; admins create, change, archive and delete them. */
@ApiTags('projects')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('projects')
export class ProjectsController {
  constructor(@Inject(PROJECTS_SERVICE) private readonly projects: ProjectsService) {}

  @Get()
  @ZodResponse({ type: ProjectPageDto })
  list(@CurrentUser() actor: Principal, @Query() query: ProjectListQueryDto) {
    const { page, pageSize, sort, ...filter } = query;
    return this.projects.list(actor, filter, { page, pageSize, sort });
  }

  /** Without `hourlyRate` the project takes its client's default rate; an unknown clientId is a 400. */
  @Post()
  @Requires('projects.change')
  @ApiProblems(403, 409)
  @ZodResponse({ status: 201, type: ProjectResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: ProjectCreateDto) {
    return this.projects.create(actor, body);
  }

  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: ProjectResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: ProjectIdParamDto) {
    return this.projects.get(actor, params.id);
  }

  @Patch(':id')
  @Requires('projects.change')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ type: ProjectResponseDto })
  update(
    @CurrentUser() actor: Principal,
    @Param() params: ProjectIdParamDto,
    @Body() body: ProjectUpdateDto,
  ) {
    return this.projects.update(actor, params.id, body);
  }

  /** Archived projects keep their time but accept no new entries. */
  @Post(':id/archive')
  @Requires('projects.change')
  @ApiProblems(403, 404)
  @ZodResponse({ status: 200, type: ProjectResponseDto })
  archive(@CurrentUser() actor: Principal, @Param() params: ProjectIdParamDto) {
    return this.projects.archive(actor, params.id);
  }

  @Post(':id/activate')
  @Requires('projects.change')
  @ApiProblems(403, 404)
  @ZodResponse({ status: 200, type: ProjectResponseDto })
  activate(@CurrentUser() actor: Principal, @Param() params: ProjectIdParamDto) {
    return this.projects.activate(actor, params.id);
  }

  /** Deletes a project nothing refers to; one with time, tasks or invoices is archived (`deleted: false`). */
  @Delete(':id')
  @Requires('projects.change')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ type: ProjectDeleteResponseDto })
  remove(@CurrentUser() actor: Principal, @Param() params: ProjectIdParamDto) {
    return this.projects.remove(actor, params.id);
  }
}
