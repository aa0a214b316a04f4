import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, TagsService } from '@timetracker/core';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import {
  TagCreateDto,
  TagIdParamDto,
  TagListQueryDto,
  TagMergeDto,
  TagMergeResponseDto,
  TagPageDto,
  TagResponseDto,
  TagUpdateDto,
} from './tags.dto';
import { TAGS_SERVICE } from './tags.tokens';

/**
 * Tags everyone shares. Everyone lists them (search: for autocomplete) and creates one, unless
 * settings.tagCreation = admins; admins rename, recolour, archive, merge and delete.
 */
@ApiTags('tags')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401)
@Controller('tags')
export class TagsController {
  constructor(@Inject(TAGS_SERVICE) private readonly tags: TagsService) {}

  /** By name (with search: names that start with it first), with how many entries carry each. */
  @Get()
  @ZodResponse({ type: TagPageDto })
  list(@CurrentUser() actor: Principal, @Query() query: TagListQueryDto) {
    const { page, pageSize, ...filter } = query;
    return this.tags.list(actor, filter, { page, pageSize });
  }

  /** A new tag (403 when settings.tagCreation = admins and you are not one; 409 when the name exists). */
  @Post()
  @ApiProblems(403, 409)
  @ZodResponse({ status: 201, type: TagResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: TagCreateDto) {
    return this.tags.create(actor, body);
  }

  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: TagResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: TagIdParamDto) {
    return this.tags.get(actor, params.id);
  }

  /** Rename (every entry shows the new name), recolour or archive (admins). */
  @Patch(':id')
  @Requires('tags.manage')
  @ApiProblems(403, 404, 409)
  @ZodResponse({ type: TagResponseDto })
  update(@CurrentUser() actor: Principal, @Param() params: TagIdParamDto, @Body() body: TagUpdateDto) {
    return this.tags.update(actor, params.id, body);
  }

  /**
   * Merges this tag into `into` (admins): its entries and favourites get `into` (those that
   * had both keep one link) and this tag is deleted, all at once.
   */
  @Post(':id/merge')
  @HttpCode(200)
  @Requires('tags.manage')
  @ApiProblems(403, 404)
  @ZodResponse({ type: TagMergeResponseDto })
  merge(@CurrentUser() actor: Principal, @Param() params: TagIdParamDto, @Body() body: TagMergeDto) {
    return this.tags.merge(actor, params.id, body.into);
  }

  /** Deletes a tag no entry carries (admins); 409 otherwise: archive or merge it instead. */
  @Delete(':id')
  @HttpCode(204)
  @Requires('tags.manage')
  @ApiProblems(403, 404, 409)
  async remove(@CurrentUser() actor: Principal, @Param() params: TagIdParamDto) {
    await this.tags.remove(actor, params.id);
  }
}
