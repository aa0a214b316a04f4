import type { ReportDimension } from '@timetracker/contracts';
import { Prisma } from '@timetracker/db';
import { dimensionFilters } from './dimension-filters';
import type { EntryScope, EntrySource, InvoicePricing } from './report-sql';

/**
 * A report range cut for entry_rollups (prisma/sql/010_entry_rollups.sql, docs/scaling.md): the
 * whole company-zone months inside it are read from the rollups, a few rows per user and month
 * with their rates already resolved; the part before the first whole month (`head`) and after
 * the last (`tail`) from the entries, and so are the running entries of the whole months, which
 * the rollups do not hold. Both give the same rows (dimension values, seconds, priced, costed and
 * `n`, the number of entries a row stands for), so the queries over them do not change.
 */
export interface RollupSplit {
  /** The first month read from the rollups (YYYY-MM-DD, a first of the month); null: the first there is. */
  fromMonth: string | null;
  /** The month after the last one read from the rollups; null: up to the last there is. */
  toMonth: string | null;
  /** The entries before fromMonth (from the range's start); none when fromMonth is null. */
  head?: EntryScope;
  /** The entries from toMonth on (to the range's end); none when toMonth is null. */
  tail?: EntryScope;
  /** The range of the whole months, for the running entries in it. */
  middle: EntryScope;
}

/** Grouping dimensions a rollup row holds; day, week and tag need the entries. */
const ROLLUP_DIMENSIONS: ReadonlySet<ReportDimension> = new Set([
  'user',
  'client',
  'project',
  'task',
  'billable',
  'month',
]);

/**
 * Whether rollups cut in `rollupZone` (null: none are current) can answer a report of `scope`
 * grouped by `dimensions` and priced as `lines`: not with tags (rollups hold no tags), days or
 * weeks (they hold months), invoice lines per entry or per day, or months cut in another zone
 * than the rollups'.
 */
export function rollupServes(
  scope: EntryScope,
  dimensions: readonly ReportDimension[],
  lines: InvoicePricing | undefined,
  rollupZone: string | null,
): boolean {
  if (rollupZone === null || scope.tags?.length) return false;
  if (!dimensions.every((d) => ROLLUP_DIMENSIONS.has(d))) return false;
  if (dimensions.includes('month') && scope.timeZone !== rollupZone) return false;
  return !lines || lines.groupBy === 'project' || lines.groupBy === 'task';
}

/** The entry parts of a split: head, tail and the running entries of the whole months. */
export function splitParts(scope: EntryScope, split: RollupSplit): [EntryScope, EntrySource][] {
  const parts: [EntryScope, EntrySource][] = [];
  if (split.head) parts.push([split.head, 'entries']);
  if (split.tail) parts.push([split.tail, 'entries']);
  if (scope.includeRunning) parts.push([split.middle, 'running']);
  return parts;
}

/** WHERE for `r` (entry_rollups) joined with `p` (projects): the scope's filters and the split's months. */
function rollupWhere(scope: EntryScope, split: RollupSplit): Prisma.Sql {
  const c: Prisma.Sql[] = [];
  if (split.fromMonth) c.push(Prisma.sql`r.month >= ${split.fromMonth}::date`);
  if (split.toMonth) c.push(Prisma.sql`r.month < ${split.toMonth}::date`);
  c.push(...dimensionFilters(scope, 'r'));
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, ' AND ')}` : Prisma.empty;
}

/**
 * The rollups and the deltas the worker has not folded in yet (entry_rollups_fold): the same
 * columns, a delta's figures signed, so sums over both are the rollups as of this snapshot.
 */
const ROLLUP_COLUMNS = `month, user_id, project_id, task_id, billable, invoice_item_id, billable_rate, cost_rate,
       entries, seconds, break_seconds`;
const ROLLUP_ROWS = Prisma.raw(
  `(SELECT ${ROLLUP_COLUMNS} FROM entry_rollups UNION ALL SELECT ${ROLLUP_COLUMNS} FROM entry_rollup_deltas)`,
);

/** A rollup row's money × 3600, as PRICED and COSTED of its entries add up (one rate per row). */
const ROLLUP_MONEY = Prisma.sql`CASE WHEN r.billable THEN r.seconds * r.billable_rate END AS priced,
           r.seconds * r.cost_rate AS costed, r.entries AS n`;

/** groupingRows' rows from the rollups of the split's whole months. */
export function rollupGroupingRows(
  scope: EntryScope,
  dimensions: ReportDimension[],
  lines: InvoicePricing | undefined,
  split: RollupSplit,
): Prisma.Sql {
  const raw: Partial<Record<ReportDimension, Prisma.Sql>> = {
    user: Prisma.sql`r.user_id`,
    client: Prisma.sql`p.client_id`,
    project: Prisma.sql`r.project_id`,
    task: Prisma.sql`r.task_id`,
    billable: Prisma.sql`r.billable`,
    month: Prisma.sql`r.month`,
  };
  const value = (d: ReportDimension | undefined) => {
    if (!d) return Prisma.sql`NULL::int`;
    const sql = raw[d];
    if (!sql) throw new Error(`rollups hold no ${d}`);
    return sql;
  };
  const [d1, d2] = dimensions;
  const lineKey = lines?.groupBy === 'task' ? Prisma.sql`r.task_id` : Prisma.sql`NULL::int`;
  return Prisma.sql`
    SELECT ${value(d1)} AS r1, ${value(d2)} AS r2, r.seconds, r.billable, r.break_seconds, ${ROLLUP_MONEY}
           ${lines ? Prisma.sql`, r.project_id AS lp, ${lineKey} AS lk, r.billable_rate AS rate` : Prisma.empty}
      FROM ${ROLLUP_ROWS} r
      LEFT JOIN projects p ON p.id = r.project_id
      ${rollupWhere(scope, split)}`;
}

/** entriesCte's rows from the rollups (no entry id or start: series that need them read entries). */
export function rollupEntryRows(scope: EntryScope, split: RollupSplit): Prisma.Sql {
  return Prisma.sql`
    SELECT NULL::int AS id, r.user_id, r.project_id, r.task_id, p.client_id, r.billable,
           NULL::timestamptz AS start_time, NULL::timestamp AS local_start, r.seconds, r.break_seconds,
           ${ROLLUP_MONEY}
      FROM ${ROLLUP_ROWS} r
      LEFT JOIN projects p ON p.id = r.project_id
      ${rollupWhere(scope, split)}`;
}
