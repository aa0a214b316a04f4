import { Prisma, type PrismaClient } from '@timetracker/db';
import { scopeWhere, secondsSql, TAGS_ARRAY, type EntryScope } from '../reports/report-sql';

/** One entry as the export writes it: every value already text (or a number), formatted by SQL. */
export interface ExportRow {
  id: number;
  /** start_time as PostgreSQL text (microseconds and offset): the keyset cursor, exact. */
  cursor: string;
  date: string;
  start: string;
  end: string | null;
  seconds: number;
  hours: string;
  hms: string;
  user: string | null;
  client: string | null;
  project: string | null;
  task: string | null;
  notes: string | null;
  tags: string | null;
  billable: boolean;
  rate: string | null;
  amount: string | null;
  source: string;
  invoice_number: string | null;
}

export interface ExportCursor {
  startTime: string;
  id: number;
}

/** ISO-8601 wall time in the zone with that instant's offset, e.g. 2025-03-30T03:15:00+02:00. */
function isoInZone(column: Prisma.Sql, tz: string): Prisma.Sql {
  return Prisma.sql`to_char(${column} AT TIME ZONE ${tz}, 'YYYY-MM-DD"T"HH24:MI:SS') || (
    SELECT CASE WHEN o < 0 THEN '-' ELSE '+' END || to_char(make_interval(secs => abs(o)), 'HH24:MI')
      FROM (SELECT extract(epoch FROM (${column} AT TIME ZONE ${tz}) - (${column} AT TIME ZONE 'UTC')) AS o) z)`;
}

export class TimeEntryExportRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * The next `limit` entries after `after`, in (start_time, id) order: keyset pagination, so
   * each batch is an index range scan however deep the export is, and memory holds one batch.
   * Raw SQL: Prisma cannot format times in a zone, resolve the rate or round per-entry amounts.
   */
  batch(scope: EntryScope, after: ExportCursor | null, limit: number): Promise<ExportRow[]> {
    const tz = scope.timeZone;
    // Written as start_time >= x AND (…) rather than a row comparison, which only a
    // (start_time, id) index could serve; this one uses idx_time_entries_start_time.
    const keyset = after
      ? [
          Prisma.sql`te.start_time >= ${after.startTime}::timestamptz`,
          Prisma.sql`(te.start_time > ${after.startTime}::timestamptz OR te.id > ${after.id})`,
        ]
      : [];
    return this.prisma.$queryRaw<ExportRow[]>`
      SELECT te.id, te.start_time::text AS cursor,
             to_char(te.start_time AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS date,
             ${isoInZone(Prisma.sql`te.start_time`, tz)} AS start,
             ${isoInZone(Prisma.sql`te.end_time`, tz)} AS "end",
             s.seconds,
             round(s.seconds / 3600.0, 2)::text AS hours,
             lpad((s.seconds / 3600)::text, 2, '0') || ':' || lpad((s.seconds % 3600 / 60)::text, 2, '0')
               || ':' || lpad((s.seconds % 60)::text, 2, '0') AS hms,
             u.username AS "user", c.name AS client, p.name AS project, t.name AS task, te.notes,
             array_to_string(${TAGS_ARRAY}, ', ') AS tags,
             te.billable,
             COALESCE(p.hourly_rate, c.default_hourly_rate)::text AS rate,
             CASE WHEN te.billable
               THEN round(s.seconds * COALESCE(p.hourly_rate, c.default_hourly_rate) / 3600, 2)::text END AS amount,
             te.source, inv.invoice_number
        FROM time_entries te
        LEFT JOIN projects p ON p.id = te.project_id
        LEFT JOIN clients c ON c.id = p.client_id
        LEFT JOIN users u ON u.id = te.user_id
        LEFT JOIN tasks t ON t.id = te.task_id
        LEFT JOIN invoice_items ii ON ii.id = te.invoice_item_id
        LEFT JOIN invoices inv ON inv.id = ii.invoice_id
        CROSS JOIN LATERAL (SELECT ${secondsSql(scope.now)} AS seconds) s
        ${scopeWhere(scope, keyset)}
       ORDER BY te.start_time, te.id
       LIMIT ${limit}`;
  }
}
