import { Body, Controller, Delete, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { ClientsService, Principal } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import {
  ClientCreateDto,
  ClientDeleteResponseDto,
  ClientIdParamDto,
  ClientListQueryDto,
  ClientPageDto,
  ClientResponseDto,
  ClientUpdateDto,
} from './clients.dto';
import { CLIENTS_SERVICE } from './clients.tokens';

/** Clients: every signed-in user reads them; admins create, change, archive and delete them. */
@ApiTags('clients')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('clients')
export class ClientsController {
  constructor(@Inject(CLIENTS_SERVICE) private readonly clients: ClientsService) {}

  @Get()
  @ZodResponse({ type: ClientPageDto })
  list(@CurrentUser() actor: Principal, @Query() query: ClientListQueryDto) {
    const { page, pageSize, sort, ...filter } = query;
    return this.clients.list(actor, filter, { page, pageSize, sort });
  }

  @Post()
  @Requires('clients.change')
  @ApiProblems(403, 409)
  @ZodResponse({ status: 201, type: ClientResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: ClientCreateDto) {
    return this.clients.create(actor, body);
  }

  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: ClientResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: ClientIdParamDto) {
    return this.clients.get(actor, params.id);
  }

  /** A rename also updates the legacy client text of the client's projects. */
  @Patch(':id')
  @Requires('clients.change')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ type: ClientResponseDto })
  update(@CurrentUser() actor: Principal, @Param() params: ClientIdParamDto, @Body() body: ClientUpdateDto) {
    return this.clients.update(actor, params.id, body);
  }

  /** Sets the status to inactive; the projects of an inactive client accept no new time. */
  @Post(':id/archive')
  @Requires('clients.change')
  @ApiProblems(403, 404)
  @ZodResponse({ status: 200, type: ClientResponseDto })
  archive(@CurrentUser() actor: Principal, @Param() params: ClientIdParamDto) {
    return this.clients.archive(actor, params.id);
  }

  @Post(':id/activate')
  @Requires('clients.change')
  @ApiProblems(403, 404)
  @ZodResponse({ status: 200, type: ClientResponseDto })
  activate(@CurrentUser() actor: Principal, @Param() params: ClientIdParamDto) {
    return this.clients.activate(actor, params.id);
  }

  /** Deletes a client without projects; one with projects is archived instead (`deleted: false`). */
  @Delete(':id')
  @Requires('clients.change')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ type: ClientDeleteResponseDto })
  remove(@CurrentUser() actor: Principal, @Param() params: ClientIdParamDto) {
    return this.clients.remove(actor, params.id);
  }
}
