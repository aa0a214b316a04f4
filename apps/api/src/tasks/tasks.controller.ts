import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { Principal, TasksService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import {
  TaskCreateDto,
  TaskIdParamDto,
  TaskListQueryDto,
  TaskPageDto,
  TaskResponseDto,
  TaskUpdateDto,
} from './tasks.dto';
import { TASKS_SERVICE } from './tasks.tokens';

/** Tasks: every signed-in user reads and creates them; admins and creators manage them. */
@ApiTags('tasks')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('tasks')
export class TasksController {
  constructor(@Inject(TASKS_SERVICE) private readonly tasks: TasksService) {}

  /** Filters combine with AND; `overdue` uses today's date in the settings time zone. */
  @Get()
  @ZodResponse({ type: TaskPageDto })
  list(@CurrentUser() actor: Principal, @Query() query: TaskListQueryDto) {
    const { page, pageSize, sort, ...filter } = query;
    return this.tasks.list(actor, filter, { page, pageSize, sort });
  }

  /** The creator is the signed-in user; the project must exist and not be archived. */
  @Post()
  @ApiProblems(403, 409)
  @ZodResponse({ status: 201, type: TaskResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: TaskCreateDto) {
    return this.tasks.create(actor, body);
  }

  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: TaskResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: TaskIdParamDto) {
    return this.tasks.get(actor, params.id);
  }

  /** Admins and the creator change any field; the assignee only `status` (anything else is 403). */
  @Patch(':id')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ type: TaskResponseDto })
  update(@CurrentUser() actor: Principal, @Param() params: TaskIdParamDto, @Body() body: TaskUpdateDto) {
    return this.tasks.update(actor, params.id, body);
  }

  /** Admins and the creator only; time entries on the task are kept, without the task. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(403, 404)
  async remove(@CurrentUser() actor: Principal, @Param() params: TaskIdParamDto): Promise<void> {
    await this.tasks.remove(actor, params.id);
  }
}
