import { Controller, Get, Inject, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EXPORT_COLUMNS, DEFAULT_EXPORT_COLUMNS } from '@timetracker/contracts';
import type { Principal, TimeEntryExportService } from '@timetracker/core';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { sendDownload } from '../platform/downloads';
import { TimeEntryExportQueryDto } from './exports.dto';
import { EXPORT_SERVICE } from './exports.tokens';

const CSV_DESCRIPTION = `CSV (RFC 4180, CRLF line ends, UTF-8; with \`bom=true\` a byte order mark first), separated by
settings.export_delimiter (\`,\` \`;\` \`|\` or a tab). The first row names the columns. Start and end are ISO-8601
in the viewer's zone (their preference, else settings.timezone; or ?timezone=) with their offset; amounts are decimal strings. A cell starting with = + - @ (a
formula to a spreadsheet) is written with a leading apostrophe. Columns: ${EXPORT_COLUMNS.join(', ')};
default ${DEFAULT_EXPORT_COLUMNS.join(', ')}. rate and amount only for whom may see rates (403 otherwise); cost (the
entry's seconds × its cost rate of its start day, to the cent) and margin (amount − cost) only for admins and accountants.`;

/** Downloads. Non-admins export only their own time. */
@ApiTags('exports')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@Controller('exports')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(@Inject(EXPORT_SERVICE) private readonly exports: TimeEntryExportService) {}

  /** Time entries as CSV, streamed as the database returns them (any size, constant memory). */
  @Get('time-entries.csv')
  @ApiProduces('text/csv')
  @ApiResponse({
    status: 200,
    description: CSV_DESCRIPTION,
    content: { 'text/csv': { schema: { type: 'string' } } },
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="time-entries-YYYY-MM-DD.csv"',
        schema: { type: 'string' },
      },
    },
  })
  @ApiProblems(400, 401, 403)
  async timeEntries(
    @CurrentUser() actor: Principal,
    @Query() query: TimeEntryExportQueryDto,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const csv = await this.exports.timeEntriesCsv(actor, query);
    // The client going away ends the database's COPY (the stream is destroyed); a failure half-way
    // cuts the response short, so the client sees an incomplete download, not a complete-looking one.
    csv.stream.once('error', (err) =>
      this.logger.warn({ err, userId: actor.userId }, 'time-entries export ended early'),
    );
    await sendDownload(res, 'text/csv; charset=utf-8', csv.filename, csv.stream);
  }
}
