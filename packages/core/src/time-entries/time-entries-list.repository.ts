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

const SORT_COLUMNS: Record<EntrySortField, Prisma.Sql> = {
  startTime: Prisma.sql`te.start_time`,
  durationSeconds: Prisma.sql`te.duration_seconds`,
  createdAt: Prisma.sql`te.created_at`,
};

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
    skip: number,
    take: number,
  ): Promise<{ items: EntryRow[]; total: number }> {
    const statements = entryListStatements(filter, sort, skip, take);
    // Two statements in parallel: a window count would make the page's query run over every
    // matching row before the LIMIT; counting apart lets the page use the (user_id, start_time)
    // index.
    const [items, counted] = await Promise.all([
      this.db.rows<EntryRow>(statements.items),
      this.db.rows<{ n: number }>(statements.count),
    ]);
    return { items, total: counted[0]!.n };
  }
}

/** The list's statements (exported for bench/scale/explain-lists.mjs). */
export function entryListStatements(
  filter: EntryListFilter,
  sort: { field: EntrySortField; desc: boolean },
  skip: number,
  take: number,
): { items: Prisma.Sql; count: Prisma.Sql } {
  const where = conditions(filter);
  const direction = sort.desc ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const order = Prisma.sql`${SORT_COLUMNS[sort.field]} ${direction}, te.id ${direction}`;
  // The filter's projects join (a client's entries) inside each statement that needs it.
  const from =
    filter.clientId === undefined
      ? Prisma.sql`time_entries te`
      : Prisma.sql`time_entries te JOIN projects p ON p.id = te.project_id`;
  // The page is chosen from time_entries alone, and only its rows get their names (an admin's
  // page of all 1M entries by duration: 0.24 s, against 1.4-2 s with the names joined to every
  // row before the sort).
  return {
    items: Prisma.sql`
      ${entryRowsOf(Prisma.sql`(SELECT te.* FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${take} OFFSET ${skip})`)}
       ORDER BY ${order}`,
    count: Prisma.sql`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
  };
}

function conditions(f: EntryListFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
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
  return Prisma.join(parts, ' AND ');
}
