import { Body, Controller, Get, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { ImportsService, Principal } from '@timetracker/core';
import { type ApiConfig } from '@timetracker/core';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { API_CONFIG } from '../platform/config.module';
import { ZodResponse } from '../platform/zod-response';
import { IMPORT_FIELD, readImportFile } from './import-upload';
import {
  ImportCreateQueryDto,
  ImportIdParamDto,
  ImportListQueryDto,
  ImportPageDto,
  ImportResponseDto,
  ImportRowsQueryDto,
  ImportUpdateDto,
} from './imports.dto';
import { IMPORTS_SERVICE } from './imports.tokens';

/** Time imported from other trackers (docs/import.md): admins only. */
@ApiTags('imports')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401, 403)
@Requires('imports.manage')
@Controller('imports')
export class ImportsController {
  constructor(
    @Inject(IMPORTS_SERVICE) private readonly imports: ImportsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Newest first, with their progress. */
  @Get()
  @ZodResponse({ type: ImportPageDto })
  list(@CurrentUser() actor: Principal, @Query() query: ImportListQueryDto) {
    return this.imports.list(actor, query);
  }

  /**
   * Uploads a CSV (multipart field `file`, at most IMPORT_MAX_BYTES). The format is detected from
   * the header row unless given; the answer shows it and the columns each field is read from.
   */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'The CSV as the multipart field `file` (nothing else in the form)',
    schema: {
      type: 'object',
      properties: { [IMPORT_FIELD]: { type: 'string', format: 'binary' } },
      required: [IMPORT_FIELD],
      additionalProperties: false,
    },
  })
  @ApiProblems(413)
  @ZodResponse({ status: 201, type: ImportResponseDto })
  async create(
    @CurrentUser() actor: Principal,
    @Query() query: ImportCreateQueryDto,
    @Req() req: FastifyRequest,
  ) {
    return this.imports.upload(actor, await readImportFile(req, this.config.importMaxBytes), query);
  }

  /** Status, format, mapping, progress and the dry run's rows (or a run's refusals), paged. */
  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: ImportResponseDto })
  get(
    @CurrentUser() actor: Principal,
    @Param() params: ImportIdParamDto,
    @Query() query: ImportRowsQueryDto,
  ) {
    return this.imports.get(actor, params.id, query);
  }

  /** Changes the format, the source zone or the mapping (users, generic columns). */
  @Patch(':id')
  @ApiProblems(404, 409)
  @ZodResponse({ type: ImportResponseDto })
  update(@CurrentUser() actor: Principal, @Param() params: ImportIdParamDto, @Body() body: ImportUpdateDto) {
    return this.imports.update(actor, params.id, body);
  }

  /** Queues a dry run: every row checked, nothing written. Poll GET /imports/:id. */
  @Post(':id/dry-run')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 202, type: ImportResponseDto })
  dryRun(@CurrentUser() actor: Principal, @Param() params: ImportIdParamDto) {
    return this.imports.dryRun(actor, params.id);
  }

  /** Queues the import itself. Rows already imported (by any import) are skipped. */
  @Post(':id/run')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 202, type: ImportResponseDto })
  run(@CurrentUser() actor: Principal, @Param() params: ImportIdParamDto) {
    return this.imports.run(actor, params.id);
  }

  /** Cancels a queued job, or stops a running one after its current batch. */
  @Post(':id/cancel')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 200, type: ImportResponseDto })
  cancel(@CurrentUser() actor: Principal, @Param() params: ImportIdParamDto) {
    return this.imports.cancel(actor, params.id, new Date());
  }

  /**
   * Removes every entry the import made, done or stopped (cancelled, failed) after writing some,
   * unless one of them is invoiced (409); 409 too while it is queued or running.
   */
  @Post(':id/undo')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 200, type: ImportResponseDto })
  undo(@CurrentUser() actor: Principal, @Param() params: ImportIdParamDto) {
    return this.imports.undo(actor, params.id, new Date());
  }
}
