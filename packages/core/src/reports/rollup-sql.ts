import type { ReportDimension } from '@timetracker/contracts';
import { Prisma } from '@timetracker/db';
import { dimensionFilters } from './dimension-filters';
import { partSums, weekStartSql, type EntryScope, type EntrySource, type InvoicePricing } from './report-sql';

/**
 * A report range cut for the rollups (prisma/sql/010_entry_rollups.sql, docs/scaling.md): the
 * whole company-zone months inside it are read from entry_rollups and the whole days around them
 * from entry_rollup_days (for a report by day or week: every whole day), a few rows per user and
 * month or day with their rates already resolved; the part before the first whole day (`head`)
 * and after the last (`tail`) from the entries, and so are the running entries of the whole days,
 * which the rollups do not hold. Both give the same rows (dimension values, seconds, priced,
 * costed and `n`, the number of entries a row stands for), so the queries over them do not change.
 */
export interface RollupSplit {
  /**
   * The whole months read from entry_rollups (entry_rollup_hours with `byHour`, entry_rollup_tags
   * and entry_rollups with `byTag`), if any.
   */
  months?: DateRange;
  /**
   * The months are read from entry_rollup_hours, by the company-zone hour their entries start in
   * (the by-hour-of-day series); such a split has no days: everything outside the whole months
   * is read from the entries.
   */
  byHour?: boolean;
  /**
   * The months are read by tag (a report grouped by tag): each tag's rows from entry_rollup_tags,
   * and the untagged entries as all of entry_rollups less the tagged ones. No days either.
   */
  byTag?: boolean;
  /**
   * The whole days are read from entry_rollup_day_totals (everyone's time by day and billable
   * flag, its money summed): such a split has no months, only days.
   */
  dayTotals?: boolean;
  /**
   * The whole months are read from entry_rollup_month_totals (each user's time on each project by
   * month and billable flag, its money summed) instead of entry_rollups; with `byTag`, the months
   * the tagged rows are taken from.
   */
  monthTotals?: boolean;
  /**
   * With `byHour`: the whole months are read from entry_rollup_hour_totals (everyone's time by
   * month, hour and billable flag, its money summed).
   */
  hourTotals?: boolean;
  /**
   * With `byTag`: each tag's whole months are read from entry_rollup_tag_totals (everyone's tagged
   * time by month, tag and billable flag, its money summed), and all of the months' time, from
   * which the untagged entries are left, from entry_rollup_day_totals.
   */
  tagTotals?: boolean;
  /** The whole days read from entry_rollup_days (entry_rollup_day_totals), outside `months`. */
  days: DateRange[];
  /** The entries before the first whole day (from the range's start); none without a start. */
  head?: EntryScope;
  /** The entries from the end of the last whole day on (to the range's end); none without an end. */
  tail?: EntryScope;
  /** The range of the whole days, for the running entries in it. */
  middle: EntryScope;
}

/** [from, to) of company-zone dates (YYYY-MM-DD); null: open on that side. */
export interface DateRange {
  from: string | null;
  to: string | null;
}

/** What a report asks of the rollups: the grouping, the invoice lines and the series by hour of day. */
export interface RollupNeeds {
  dimensions?: readonly ReportDimension[];
  lines?: InvoicePricing;
  /** Grouped by the hour of the day (entry_rollup_hours), cut in the report's zone. */
  byHour?: boolean;
}

/** Grouping dimensions a rollup row holds (tags: entry_rollup_tags, with TAG_DIMENSIONS only). */
const ROLLUP_DIMENSIONS: ReadonlySet<ReportDimension> = new Set([
  'user',
  'client',
  'project',
  'task',
  'billable',
  'day',
  'week',
  'month',
]);

/** What entry_rollup_tags holds besides the tag: no task, no day or week. */
const TAG_DIMENSIONS: ReadonlySet<ReportDimension> = new Set([
  'tag',
  'user',
  'client',
  'project',
  'billable',
  'month',
]);

/** Dimensions cut in the report's zone: the rollups' days and months are the company zone's. */
const ZONED_DIMENSIONS: ReadonlySet<ReportDimension> = new Set(['day', 'week', 'month']);

/**
 * Whether rollups cut in `rollupZone` (null: none are current) can answer a report of `scope`
 * grouped by `dimensions` and priced as `lines`: not filtered by tags (no rollup row knows all
 * of an entry's tags), with invoice lines per entry, or with days, weeks and months (of groups or
 * invoice lines) cut in another zone than the rollups'. By hour of day: in the rollups' zone and
 * not filtered by task (the hour rollups hold none). By tag: not with a task, day or week, nor
 * priced as invoiced, nor filtered by task (the tag rollups hold none of these).
 */
export function rollupServes(scope: EntryScope, needs: RollupNeeds, rollupZone: string | null): boolean {
  const { dimensions = [], lines, byHour } = needs;
  if (rollupZone === null || scope.tags?.length) return false;
  if (byHour) return scope.timeZone === rollupZone && !scope.taskIds && dimensions.length === 0 && !lines;
  if (dimensions.includes('tag'))
    return (
      !lines &&
      !scope.taskIds &&
      dimensions.every((d) => TAG_DIMENSIONS.has(d)) &&
      (!dimensions.includes('month') || scope.timeZone === rollupZone)
    );
  if (!dimensions.every((d) => ROLLUP_DIMENSIONS.has(d))) return false;
  if (dimensions.some((d) => ZONED_DIMENSIONS.has(d)) && scope.timeZone !== rollupZone) return false;
  if (lines?.groupBy === 'day') return lines.timeZone === rollupZone;
  return !lines || lines.groupBy === 'project' || lines.groupBy === 'task';
}

/** What entry_rollup_day_totals holds: everyone's time by day (so by week and month) and billable. */
const TOTAL_DIMENSIONS: ReadonlySet<ReportDimension> = new Set(['billable', 'day', 'week', 'month']);

/**
 * Whether entry_rollup_day_totals can answer a report the rollups serve (rollupServes): everyone's
 * time (no filter on user, client, project or task), grouped by day, week, month and billable flag
 * only, priced exactly (invoice lines need each rate).
 */
export function dayTotalsServe(scope: EntryScope, { dimensions = [], lines, byHour }: RollupNeeds): boolean {
  if (byHour || lines || !ofEveryone(scope)) return false;
  return dimensions.every((d) => TOTAL_DIMENSIONS.has(d));
}

/**
 * Whether entry_rollup_hour_totals can answer a series by hour of day the hour rollups serve
 * (rollupServes): everyone's time (no filter on user, client, project or task).
 */
export function hourTotalsServe(scope: EntryScope, { byHour }: RollupNeeds): boolean {
  return Boolean(byHour) && ofEveryone(scope);
}

/** What entry_rollup_tag_totals holds: everyone's tagged time by month, tag and billable. */
const TAG_TOTAL_DIMENSIONS: ReadonlySet<ReportDimension> = new Set(['tag', 'billable', 'month']);

/**
 * Whether entry_rollup_tag_totals can answer a report by tag the tag rollups serve (rollupServes):
 * everyone's time (no filter on user, client, project or task), grouped by tag, billable flag and
 * month only.
 */
export function tagTotalsServe(scope: EntryScope, { dimensions = [], lines, byHour }: RollupNeeds): boolean {
  if (byHour || lines || !dimensions.includes('tag') || !ofEveryone(scope)) return false;
  return dimensions.every((d) => TAG_TOTAL_DIMENSIONS.has(d));
}

/** Whether a report is of everyone's time: filtered by nothing the totals have no column for. */
function ofEveryone(scope: EntryScope): boolean {
  return !(scope.userIds || scope.clientIds || scope.projectIds || scope.taskIds);
}

/** What entry_rollup_month_totals holds: each user's time on each project by month and billable. */
const MONTH_TOTAL_DIMENSIONS: ReadonlySet<ReportDimension> = new Set([
  'user',
  'client',
  'project',
  'billable',
  'month',
  // A report by tag takes its tagged rows from all of a month's (rollupRows): these can be those.
  'tag',
]);

/**
 * Whether entry_rollup_month_totals can answer a report the rollups serve (rollupServes) for its
 * whole months: grouped by user, client, project, billable flag, month or tag, not filtered by
 * task, priced exactly, not by hour of day.
 */
export function monthTotalsServe(
  scope: EntryScope,
  { dimensions = [], lines, byHour }: RollupNeeds,
): boolean {
  if (byHour || lines || scope.taskIds) return false;
  return dimensions.every((d) => MONTH_TOTAL_DIMENSIONS.has(d));
}

/** Whether a report reads whole months only (by hour of day, by tag): the rest from the entries. */
export function needsMonthsOnly({ dimensions = [], byHour }: RollupNeeds): 'byHour' | 'byTag' | undefined {
  if (byHour) return 'byHour';
  return dimensions.includes('tag') ? 'byTag' : undefined;
}

/** Whether a report needs whole days rather than months: grouped by day or week, or lines per day. */
export function needsDays({ dimensions = [], lines }: RollupNeeds): boolean {
  return dimensions.includes('day') || dimensions.includes('week') || lines?.groupBy === 'day';
}

/** The entry parts of a split: head, tail and the running entries of the whole months. */
export function splitParts(scope: EntryScope, split: RollupSplit): [EntryScope, EntrySource][] {
  const parts: [EntryScope, EntrySource][] = [];
  if (split.head) parts.push([split.head, 'entries']);
  if (split.tail) parts.push([split.tail, 'entries']);
  if (scope.includeRunning) parts.push([split.middle, 'running']);
  return parts;
}

/** `column` within `range` (dates compared as dates). */
function inRange(column: Prisma.Sql, range: DateRange): Prisma.Sql[] {
  const c: Prisma.Sql[] = [];
  if (range.from) c.push(Prisma.sql`${column} >= ${range.from}::date`);
  if (range.to) c.push(Prisma.sql`${column} < ${range.to}::date`);
  return c.length ? c : [Prisma.sql`true`];
}

const all = (c: Prisma.Sql[]) => Prisma.join(c, ' AND ');
const any = (c: Prisma.Sql[]) => (c.length ? Prisma.sql`(${Prisma.join(c, ' OR ')})` : Prisma.sql`false`);

/**
 * The rollup rows of the split: whole months of entry_rollups (or of entry_rollup_hours, by
 * hour), whole days of entry_rollup_days and the deltas the worker has not folded in yet
 * (entry_rollups_fold) of either, a delta's figures signed, so sums over them are the rollups as
 * of this snapshot. `day` is null on month rows (a split by day or week has none), `hour` on all
 * but the hour split's, `tag` (a name) on all but the tag split's tag rows.
 */
function rollupRows(split: RollupSplit): Prisma.Sql {
  // Money is a row's seconds × its rate (ROLLUP_MONEY), but the totals' rows keep it summed.
  const NO_MONEY = 'NULL::numeric AS priced, NULL::numeric AS costed';
  const noMoney = Prisma.raw(NO_MONEY);
  const figures = Prisma.raw(
    `user_id, project_id, task_id, billable, invoice_item_id, billable_rate, cost_rate, entries, seconds, break_seconds, ${NO_MONEY}`,
  );
  // The totals' figures after their user and project: no task, invoice line or rates.
  const totalFigures = Prisma.raw(
    'NULL::int AS task_id, billable, NULL::int AS invoice_item_id, NULL::numeric AS billable_rate, ' +
      'NULL::numeric AS cost_rate, entries, seconds, break_seconds, priced, costed',
  );
  const months = split.months ? inRange(Prisma.sql`month`, split.months) : null;
  const monthsByDay = split.months ? inRange(Prisma.sql`day`, split.months) : null;
  const days = split.days.map((d) => all(inRange(Prisma.sql`day`, d)));
  const parts: Prisma.Sql[] = [];
  if (months && split.hourTotals)
    parts.push(
      Prisma.sql`SELECT month, NULL::date AS day, hour, NULL::text AS tag, NULL::int AS user_id,
                        NULL::int AS project_id, ${totalFigures}
                   FROM entry_rollup_hour_totals WHERE ${all(months)}`,
    );
  else if (months && split.byHour)
    parts.push(
      Prisma.sql`SELECT month, NULL::date AS day, hour, NULL::text AS tag, user_id, project_id, NULL::int AS task_id,
                        billable, NULL::int AS invoice_item_id, billable_rate, cost_rate, entries, seconds, break_seconds,
                        ${noMoney}
                   FROM entry_rollup_hours WHERE ${all(months)}`,
    );
  else if (monthsByDay && split.tagTotals)
    // All of the months' time (the untagged entries are what the tags' rows below leave of it).
    parts.push(
      Prisma.sql`SELECT date_trunc('month', day)::date AS month, NULL::date AS day, NULL::smallint AS hour,
                        NULL::text AS tag, NULL::int AS user_id, NULL::int AS project_id, ${totalFigures}
                   FROM entry_rollup_day_totals WHERE ${all(monthsByDay)}`,
    );
  else if (months && split.monthTotals)
    parts.push(
      Prisma.sql`SELECT month, NULL::date AS day, NULL::smallint AS hour, NULL::text AS tag, user_id, project_id,
                        ${totalFigures}
                   FROM entry_rollup_month_totals WHERE ${all(months)}`,
    );
  else if (months)
    parts.push(
      Prisma.sql`SELECT month, NULL::date AS day, NULL::smallint AS hour, NULL::text AS tag, ${figures}
                   FROM entry_rollups WHERE ${all(months)}`,
    );
  if (months && split.byTag) {
    // Each tag's rows (named), and the rows under tag NULL (the entries that have any tag) taken
    // away from the months' above: what is left of those is the untagged entries, tag NULL. The
    // totals' rows keep their money summed, the rollups' and the deltas' their rates.
    const tagFigures = Prisma.raw(
      'month, tag_id, user_id, project_id, billable, billable_rate, cost_rate, entries, seconds, break_seconds',
    );
    const tagRows = split.tagTotals
      ? Prisma.sql`SELECT month, tag_id, NULL::int AS user_id, NULL::int AS project_id, billable,
                          NULL::numeric AS billable_rate, NULL::numeric AS cost_rate, entries, seconds, break_seconds,
                          priced, costed
                     FROM entry_rollup_tag_totals WHERE ${all(months)}`
      : Prisma.sql`SELECT ${tagFigures}, ${noMoney} FROM entry_rollup_tags WHERE ${all(months)}`;
    parts.push(
      Prisma.sql`SELECT x.month, NULL::date AS day, NULL::smallint AS hour, t.name AS tag, x.user_id, x.project_id,
                        NULL::int AS task_id, x.billable, NULL::int AS invoice_item_id, x.billable_rate, x.cost_rate,
                        s.sign * x.entries AS entries, s.sign * x.seconds AS seconds,
                        s.sign * x.break_seconds AS break_seconds, s.sign * x.priced AS priced,
                        s.sign * x.costed AS costed
                   FROM (${tagRows}
                         UNION ALL
                         SELECT ${tagFigures}, ${noMoney} FROM entry_rollup_tag_deltas WHERE ${all(months)}) x
                   LEFT JOIN tags t ON t.id = x.tag_id
                  CROSS JOIN LATERAL (SELECT CASE WHEN x.tag_id IS NULL THEN -1 ELSE 1 END AS sign) s`,
    );
  }
  if (days.length && split.dayTotals)
    parts.push(
      Prisma.sql`SELECT date_trunc('month', day)::date AS month, day, NULL::smallint AS hour, NULL::text AS tag,
                        NULL::int AS user_id, NULL::int AS project_id, ${totalFigures}
                   FROM entry_rollup_day_totals WHERE ${any(days)}`,
    );
  else if (days.length)
    parts.push(
      Prisma.sql`SELECT date_trunc('month', day)::date AS month, day, NULL::smallint AS hour, NULL::text AS tag, ${figures}
                   FROM entry_rollup_days WHERE ${any(days)}`,
    );
  const deltas = [...(months ? [all(months)] : []), ...days];
  parts.push(
    Prisma.sql`SELECT month, day, hour, NULL::text AS tag, ${figures} FROM entry_rollup_deltas WHERE ${any(deltas)}`,
  );
  return Prisma.sql`(${Prisma.join(parts, ' UNION ALL ')})`;
}

/** WHERE for `r` (rollupRows) joined with `p` (projects): the scope's filters. */
function rollupWhere(scope: EntryScope): Prisma.Sql {
  const c = dimensionFilters(scope, 'r');
  return c.length ? Prisma.sql`WHERE ${all(c)}` : Prisma.empty;
}

/**
 * A rollup row's money × 3600, as PRICED and COSTED of its entries add up: its seconds × its rate
 * (one rate per row), or the sums a totals' row keeps.
 */
const ROLLUP_MONEY = Prisma.sql`CASE WHEN r.billable THEN COALESCE(r.priced, r.seconds * r.billable_rate) END AS priced,
           COALESCE(r.costed, r.seconds * r.cost_rate) AS costed, r.entries AS n`;

/** groupingRows' rows from the rollups of the split's whole months and days. */
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
    tag: Prisma.sql`r.tag`,
    // Days and weeks: a split by day (needsDays) reads days only, never a month row.
    day: Prisma.sql`r.day`,
    week: Prisma.sql`${weekStartSql(Prisma.sql`r.day::timestamp`, scope.weekStart)}::date`,
    month: Prisma.sql`r.month`,
  };
  const value = (d: ReportDimension | undefined) => {
    if (!d) return Prisma.sql`NULL::int`;
    const sql = raw[d];
    if (!sql) throw new Error(`rollups hold no ${d}`);
    return sql;
  };
  const [d1, d2] = dimensions;
  const lineKey =
    lines?.groupBy === 'task'
      ? Prisma.sql`r.task_id`
      : lines?.groupBy === 'day'
        ? Prisma.sql`r.day`
        : Prisma.sql`NULL::int`;
  const lineColumns = lines ? Prisma.sql`, y.lp, y.lk, y.rate` : Prisma.empty;
  // Summed by the groups' values first (a hash over the rows): the report's GROUPING SETS then
  // sort a few rows per group, not every rollup row (800k for a year of days at 1M entries).
  return Prisma.sql`
    SELECT y.r1, y.r2, y.billable, ${partSums('y')} ${lineColumns}
      FROM (SELECT ${value(d1)} AS r1, ${value(d2)} AS r2, r.seconds, r.billable, r.break_seconds, ${ROLLUP_MONEY}
                   ${lines ? Prisma.sql`, r.project_id AS lp, ${lineKey} AS lk, r.billable_rate AS rate` : Prisma.empty}
              FROM ${rollupRows(split)} r
              LEFT JOIN projects p ON p.id = r.project_id
              ${rollupWhere(scope)}) y
     GROUP BY y.r1, y.r2, y.billable ${lineColumns}`;
}

/**
 * entriesCte's rows from the rollups: no entry id or start; a day row starts at its midnight
 * (what series by day or week need of it), an hour split's row at its hour on the first of its
 * month (what the series by hour of day needs), a month row at none.
 */
export function rollupEntryRows(scope: EntryScope, split: RollupSplit): Prisma.Sql {
  const localStart = split.byHour
    ? Prisma.sql`r.month::timestamp + make_interval(hours => r.hour)`
    : Prisma.sql`r.day::timestamp`;
  return Prisma.sql`
    SELECT NULL::int AS id, r.user_id, r.project_id, r.task_id, p.client_id, r.billable,
           NULL::timestamptz AS start_time, ${localStart} AS local_start, r.seconds, r.break_seconds,
           ${ROLLUP_MONEY}
      FROM ${rollupRows(split)} r
      LEFT JOIN projects p ON p.id = r.project_id
      ${rollupWhere(scope)}`;
}
