import type { Readable } from 'node:stream';
import {
  DEFAULT_EXPORT_COLUMNS,
  type ExportColumn,
  type TimeEntryExportQuery,
  type TimeEntryXlsxExportQuery,
} from '@timetracker/contracts';
import { authorize, maySeeRates, reach } from '../access/policy';
import type { TeamScopeRepository } from '../access/team-scope.repository';
import type { Principal } from '../auth/principal';
import { scopeFor } from '../reports/report-scope';
import type { ReportsRepository } from '../reports/reports.repository';
import { localDate } from '../time/zone';
import type { TimeEntryExportRepository } from './time-entry-export.repository';
import { xlsxStream, type XlsxColumn, type XlsxKind } from './xlsx';

/** How each column is written to a spreadsheet (xlsx.ts): values, not the CSV's text. */
const XLSX_KINDS: Record<ExportColumn, XlsxKind> = {
  id: 'integer',
  date: 'date',
  start: 'datetime',
  end: 'datetime',
  duration_seconds: 'integer',
  duration_hours: 'decimal',
  duration_hms: 'duration-seconds',
  break: 'duration',
  raw_hours: 'decimal',
  user: 'text',
  client: 'text',
  project: 'text',
  task: 'text',
  notes: 'text',
  tags: 'text',
  billable: 'boolean',
  rate: 'money',
  amount: 'money',
  cost: 'money',
  margin: 'money',
  source: 'text',
  invoice_number: 'text',
};

export interface CsvExport {
  filename: string;
  /** The CSV bytes, produced as they are read (a slow reader pauses the database). */
  stream: Readable;
}

const BOM = '\uFEFF';
const MONEY_COLUMNS: ReadonlySet<string> = new Set(['rate', 'amount']);
/** What the time cost the company: as in reports, only for whom may see rates by role. */
const COST_COLUMNS: ReadonlySet<string> = new Set(['cost', 'margin']);

/**
 * The time-entries CSV: the report filters and privacy rules, settings.export_delimiter, RFC
 * 4180 quoting and CRLF records, a header row of the column names, UTF-8 (a BOM only when
 * asked, for Excel), cells that look like formulas neutralized.
 */
export class TimeEntryExportService {
  constructor(
    private readonly rows: TimeEntryExportRepository,
    private readonly reports: ReportsRepository,
    /** Who leads whom (a lead exports their members' time); without it, nobody. */
    private readonly teams?: Pick<TeamScopeRepository, 'managedUserIds'>,
  ) {}

  /** Checks access, reads settings and opens the query before returning: refusals and outages come before any byte. */
  async timeEntriesCsv(actor: Principal, query: TimeEntryExportQuery, now = new Date()): Promise<CsvExport> {
    const { scope, columns, settings } = await this.prepare(actor, query, now);
    const csv = await this.rows.csv(scope, columns, settings.exportDelimiter);
    if (query.bom) csv.unshift(Buffer.from(BOM));
    return { filename: `time-entries-${localDate(now, scope.timeZone)}.csv`, stream: csv };
  }

  /**
   * The same entries, columns and rules as the CSV, as an XLSX workbook of one sheet: dates and
   * times as Excel dates (the viewer's wall-clock time), durations as [h]:mm, amounts as numbers
   * with 2 decimals, would-be formulas neutralized as in the CSV. Streamed like the CSV.
   */
  async timeEntriesXlsx(
    actor: Principal,
    query: TimeEntryXlsxExportQuery,
    now = new Date(),
  ): Promise<CsvExport> {
    const { scope, columns } = await this.prepare(actor, query, now);
    const rows = await this.rows.rows(scope, columns);
    const sheet: XlsxColumn[] = columns.map((c) => ({ header: c, kind: XLSX_KINDS[c] }));
    return {
      filename: `time-entries-${localDate(now, scope.timeZone)}.xlsx`,
      stream: xlsxStream({ name: 'Time entries', columns: sheet, rows, neutralized: true }),
    };
  }

  /** Whose entries and which columns, refusing the money columns to whom may not see them. */
  private async prepare(actor: Principal, query: TimeEntryXlsxExportQuery, now: Date) {
    const settings = await this.reports.settings();
    const led =
      reach(actor, 'reports.othersTime') === 'led' && this.teams
        ? await this.teams.managedUserIds(actor.userId)
        : [];
    const scope = scopeFor(actor, query, settings, now, led);
    const columns = query.columns ?? DEFAULT_EXPORT_COLUMNS;
    // The money columns are refused (not silently left out) to whoever may not see rates.
    if (columns.some((c) => MONEY_COLUMNS.has(c)) && !maySeeRates(actor, settings))
      authorize(actor, 'rates.see');
    if (columns.some((c) => COST_COLUMNS.has(c))) authorize(actor, 'rates.see');
    return { scope, columns, settings };
  }
}
