import { DEFAULT_EXPORT_COLUMNS, type ExportColumn, type TimeEntryExportQuery } from '@timetracker/contracts';
import type { Principal } from '../auth/principal';
import { scopeFor } from '../reports/report-scope';
import type { ReportsRepository } from '../reports/reports.repository';
import { localDate } from '../time/zone';
import { csvRecord } from './csv';
import type { ExportCursor, ExportRow, TimeEntryExportRepository } from './time-entry-export.repository';

/** Rows per query: big enough that round trips do not dominate, small enough to keep memory flat. */
export const EXPORT_BATCH_SIZE = 5000;

const CELLS: Record<ExportColumn, (r: ExportRow) => string | number | null> = {
  id: (r) => r.id,
  date: (r) => r.date,
  start: (r) => r.start,
  end: (r) => r.end,
  duration_seconds: (r) => r.seconds,
  duration_hours: (r) => r.hours,
  duration_hms: (r) => r.hms,
  user: (r) => r.user,
  client: (r) => r.client,
  project: (r) => r.project,
  task: (r) => r.task,
  notes: (r) => r.notes,
  tags: (r) => r.tags,
  billable: (r) => (r.billable ? 'true' : 'false'),
  rate: (r) => r.rate,
  amount: (r) => r.amount,
  source: (r) => r.source,
  invoice_number: (r) => r.invoice_number,
};

export interface CsvExport {
  filename: string;
  /** CSV text in chunks (one per batch); pulled, so a slow reader pauses the queries. */
  chunks: AsyncIterable<string>;
}

/**
 * The time-entries CSV: the report filters and privacy rules, settings.export_delimiter, RFC
 * 4180 quoting, a header row of the column names, UTF-8 (a BOM only when asked, for Excel).
 */
export class TimeEntryExportService {
  constructor(
    private readonly rows: TimeEntryExportRepository,
    private readonly reports: ReportsRepository,
  ) {}

  /** Checks access and reads settings before returning, so refusals happen before any byte is sent. */
  async timeEntriesCsv(actor: Principal, query: TimeEntryExportQuery, now = new Date()): Promise<CsvExport> {
    const settings = await this.reports.settings();
    const scope = scopeFor(actor, query, settings.timezone, now);
    const columns = query.columns ?? DEFAULT_EXPORT_COLUMNS;
    const delimiter = settings.exportDelimiter;
    // Not named `exports`: in the CommonJS build that would shadow the module's exports object.
    const repository = this.rows;
    async function* chunks(): AsyncGenerator<string> {
      yield (query.bom ? '\uFEFF' : '') + csvRecord(columns, delimiter);
      let after: ExportCursor | null = null;
      for (;;) {
        const rows = await repository.batch(scope, after, EXPORT_BATCH_SIZE);
        if (rows.length === 0) return;
        yield rows
          .map((r) =>
            csvRecord(
              columns.map((c) => CELLS[c](r)),
              delimiter,
            ),
          )
          .join('');
        if (rows.length < EXPORT_BATCH_SIZE) return;
        const last = rows[rows.length - 1]!;
        after = { startTime: last.cursor, id: last.id };
      }
    }
    return { filename: `time-entries-${localDate(now, settings.timezone)}.csv`, chunks: chunks() };
  }
}
