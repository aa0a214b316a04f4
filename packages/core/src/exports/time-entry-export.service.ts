import {
  DEFAULT_EXPORT_COLUMNS,
  type TimeEntryExportQuery,
  type TimeEntryXlsxExportQuery,
} from '@timetracker/contracts';
import { authorize, maySeeRates, reach } from '../access/policy';
import type { TeamScopeRepository } from '../access/team-scope.repository';
import type { Principal } from '../auth/principal';
import { scopeFor } from '../reports/report-scope';
import type { ReportsRepository } from '../reports/reports.repository';
import { localDate } from '../time/zone';
import { exportRenderer, type ExportPlan, type ExportRenderer } from './export-renderer';
import type { TimeEntryExportRepository } from './time-entry-export.repository';

const MONEY_COLUMNS: ReadonlySet<string> = new Set(['rate', 'amount']);
/** What the time cost the company: as in reports, only for whom may see rates by role. */
const COST_COLUMNS: ReadonlySet<string> = new Set(['cost', 'margin']);

/**
 * The time-entries exports. CSV: the report filters and privacy rules,
 * settings.export_delimiter, RFC 4180 quoting and CRLF records, a header row of the column
 * names, UTF-8 (a BOM only when asked, for Excel), cells that look like formulas neutralized.
 * XLSX: the same entries, columns and rules as a workbook of one sheet: dates and times as Excel
 * dates (the viewer's wall-clock time), durations as [h]:mm, amounts as numbers with 2 decimals,
 * would-be formulas neutralized as in the CSV. Both streamed as the database returns the rows.
 */
export class TimeEntryExportService {
  /** Writes a plan in this process (the API's export processes use exportRenderer themselves). */
  readonly render: ExportRenderer;

  constructor(
    rows: TimeEntryExportRepository,
    private readonly reports: ReportsRepository,
    /** Who leads whom (a lead exports their members' time); without it, nobody. */
    private readonly teams?: Pick<TeamScopeRepository, 'managedUserIds'>,
  ) {
    this.render = exportRenderer(rows);
  }

  /**
   * What either export writes and its file's name, access and settings checked before any byte
   * (refusals come from here); `render` or a process of its own (the API's) writes it.
   */
  async plan(
    actor: Principal,
    query: TimeEntryExportQuery,
    format: ExportPlan['format'],
    now = new Date(),
  ): Promise<{ plan: ExportPlan; filename: string }> {
    const { scope, columns, settings } = await this.prepare(actor, query, now);
    return {
      plan: {
        format,
        scope,
        columns,
        delimiter: settings.exportDelimiter,
        bom: format === 'csv' && (query.bom ?? false),
      },
      filename: `time-entries-${localDate(now, scope.timeZone)}.${format}`,
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
    const columns = [...(query.columns ?? DEFAULT_EXPORT_COLUMNS)];
    // The money columns are refused (not silently left out) to whoever may not see rates.
    if (columns.some((c) => MONEY_COLUMNS.has(c)) && !maySeeRates(actor, settings))
      authorize(actor, 'rates.see');
    if (columns.some((c) => COST_COLUMNS.has(c))) authorize(actor, 'rates.see');
    return { scope, columns, settings };
  }
}
