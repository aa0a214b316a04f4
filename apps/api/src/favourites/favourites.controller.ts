import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { FavouritesService, Principal } from '@timetracker/core';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import { TimeEntryResponseDto } from '../time-entries/time-entries.dto';
import {
  FavouriteCreateDto,
  FavouriteIdParamDto,
  FavouriteListDto,
  FavouriteOrderDto,
  FavouriteResponseDto,
  FavouriteUpdateDto,
} from './favourites.dto';
import { FAVOURITES_SERVICE } from './favourites.tokens';

/** Your favourites (only your own: another user's reads as 404, for admins too). */
@ApiTags('favourites')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('favourites')
export class FavouritesController {
  constructor(@Inject(FAVOURITES_SERVICE) private readonly favourites: FavouritesService) {}

  /** In strip order; a favourite whose project (or client) is archived is left out. */
  @Get()
  @ZodResponse({ type: FavouriteListDto })
  async list(@CurrentUser() actor: Principal) {
    return { items: await this.favourites.list(actor) };
  }

  /** Pins a combination (position: where in the strip; default last). */
  @Post()
  @ApiProblems(409)
  @ZodResponse({ status: 201, type: FavouriteResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: FavouriteCreateDto) {
    return this.favourites.create(actor, body);
  }

  /** Reorders the strip: the ids first in that order, any left out after them; answers the list. */
  @Put('order')
  @ApiProblems(404)
  @ZodResponse({ status: 200, type: FavouriteListDto })
  async reorder(@CurrentUser() actor: Principal, @Body() body: FavouriteOrderDto) {
    return { items: await this.favourites.reorder(actor, body.ids) };
  }

  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: FavouriteResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: FavouriteIdParamDto) {
    return this.favourites.get(actor, params.id);
  }

  @Patch(':id')
  @ApiProblems(404, 409)
  @ZodResponse({ type: FavouriteResponseDto })
  update(
    @CurrentUser() actor: Principal,
    @Param() params: FavouriteIdParamDto,
    @Body() body: FavouriteUpdateDto,
  ) {
    return this.favourites.update(actor, params.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiProblems(404)
  async remove(@CurrentUser() actor: Principal, @Param() params: FavouriteIdParamDto) {
    await this.favourites.remove(actor, params.id);
  }

  /** Starts a timer with the favourite's fields (the timer start's rules). */
  @Post(':id/start')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 201, type: TimeEntryResponseDto })
  start(@CurrentUser() actor: Principal, @Param() params: FavouriteIdParamDto) {
    return this.favourites.start(actor, params.id);
  }
}
