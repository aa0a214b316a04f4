import { directDatabase, Prisma, type DirectDatabase, type PrismaClient } from '@timetracker/db';
import { ENTRY_TAG_NAMES, tagFilterSql, type TagMode } from '../tags/tag-sql';
import type { TimeEntryView } from './time-entry.view';

export interface EntryListFilter {
  id?: number;
  userId?: number;
  projectId?: number;
  clientId?: number;
  taskId?: number;
  billable?: boolean;
  tag?: string;
  tags?: string[];
  tagMode?: TagMode;
  from?: Date;
  to?: Date;
  running?: boolean;
}

export type EntrySortField = 'startTime' | 'durationSeconds' | 'createdAt';

/**
 * Each sort's column, whether it may be NULL (a running entry's duration; created_at of adopted
 * rows), and its value as a cursor carries it: text that casts back exactly (timestamps to the
 * microsecond, in UTC). Every sort is served by an index on (column, id) and one on
 * (user_id, column, id) (migration list_sort_indexes), read forwards or backwards.
 */
const SORT_COLUMNS: Record<
  EntrySortField,
  { column: Prisma.Sql; nullable: boolean; key: Prisma.Sql; fromKey: (key: string) => Prisma.Sql }
> = {
  startTime: {
    column: Prisma.sql`te.start_time`,
    nullable: false,
    key: Prisma.raw(`to_char(te.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`),
    fromKey: (key) => Prisma.sql`(${key}::timestamp AT TIME ZONE 'UTC')`,
  },
  durationSeconds: {
    column: Prisma.sql`te.duration_seconds`,
    nullable: true,
    key: Prisma.sql`te.duration_seconds::text`,
    fromKey: (key) => Prisma.sql`${key}::int`,
  },
  createdAt: {
    column: Prisma.sql`te.created_at`,
    nullable: true,
    key: Prisma.raw(`to_char(te.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`),
    fromKey: (key) => Prisma.sql`(${key}::timestamp AT TIME ZONE 'UTC')`,
  },
};

/** A cursor's key: text of the form SORT_COLUMNS' `key` writes (checked before it reaches SQL). */
export function isSortKey(field: EntrySortField, key: string): boolean {
  if (field === 'durationSeconds') return /^-?\d{1,10}$/.test(key) && Math.abs(Number(key)) < 2 ** 31;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})\d{3}$/.exec(key);
  if (!m) return false;
  const at = new Date(`${m[1]}Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 23) === m[1];
}

/** Where a page starts: after the row with this sort value and id (keyset pagination). */
export interface EntryListPosition {
  /** The sort column's value (SORT_COLUMNS' key text; null: the column is NULL). */
  key: string | null;
  id: number;
}

/**
 * Which page: `after` a position (a cursor; never reads the rows before it), else `skip` rows
 * (a page number; reads the rows it skips, in the sort's index). `take` rows at most.
 */
export type EntryListWindow = { after: EntryListPosition; take: number } | { skip: number; take: number };

/**
 * Counting stops at this many rows: up to it the total is exact (an index-only count of 100,000
 * index entries is a few milliseconds), above it the planner's estimate, marked as one. An
 * unfiltered list (an admin's of all entries) takes the estimate straight away when it is above.
 */
export const EXACT_TOTAL_LIMIT = 100_000;

export interface EntryPage {
  items: EntryRow[];
  total: number;
  /** total is the planner's estimate: more than EXACT_TOTAL_LIMIT entries match. */
  totalIsEstimate: boolean;
  /** The last item's position when more rows follow; null on the last page. */
  next: EntryListPosition | null;
}

/**
 * An entry with the names the API shows next to it, flat, as one row of entryRowsOf. Every read
 * of entries goes through that statement, so the view and the rules see the same thing. The fields
 * are the view's, as the database holds them (instants already formatted as the API shows them:
 * ISO 8601, milliseconds, Z), without what the view derives and with the invoice it is billed on.
 */
export type EntryRow = Omit<
  TimeEntryView,
  'source' | 'stoppedReason' | 'running' | 'locked' | 'rawSeconds' | 'paused'
> & {
  source: string;
  stoppedReason: string | null;
  /** Status and number of the invoice the entry is billed on (see isLocked). */
  invoiceStatus: string | null;
  invoiceNumber: string | null;
};

/**
 * `column` as Date.prototype.toISOString() writes it (milliseconds truncated, as a Date would
 * hold them). Done in SQL: parsing five timestamps per row into Dates and formatting them back
 * was a tenth of the list's CPU in the API.
 */
const iso = (column: string) =>
  Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * The entries of `source` (a table, a subquery or a WITH query of time_entries rows, named te
 * here) as EntryRows: columns named as EntryRow's fields, so rows need no mapping.
 *
 * The names come from scalar subqueries, not joins: PostgreSQL plans a statement every time it
 * runs, and planning a join of seven tables took most of the statement's time (a page of 50
 * entries of one user among 1M: 3.3 ms as joins, 1.1 ms like this, pgbench at 2 clients). Every lookup
 * is by primary key, so each subquery finds one row or none, as the LEFT JOIN it replaces.
 */
export const entryRowsOf = (source: Prisma.Sql) => Prisma.sql`
  SELECT te.id, te.user_id AS "userId", (SELECT u.username FROM users u WHERE u.id = te.user_id) AS username,
         te.project_id AS "projectId", p.name AS "projectName", p.client_id AS "clientId",
         (SELECT c.name FROM clients c WHERE c.id = p.client_id) AS "clientName",
         te.task_id AS "taskId", (SELECT t.name FROM tasks t WHERE t.id = te.task_id) AS "taskName",
         ${iso('te.start_time')} AS "startTime", ${iso('te.end_time')} AS "endTime",
         te.duration_seconds AS "durationSeconds", te.notes, ${ENTRY_TAG_NAMES} AS tags, te.source, te.billable,
         te.invoice_item_id AS "invoiceItemId", inv.status AS "invoiceStatus", inv.invoice_number AS "invoiceNumber",
         ${iso('te.created_at')} AS "createdAt", ${iso('te.updated_at')} AS "updatedAt",
         te.stopped_reason AS "stoppedReason", ${iso('te.auto_stopped_at')} AS "autoStoppedAt",
         te.break_seconds AS "breakSeconds", ${iso('te.paused_at')} AS "pausedAt"
    FROM ${source} te
    LEFT JOIN projects p ON p.id = te.project_id
    LEFT JOIN LATERAL (
      SELECT i.status, i.invoice_number FROM invoice_items ii JOIN invoices i ON i.id = ii.invoice_id
       WHERE ii.id = te.invoice_item_id) inv ON TRUE`;

const ENTRY_SQL = entryRowsOf(Prisma.sql`time_entries`);

/**
 * Reading entries, the API's busiest work: one statement with the names (Prisma would load each
 * relation with a query of its own), run on the pool directly (see DirectDatabase: Prisma's raw
 * path cost a third of the list's CPU).
 */
export class TimeEntryListRepository {
  private readonly db: DirectDatabase;

  constructor(prisma: PrismaClient) {
    this.db = directDatabase(prisma);
  }

  async byId(id: number): Promise<EntryRow | null> {
    const rows = await this.db.rows<EntryRow>(Prisma.sql`${ENTRY_SQL} WHERE te.id = ${id}`);
    return rows[0] ?? null;
  }

  /** In start order (bulk creation answers with the days it made). */
  byIds(ids: number[]): Promise<EntryRow[]> {
    return this.db.rows<EntryRow>(
      Prisma.sql`${ENTRY_SQL} WHERE te.id = ANY(${ids}::int[]) ORDER BY te.start_time, te.id`,
    );
  }

  async page(
    filter: EntryListFilter,
    sort: { field: EntrySortField; desc: boolean },
    window: EntryListWindow,
  ): Promise<EntryPage> {
    const statements = entryListStatements(filter, sort, window);
    // Two statements in parallel: a window count would make the page's query run over every
    // matching row before the LIMIT; counting apart lets the page read its index.
    const [rows, total] = await Promise.all([
      this.db.rows<EntryRow & { sortKey: string | null }>(statements.items),
      this.total(statements),
    ]);
    const more = rows.length > window.take;
    const items = (more ? rows.slice(0, window.take) : rows).map(({ sortKey: _key, ...row }) => row);
    const last = more ? rows[window.take - 1]! : undefined;
    return { items, ...total, next: last ? { key: last.sortKey, id: last.id } : null };
  }

  private async total(statements: EntryListStatements): Promise<{ total: number; totalIsEstimate: boolean }> {
    if (statements.unfiltered) {
      const estimate = await this.estimate(statements.estimate);
      if (estimate > EXACT_TOTAL_LIMIT) return { total: estimate, totalIsEstimate: true };
    }
    const [{ n }] = (await this.db.rows<{ n: number }>(statements.count)) as [{ n: number }];
    if (n <= EXACT_TOTAL_LIMIT) return { total: n, totalIsEstimate: false };
    const estimate = await this.estimate(statements.estimate);
    return { total: Math.max(estimate, EXACT_TOTAL_LIMIT + 1), totalIsEstimate: true };
  }

  /** The planner's row estimate (planning only: nothing is read but the statistics). */
  private async estimate(query: Prisma.Sql): Promise<number> {
    const [row] = await this.db.rows<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>(
      Prisma.sql`EXPLAIN (FORMAT JSON) ${query}`,
    );
    return Math.round(row!['QUERY PLAN'][0]!.Plan['Plan Rows']);
  }
}

export interface EntryListStatements {
  /** The page's rows, one more than `take` when more follow, each with its "sortKey". */
  items: Prisma.Sql;
  /** count(*) of the matching rows, stopping at EXACT_TOTAL_LIMIT + 1. */
  count: Prisma.Sql;
  /** The matching rows, for the planner's estimate (EXPLAIN). */
  estimate: Prisma.Sql;
  /** No filter at all: every entry. */
  unfiltered: boolean;
}

/**
 * The list's statements (exported for bench/scale/explain-lists.mjs and the plan test).
 *
 * The page is chosen from time_entries alone, ids and sort values only (an index-only scan of the
 * sort's index when the visibility map allows), and only its rows get their names: an admin's
 * page of all 1M entries by duration took 0.24 s with the rows and 1.4-2 s with the names joined
 * to every row before the sort.
 */
export function entryListStatements(
  filter: EntryListFilter,
  sort: { field: EntrySortField; desc: boolean },
  window: EntryListWindow,
): EntryListStatements {
  const parts = conditions(filter);
  const where = (...more: Prisma.Sql[]) => Prisma.join([Prisma.sql`TRUE`, ...parts, ...more], ' AND ');
  const { column, nullable, key, fromKey } = SORT_COLUMNS[sort.field];
  const dir = sort.desc ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const limit = window.take + 1;
  // The filter's projects join (a client's entries) inside each statement that needs it.
  const from =
    filter.clientId === undefined
      ? Prisma.sql`time_entries te`
      : Prisma.sql`time_entries te JOIN projects p ON p.id = te.project_id`;
  const select = (cond: Prisma.Sql[], offset = 0) => Prisma.sql`
    SELECT te.id, ${column} AS c, ${key} AS k FROM ${from} WHERE ${where(...cond)}
     ORDER BY ${column} ${dir}, te.id ${dir} LIMIT ${limit}${offset ? Prisma.sql` OFFSET ${offset}` : Prisma.empty}`;

  let ids: Prisma.Sql;
  if ('skip' in window) ids = select([], window.skip);
  else {
    // The rows after the cursor's, in two runs where NULLs sort apart (first when descending,
    // last when ascending), each a range of the sort's index; a row comparison is NULL for them.
    const { key: k, id } = window.after;
    const runs: Prisma.Sql[][] =
      k === null
        ? sort.desc
          ? [[Prisma.sql`${column} IS NULL`, Prisma.sql`te.id < ${id}`], [Prisma.sql`${column} IS NOT NULL`]]
          : [[Prisma.sql`${column} IS NULL`, Prisma.sql`te.id > ${id}`]]
        : sort.desc
          ? [[Prisma.sql`(${column}, te.id) < (${fromKey(k)}, ${id})`]]
          : [
              [Prisma.sql`(${column}, te.id) > (${fromKey(k)}, ${id})`],
              ...(nullable ? [[Prisma.sql`${column} IS NULL`]] : []),
            ];
    ids =
      runs.length === 1
        ? select(runs[0]!)
        : Prisma.sql`
          SELECT * FROM (${Prisma.join(
            runs.map((run) => Prisma.sql`(${select(run)})`),
            ' UNION ALL ',
          )}) runs ORDER BY c ${dir}, id ${dir} LIMIT ${limit}`;
  }
  return {
    items: Prisma.sql`
      WITH page AS MATERIALIZED (${ids})
      SELECT r.*, page.k AS "sortKey"
        FROM page JOIN (${entryRowsOf(Prisma.sql`(SELECT te.* FROM time_entries te WHERE te.id IN (SELECT id FROM page))`)}) r
          ON r.id = page.id
       ORDER BY page.c ${dir}, page.id ${dir}`,
    count: Prisma.sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${where()} LIMIT ${EXACT_TOTAL_LIMIT + 1}) m`,
    estimate: Prisma.sql`SELECT 1 FROM ${from} WHERE ${where()}`,
    unfiltered: parts.length === 0 && filter.clientId === undefined,
  };
}

function conditions(f: EntryListFilter): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (f.id !== undefined) parts.push(Prisma.sql`te.id = ${f.id}`);
  if (f.userId !== undefined) parts.push(Prisma.sql`te.user_id = ${f.userId}`);
  if (f.projectId !== undefined) parts.push(Prisma.sql`te.project_id = ${f.projectId}`);
  if (f.clientId !== undefined) parts.push(Prisma.sql`p.client_id = ${f.clientId}`);
  if (f.taskId !== undefined) parts.push(Prisma.sql`te.task_id = ${f.taskId}`);
  if (f.billable !== undefined) parts.push(Prisma.sql`te.billable = ${f.billable}`);
  // Running entries through running_timers (prisma/sql/003): a few rows, not the whole table
  // (it may still hold entries the idle sweep stopped, hence end_time too).
  if (f.running === true)
    parts.push(
      f.userId === undefined
        ? Prisma.sql`te.end_time IS NULL AND te.id IN (SELECT rt.entry_id FROM running_timers rt)`
        : Prisma.sql`te.end_time IS NULL AND te.id IN (SELECT rt.entry_id FROM running_timers rt WHERE rt.user_id = ${f.userId})`,
    );
  if (f.running === false) parts.push(Prisma.sql`te.end_time IS NOT NULL`);
  if (f.from) parts.push(Prisma.sql`te.start_time >= ${f.from}`);
  if (f.to) parts.push(Prisma.sql`te.start_time < ${f.to}`);
  if (f.tag) parts.push(tagFilterSql(Prisma.sql`te.id`, [f.tag]));
  if (f.tags?.length) parts.push(tagFilterSql(Prisma.sql`te.id`, f.tags, f.tagMode));
  return parts;
}
