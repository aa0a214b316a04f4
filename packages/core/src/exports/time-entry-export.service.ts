import type { Readable } from 'node:stream';
import { DEFAULT_EXPORT_COLUMNS, type TimeEntryExportQuery } from '@timetracker/contracts';
import { authorize, maySeeRates, reach } from '../access/policy';
import type { TeamScopeRepository } from '../access/team-scope.repository';
import type { Principal } from '../auth/principal';
import { scopeFor } from '../reports/report-scope';
import type { ReportsRepository } from '../reports/reports.repository';
import { localDate } from '../time/zone';
import type { TimeEntryExportRepository } from './time-entry-export.repository';

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
    const csv = await this.rows.csv(scope, columns, settings.exportDelimiter);
    if (query.bom) csv.unshift(Buffer.from(BOM));
    return { filename: `time-entries-${localDate(now, scope.timeZone)}.csv`, stream: csv };
  }
}
