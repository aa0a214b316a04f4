import { Body, Controller, Get, Inject, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { BackupsService, Principal } from '@timetracker/core';
import { createReadStream } from 'node:fs';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import {
  BackupCreateDto,
  BackupIdParamDto,
  BackupListQueryDto,
  BackupPageDto,
  BackupResponseDto,
} from './backups.dto';
import { BACKUPS_SERVICE } from './backups.tokens';

/** Backups of the whole database, made by the workers: admins only. */
@ApiTags('backups')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401, 403)
@Requires('backups.manage')
@Controller('backups')
export class BackupsController {
  constructor(@Inject(BACKUPS_SERVICE) private readonly backups: BackupsService) {}

  /** Newest first, with the progress of a backup that is running. */
  @Get()
  @ZodResponse({ type: BackupPageDto })
  list(@CurrentUser() actor: Principal, @Query() query: BackupListQueryDto) {
    return this.backups.list(actor, query);
  }

  /** Asks for a backup now; a worker starts it within seconds. Poll GET /backups/:id for progress. */
  @Post()
  @ZodResponse({ status: 202, type: BackupResponseDto })
  create(@CurrentUser() actor: Principal, @Body() _body: BackupCreateDto) {
    return this.backups.request(actor, new Date());
  }

  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: BackupResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: BackupIdParamDto) {
    return this.backups.get(actor, params.id);
  }

  /** Streams the archive (restore it with `npm run backup:restore -- <file>`). */
  @Get(':id/download')
  @ApiOperation({ summary: 'The backup archive (a tar file)' })
  @ApiResponse({
    status: 200,
    description: 'The archive: manifest.json, one gzip-compressed COPY per table, the uploaded files',
    content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(404, 409)
  async download(
    @CurrentUser() actor: Principal,
    @Param() params: BackupIdParamDto,
  ): Promise<StreamableFile> {
    const file = await this.backups.download(actor, params.id);
    return new StreamableFile(createReadStream(file.path), {
      type: 'application/x-tar',
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.sizeBytes,
    });
  }
}
