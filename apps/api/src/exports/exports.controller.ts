import { Controller, Get, Inject, Logger, Optional, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { EXPORT_COLUMNS, DEFAULT_EXPORT_COLUMNS } from '@timetracker/contracts';
import {
  XLSX_CONTENT_TYPE,
  type Principal,
  type ReportSummaryExportService,
  type TimeEntryExportService,
  type TimesheetPdfService,
} from '@timetracker/core';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiDownload } from '../platform/api-download.decorator';
import { ApiProblems } from '../platform/api-problems.decorator';
import { sendDownload } from '../platform/downloads';
import { TimeEntryExportQueryDto, TimeEntryXlsxExportQueryDto, TimesheetPdfQueryDto } from './exports.dto';
import { ReportSummaryQueryDto } from '../reports/reports.dto';
import { ExportProcesses } from './export-process';
import { EXPORT_SERVICE, REPORT_EXPORT_SERVICE, TIMESHEET_PDF_SERVICE } from './exports.tokens';

const CSV_DESCRIPTION = `CSV (RFC 4180, CRLF line ends, UTF-8; with \`bom=true\` a byte order mark first), separated by
settings.export_delimiter (\`,\` \`;\` \`|\` or a tab). The first row names the columns. Start and end are ISO-8601
in the viewer's zone (their preference, else settings.timezone; or ?timezone=) with their offset; amounts are decimal strings. A cell starting with = + - @ (a
formula to a spreadsheet) is written with a leading apostrophe. Columns: ${EXPORT_COLUMNS.join(', ')};
default ${DEFAULT_EXPORT_COLUMNS.join(', ')}. rate and amount only for whom may see rates (403 otherwise); cost (the
entry's seconds × its cost rate of its start day, to the cent) and margin (amount − cost) only for admins and accountants.`;

const XLSX_DESCRIPTION = `An XLSX workbook of one sheet: the CSV's rows, filters, columns and access rules (see
time-entries.csv), the first row naming the columns. Values, not text: date, start and end are Excel dates (the
wall-clock time in the viewer's zone, as the CSV shows them), duration_hms ([h]:mm:ss) and break ([h]:mm) are
durations, duration_seconds, duration_hours, raw_hours and id are numbers, rate, amount, cost and margin numbers shown with 2
decimals, billable TRUE/FALSE. A text cell starting with = + - @, tab or CR gets a leading apostrophe, as in the CSV.`;

/** Downloads. Non-admins export only their own time. */
@ApiTags('exports')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@Controller('exports')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(
    @Inject(EXPORT_SERVICE) private readonly exports: TimeEntryExportService,
    @Inject(REPORT_EXPORT_SERVICE) private readonly reports: ReportSummaryExportService,
    @Inject(TIMESHEET_PDF_SERVICE) private readonly timesheets: TimesheetPdfService,
    /** Absent with API_EXPORT_PROCESSES=0: exports are written in this process. */
    @Optional() private readonly processes?: ExportProcesses,
  ) {}

  /** Time entries as CSV, streamed as the database returns them (any size, constant memory). */
  @Get('time-entries.csv')
  @ApiDownload('text/csv', CSV_DESCRIPTION, 'time-entries-YYYY-MM-DD.csv')
  @ApiProblems(400, 401, 403)
  async timeEntries(
    @CurrentUser() actor: Principal,
    @Query() query: TimeEntryExportQueryDto,
    @Res() res: FastifyReply,
  ): Promise<void> {
    await this.download(actor, query, 'csv', 'text/csv; charset=utf-8', res);
  }

  /** Time entries as XLSX, streamed as the database returns them (any size, constant memory). */
  @Get('time-entries.xlsx')
  @ApiDownload(XLSX_CONTENT_TYPE, XLSX_DESCRIPTION, 'time-entries-YYYY-MM-DD.xlsx')
  @ApiProblems(400, 401, 403)
  async timeEntriesXlsx(
    @CurrentUser() actor: Principal,
    @Query() query: TimeEntryXlsxExportQueryDto,
    @Res() res: FastifyReply,
  ): Promise<void> {
    await this.download(actor, query, 'xlsx', XLSX_CONTENT_TYPE, res);
  }

  /**
   * Access and the plan first (refusals before any byte), then the file from a process of its own
   * (ExportProcesses) or from this one. The client going away ends the database's query; a
   * failure half-way cuts the response short, so the client sees an incomplete download, not a
   * complete-looking one.
   */
  private async download(
    actor: Principal,
    query: TimeEntryExportQueryDto,
    format: 'csv' | 'xlsx',
    type: string,
    res: FastifyReply,
  ): Promise<void> {
    const { plan, filename } = await this.exports.plan(actor, query, format);
    const failed = (err: unknown) =>
      this.logger.warn({ err, userId: actor.userId, format }, 'time-entries export ended early');
    if (this.processes) {
      await this.processes.send(plan, res, type, filename).catch((err: unknown) => {
        if (!res.sent) throw err;
        failed(err);
      });
      return;
    }
    const stream = await this.exports.render(plan);
    stream.once('error', failed);
    await sendDownload(res, type, filename, stream);
  }

  /**
   * The report summary (GET /reports/summary, same query and rules) as the Reports screen shows
   * it, as XLSX: a row per group, hours as [h]:mm durations, amounts as numbers, totals last.
   */
  @Get('report-summary.xlsx')
  @ApiDownload(
    XLSX_CONTENT_TYPE,
    'One sheet: the period, zone and currency, then a row per group (days and weeks as dates, months as yyyy-mm), ' +
      'hours, billable hours and breaks as [h]:mm, the amount (and cost and margin for admins and accountants) ' +
      'as numbers with 2 decimals when the caller may see them, the number of entries, and a Total row.',
    'report-YYYY-MM-DD.xlsx',
  )
  @ApiProblems(400, 401, 403)
  async reportSummaryXlsx(
    @CurrentUser() actor: Principal,
    @Query() query: ReportSummaryQueryDto,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const xlsx = await this.reports.summaryXlsx(actor, query);
    await sendDownload(res, XLSX_CONTENT_TYPE, xlsx.filename, xlsx.stream);
  }

  /**
   * A timesheet to sign, as PDF: one user's week or month (their zone and first day of the week),
   * entries by day with daily and period totals, signature lines for employee and manager, the
   * company name and logo. Your own; another user's (`userId`) for admins and that user's team
   * leads (403 otherwise, 404 for an unknown user).
   */
  @Get('timesheet.pdf')
  @ApiDownload(
    'application/pdf',
    'An A4 PDF, named after the user and the first day',
    'timesheet-USERNAME-YYYY-MM-DD.pdf',
  )
  @ApiProblems(400, 401, 403, 404)
  async timesheetPdf(
    @CurrentUser() actor: Principal,
    @Query() query: TimesheetPdfQueryDto,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const pdf = await this.timesheets.pdf(actor, query);
    await sendDownload(res, 'application/pdf', pdf.filename, pdf.body);
  }
}
