import { Transform, type Readable } from 'node:stream';
import type { ExportColumn } from '@timetracker/contracts';
import { Prisma } from '@timetracker/db';
import { Client, escapeLiteral } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { scopeWhere, type EntryScope } from '../reports/report-sql';
import { secondsSql } from '../time-entries/entry-sql';
import { entryRatesJoin } from '../rates/rate-sql';
import { ENTRY_TAG_NAMES } from '../tags/tag-sql';
import { copyTextRows, type CopyValueType } from './copy-text';

/**
 * OWASP's CSV-injection rule, in SQL: a text cell a spreadsheet would read as a formula
 * (starting with = + - @, tab or CR) gets a leading apostrophe. Only columns people type into
 * need it; the computed ones (dates, numbers, true/false) never start with one of these.
 */
const neutralized = (column: Prisma.Sql) =>
  Prisma.sql`CASE WHEN left(${column}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || ${column} ELSE ${column} END`;

/** ISO-8601 in the session's time zone (set to the viewer's zone) with its offset: 2025-03-30T03:15:00+02:00. */
const iso = (column: Prisma.Sql) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM')`;

const SECONDS = Prisma.sql`s.seconds`;
/** The columns that need the entry's resolved rates. */
const PRICED: ReadonlySet<ExportColumn> = new Set(['rate', 'amount', 'cost', 'margin']);
/** The entry's billable rate, resolved as reports and invoices resolve it (rates/rate-sql.ts). */
const RATE = Prisma.sql`rt.billable_rate`;
/** What a billable entry is billed at, rounded half-up to the cent (none without a rate). */
const AMOUNT = Prisma.sql`CASE WHEN te.billable THEN round(${SECONDS} * ${RATE} / 3600, 2) END`;
/** What any entry costs (billable or not), at its cost rate resolved alike; none without one. */
const COST = Prisma.sql`round(${SECONDS} * rt.cost_rate / 3600, 2)`;

/** Each column's SQL over te (time_entries), p, c, u, t, inv, rt (its rates) and s (the entry's seconds). */
const COLUMNS: Record<ExportColumn, Prisma.Sql> = {
  id: Prisma.sql`te.id`,
  date: Prisma.sql`to_char(te.start_time, 'YYYY-MM-DD')`,
  start: iso(Prisma.sql`te.start_time`),
  end: iso(Prisma.sql`te.end_time`),
  duration_seconds: SECONDS,
  duration_hours: Prisma.sql`round(${SECONDS} / 3600.0, 2)`,
  duration_hms: Prisma.sql`lpad((${SECONDS} / 3600)::text, 2, '0') || ':' || lpad((${SECONDS} % 3600 / 60)::text, 2, '0') || ':' || lpad((${SECONDS} % 60)::text, 2, '0')`,
  // h:mm, as people write a break: 0:30.
  break: Prisma.sql`(te.break_seconds / 3600)::text || ':' || lpad((te.break_seconds % 3600 / 60)::text, 2, '0')`,
  // end − start, before breaks and rounding (empty while running).
  raw_hours: Prisma.sql`round(floor(extract(epoch FROM te.end_time - te.start_time)) / 3600.0, 2)`,
  user: neutralized(Prisma.sql`u.username`),
  client: neutralized(Prisma.sql`c.name`),
  project: neutralized(Prisma.sql`p.name`),
  task: neutralized(Prisma.sql`t.name`),
  notes: neutralized(Prisma.sql`te.notes`),
  tags: neutralized(Prisma.sql`NULLIF(array_to_string(${ENTRY_TAG_NAMES}, ', '), '')`),
  billable: Prisma.sql`CASE WHEN te.billable THEN 'true' ELSE 'false' END`,
  rate: RATE,
  amount: AMOUNT,
  cost: COST,
  // amount − cost, a missing one counting as 0 (as reports' margin); empty when both are.
  margin: Prisma.sql`CASE WHEN ${AMOUNT} IS NOT NULL OR ${COST} IS NOT NULL THEN COALESCE(${AMOUNT}, 0) - COALESCE(${COST}, 0) END`,
  source: Prisma.sql`te.source`,
  invoice_number: neutralized(Prisma.sql`inv.invoice_number`),
};

/**
 * The columns a spreadsheet gets as values rather than as the CSV's text: instants as the
 * viewer's wall-clock time (a spreadsheet date has no zone), durations in seconds, yes/no as a
 * boolean. The rest are the CSV's (text neutralized there, numbers as numbers).
 */
const wallClock = (column: Prisma.Sql) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS')`;
const XLSX_COLUMNS: Partial<Record<ExportColumn, Prisma.Sql>> = {
  start: wallClock(Prisma.sql`te.start_time`),
  end: wallClock(Prisma.sql`te.end_time`),
  duration_hms: SECONDS,
  break: Prisma.sql`te.break_seconds`,
  billable: Prisma.sql`te.billable`,
};

/**
 * COPY takes no bind parameters, so the statement is sent with its values as literals: ids and
 * numbers as digits, strings (tags, the zone) and instants through pg's escapeLiteral.
 */
function inline(query: Prisma.Sql): string {
  return query.strings.reduce((text, part, i) => {
    if (i === 0) return part;
    return text + literal(query.values[i - 1]) + part;
  }, '');
}

function literal(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return escapeLiteral(value.toISOString());
  if (typeof value === 'string') return escapeLiteral(value);
  throw new Error(`cannot inline ${typeof value} into an export query`);
}

/**
 * PostgreSQL ends CSV records with LF; RFC 4180 wants CRLF. Turns every LF outside a quoted
 * field into CRLF (LFs inside quoted notes stay as they are), following quotes across chunks.
 */
export function crlfRecords(): Transform {
  let quoted = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const out: Buffer[] = [];
      let from = 0;
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === 0x22) quoted = !quoted;
        else if (byte === 0x0a && !quoted) {
          out.push(chunk.subarray(from, i), CRLF);
          from = i + 1;
        }
      }
      out.push(chunk.subarray(from));
      done(null, Buffer.concat(out));
    },
  });
}
const CRLF = Buffer.from('\r\n');

export class TimeEntryExportRepository {
  /** `databaseUrl`: where exports read (the read replica when there is one). */
  constructor(private readonly databaseUrl: string) {}

  /**
   * The matching entries as CSV (header row first), produced by PostgreSQL's COPY on a
   * connection of its own and streamed as the server sends it: the socket is paused while the
   * reader is behind, so memory stays flat at any size. The connection closes when the stream
   * ends, fails or is destroyed (a client that went away). Rejects before any byte when the
   * database cannot be reached.
   */
  async csv(scope: EntryScope, columns: readonly ExportColumn[], delimiter: string): Promise<Readable> {
    const source = await this.copy(
      scope,
      this.select(scope, columns, COLUMNS),
      `FORMAT csv, HEADER true, DELIMITER ${escapeLiteral(delimiter)}`,
    );
    const output = crlfRecords();
    source.on('error', (err) => output.destroy(err));
    output.on('close', () => {
      if (!source.readableEnded) source.destroy();
    });
    return source.pipe(output);
  }

  /**
   * The matching entries as typed rows for a spreadsheet (exports/xlsx.ts), in batches, streamed
   * by the same COPY as the CSV (PostgreSQL's text format, no header): instants as wall-clock
   * times in the viewer's zone, durations in seconds, amounts and hours as numbers, the typed-in
   * text neutralized as in the CSV, each column read back as its `types` says. Destroying the
   * stream ends the query.
   */
  async rows(
    scope: EntryScope,
    columns: readonly ExportColumn[],
    types: readonly CopyValueType[],
  ): Promise<Readable> {
    const source = await this.copy(
      scope,
      this.select(scope, columns, { ...COLUMNS, ...XLSX_COLUMNS }),
      'FORMAT text',
    );
    const output = copyTextRows(types);
    source.on('error', (err) => output.destroy(err));
    output.on('close', () => {
      if (!source.readableEnded) source.destroy();
    });
    return source.pipe(output);
  }

  private select(scope: EntryScope, columns: readonly ExportColumn[], sql: Record<ExportColumn, Prisma.Sql>) {
    const joins = [
      Prisma.sql`LEFT JOIN projects p ON p.id = te.project_id LEFT JOIN clients c ON c.id = p.client_id`,
      ...(columns.some((c) => PRICED.has(c)) ? [entryRatesJoin()] : []),
      ...(columns.includes('user') ? [Prisma.sql`LEFT JOIN users u ON u.id = te.user_id`] : []),
      ...(columns.includes('task') ? [Prisma.sql`LEFT JOIN tasks t ON t.id = te.task_id`] : []),
      ...(columns.includes('invoice_number')
        ? [
            Prisma.sql`LEFT JOIN invoice_items ii ON ii.id = te.invoice_item_id LEFT JOIN invoices inv ON inv.id = ii.invoice_id`,
          ]
        : []),
    ];
    const select = Prisma.join(
      columns.map((c) => Prisma.sql`${sql[c]} AS ${Prisma.raw(`"${c}"`)}`),
      ', ',
    );
    return Prisma.sql`
      SELECT ${select}
        FROM time_entries te
        ${Prisma.join(joins, ' ')}
        CROSS JOIN LATERAL (SELECT ${secondsSql(scope.now)} AS seconds) s
        ${scopeWhere(scope)}
       ORDER BY te.start_time, te.id`;
  }

  /**
   * COPY (query) TO STDOUT on a connection of its own, in a read-only transaction whose session
   * zone is the viewer's (scope.timeZone). The connection ends with the stream (end, error or
   * destroy: mid-COPY it cannot be reused, and ending it also ends the transaction).
   */
  private async copy(scope: EntryScope, query: Prisma.Sql, options: string): Promise<Readable> {
    const copy = `COPY (${inline(query)}) TO STDOUT WITH (${options})`;
    const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 10_000 });
    client.on('error', () => {}); // reported through the stream
    await client.connect();
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SELECT set_config('TimeZone', $1, true)`, [scope.timeZone]);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    const source = client.query(copyTo(copy));
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      void client.end().catch(() => {});
    };
    source.on('end', close);
    source.on('error', close);
    source.on('close', close);
    return source;
  }
}
