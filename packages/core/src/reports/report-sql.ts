import type { InvoiceGroupBy, ReportDimension, WeekStart } from '@timetracker/contracts';
import { Prisma } from '@timetracker/db';
import { entryRatesJoin, rateIntervalsJoin } from '../rates/rate-sql';
import { tagFilterSql, type TagMode } from '../tags/tag-sql';
import { secondsSql } from '../time-entries/entry-sql';
import { dimensionFilters } from './dimension-filters';
import { rollupEntryRows, rollupGroupingRows, splitParts, type RollupSplit } from './rollup-sql';

/** Which entries a report, series or export covers, already narrowed to what the actor may see. */
export interface EntryScope {
  /** undefined = everyone's (admins only; the service decides). */
  userIds?: number[];
  clientIds?: number[];
  projectIds?: number[];
  taskIds?: number[];
  tags?: string[];
  /** any (default) or all of `tags`. */
  tagMode?: TagMode;
  billable?: boolean;
  from?: Date;
  to?: Date;
  /** Running timers count from their start up to `now` (unrounded). */
  includeRunning: boolean;
  now: Date;
  timeZone: string;
  /** The first day of `week` groups and series (the query's, else the viewer's preference). */
  weekStart: WeekStart;
}

/** The actor's first day of the week (Principal.weekStart), Monday when unset or unknown. */
export const weekStartFrom = (value: string | undefined): WeekStart =>
  value !== undefined && value in DAYS_TO_MONDAY ? (value as WeekStart) : 'monday';

/** Days from the week's first day to its Monday: date_trunc('week') cuts ISO (Monday) weeks. */
const DAYS_TO_MONDAY: Record<WeekStart, number> = { monday: 0, sunday: 1, saturday: 2 };

/**
 * The local timestamp at which the week holding `local` (a local timestamp) starts, for weeks
 * starting on `weekStart`: shifted forward to the ISO week that holds the same days, cut there,
 * and shifted back. A Sunday-start week (Sunday to Saturday) is the ISO week of its Monday less
 * a day.
 */
export function weekStartSql(local: Prisma.Sql, weekStart: WeekStart): Prisma.Sql {
  const shift = Prisma.raw(`interval '${DAYS_TO_MONDAY[weekStart] ?? 0} days'`);
  return Prisma.sql`(date_trunc('week', ${local} + ${shift}) - ${shift})`;
}

/**
 * The label of a week starting on `first` (a date or local timestamp): the ISO week holding
 * most of its days, i.e. that of its Monday (the ISO week for Monday-start weeks).
 */
export function weekLabelSql(first: Prisma.Sql, weekStart: WeekStart): Prisma.Sql {
  const shift = Prisma.raw(`interval '${DAYS_TO_MONDAY[weekStart] ?? 0} days'`);
  return Prisma.sql`to_char(${first} + ${shift}, 'IYYY-"W"IW')`;
}

/** Label of a group without a user, client, project, task or tag. */
const NONE = '(none)';

/** WHERE for `te` (time_entries) joined with `p` (projects), plus any `extra` conditions. */
export function scopeWhere(scope: EntryScope, extra: Prisma.Sql[] = []): Prisma.Sql {
  const c: Prisma.Sql[] = [...extra, ...dimensionFilters(scope, 'te')];
  if (scope.tags?.length) c.push(tagFilterSql(Prisma.sql`te.id`, scope.tags, scope.tagMode));
  if (scope.from) c.push(Prisma.sql`te.start_time >= ${scope.from}::timestamptz`);
  if (scope.to) c.push(Prisma.sql`te.start_time < ${scope.to}::timestamptz`);
  if (!scope.includeRunning) c.push(Prisma.sql`te.end_time IS NOT NULL`);
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, ' AND ')}` : Prisma.empty;
}

/**
 * The CTE `e`: one row per matching entry with its seconds, `priced`: seconds × the resolved
 * billable rate (entryRatesJoin) of a billable entry, i.e. its money × 3600, exact (no rounding
 * per entry), and `costed`: seconds × the resolved cost rate of any entry, likewise. A group's amount is amountSql(sum(priced)): the sum divided by 3600 and
 * rounded half-up to the cent once, which an invoice line of the same entries bills within one
 * cent (docs/money.md).
 */
export function entriesCte(scope: EntryScope, split?: RollupSplit): Prisma.Sql {
  const parts = split
    ? splitParts(scope, split).map(([s, source]) => entryRows(s, source))
    : [entryRows(scope)];
  if (split) parts.push(rollupEntryRows(scope, split));
  return Prisma.sql`e AS (${Prisma.join(parts, ' UNION ALL ')})`;
}

/** entriesCte's rows of the entries of `scope` (or of its running entries only). */
function entryRows(scope: EntryScope, source: EntrySource = 'entries'): Prisma.Sql {
  return Prisma.sql`
    SELECT te.id, te.user_id, te.project_id, te.task_id, p.client_id, te.billable, te.start_time,
           te.start_time AT TIME ZONE ${scope.timeZone} AS local_start,
           s.seconds, te.break_seconds, ${PRICED}, ${COSTED}, 1 AS n
      ${fromEntries(source)}
      LEFT JOIN projects p ON p.id = te.project_id
      ${ratesJoin(scope, source)}
      CROSS JOIN LATERAL (SELECT ${secondsSql(scope.now)} AS seconds) s
      ${scopeWhere(scope)}`;
}

/**
 * Where rows of entries come from: all of time_entries, or only the running ones (through
 * running_timers, a few rows, rather than every entry of a range).
 */
export type EntrySource = 'entries' | 'running';

const fromEntries = (source: EntrySource) =>
  source === 'running'
    ? Prisma.sql`FROM running_timers rn JOIN time_entries te ON te.id = rn.entry_id AND te.end_time IS NULL`
    : Prisma.sql`FROM time_entries te`;

/**
 * `rt` (entryRatesJoin's rates) for the entries of `scope` from `source`: by rate interval for a
 * range of entries, by entry for the few running ones.
 */
function ratesJoin(scope: EntryScope, source: EntrySource): Prisma.Sql {
  if (source === 'running') return entryRatesJoin();
  const projects = scope.clientIds ? Prisma.sql`LEFT JOIN projects p ON p.id = te.project_id` : Prisma.empty;
  return rateIntervalsJoin(
    Prisma.sql`SELECT DISTINCT te.project_id, te.user_id FROM time_entries te ${projects} ${scopeWhere(scope)}`,
    scope.from,
  );
}

/** An entry's billable money × 3600 (needs `s.seconds` and entryRatesJoin's `rt`). */
const PRICED = Prisma.sql`CASE WHEN te.billable THEN s.seconds * rt.billable_rate END AS priced`;

/** An entry's cost × 3600: every entry costs, billable or not. */
const COSTED = Prisma.sql`s.seconds * rt.cost_rate AS costed`;

/**
 * Money from a sum of `priced` (seconds × rate): round_half_up(sum / 3600, 2). The sum is exact
 * (the rates have two decimals), so the one division and rounding decide the cent, and round()
 * on numeric rounds halves away from zero, i.e. up for these positive values.
 */
export const amountSql = (pricedSum: Prisma.Sql) =>
  Prisma.sql`round(COALESCE(${pricedSum}, 0) / 3600, 2)::numeric(20, 2)::text`;

/** The figures of a group of `e` rows (sum(e.n), not count(*): zero-filled groups have none). */
export const FIGURES = Prisma.sql`
  COALESCE(sum(e.seconds), 0)::bigint AS seconds,
  round(COALESCE(sum(e.seconds), 0) / 3600.0, 2)::text AS hours,
  COALESCE(sum(e.seconds) FILTER (WHERE e.billable), 0)::bigint AS billable_seconds,
  round(COALESCE(sum(e.seconds) FILTER (WHERE e.billable), 0) / 3600.0, 2)::text AS billable_hours,
  ${amountSql(Prisma.sql`sum(e.priced)`)} AS billable_amount,
  ${amountSql(Prisma.sql`sum(e.costed)`)} AS cost_amount,
  COALESCE(sum(e.n), 0)::int AS entries,
  COALESCE(sum(e.break_seconds), 0)::bigint AS break_seconds`;

/**
 * The summed figures of rows `x` that FIGURES later reads again (as `e`): what a pre-aggregation
 * keeps of each group (a hash over the rows before a sort, a join or a ranking sees them).
 */
export const partSums = (x: string) => {
  const c = (column: string) => Prisma.raw(`${x}.${column}`);
  return Prisma.sql`sum(${c('seconds')})::bigint AS seconds, sum(${c('priced')}) AS priced, sum(${c('costed')}) AS costed,
    sum(${c('n')})::bigint AS n, sum(${c('break_seconds')})::bigint AS break_seconds`;
};

export interface FiguresRow {
  seconds: bigint | number;
  hours: string;
  billable_seconds: bigint | number;
  billable_hours: string;
  billable_amount: string;
  cost_amount: string;
  entries: number;
  break_seconds: bigint | number;
}

export interface Figures {
  seconds: number;
  hours: string;
  billableSeconds: number;
  billableHours: string;
  billableAmount: string;
  /** What the time cost (cost rates); shown only to whom may see rates. */
  costAmount: string;
  entries: number;
  breakSeconds: number;
}

export const toFigures = (r: FiguresRow): Figures => ({
  seconds: Number(r.seconds),
  hours: r.hours,
  billableSeconds: Number(r.billable_seconds),
  billableHours: r.billable_hours,
  billableAmount: r.billable_amount,
  costAmount: r.cost_amount,
  entries: r.entries,
  breakSeconds: Number(r.break_seconds),
});

/**
 * The rows of one entry for grouping: the entry's figures (seconds, billable, priced) and the
 * raw value of each grouping dimension (`r1`, `r2`: ids, a flag, a tag or a local date), so the
 * aggregate compares small values and names and text formats are added to the few grouped rows
 * afterwards. With a tag dimension an entry yields one row per tag. The rollups' rows follow in
 * the same column order (r1, r2, billable, then partSums).
 */
export function groupingRows(
  scope: EntryScope,
  dimensions: ReportDimension[],
  lines?: InvoicePricing,
  split?: RollupSplit,
): Prisma.Sql {
  const parts = split
    ? [
        ...splitParts(scope, split).map(([s, source]) => entryGroupingRows(s, dimensions, lines, source)),
        rollupGroupingRows(scope, dimensions, lines, split),
      ]
    : [entryGroupingRows(scope, dimensions, lines, 'entries')];
  // OFFSET 0 keeps the rows a subquery of their own: pulled up into a GROUPING SETS query,
  // PostgreSQL before 18 does not null computed values (a month, a constant line key) in the
  // sets that leave them out, and split lines and totals that must be one row (seen on 15:
  // apps/api/test/rollup-exactness.e2e.test.ts, priced per project and grouped by month).
  return Prisma.sql`${Prisma.join(parts, ' UNION ALL ')} OFFSET 0`;
}

function entryGroupingRows(
  scope: EntryScope,
  dimensions: ReportDimension[],
  lines: InvoicePricing | undefined,
  source: EntrySource,
): Prisma.Sql {
  const local = Prisma.sql`(te.start_time AT TIME ZONE ${scope.timeZone})`;
  const raw: Record<ReportDimension, Prisma.Sql> = {
    user: Prisma.sql`te.user_id`,
    client: Prisma.sql`p.client_id`,
    project: Prisma.sql`te.project_id`,
    task: Prisma.sql`te.task_id`,
    tag: Prisma.sql`tg.tag`,
    billable: Prisma.sql`te.billable`,
    day: Prisma.sql`${local}::date`,
    // The first day of the local date's week (scope.weekStart; Monday: ISO weeks).
    week: Prisma.sql`${weekStartSql(local, scope.weekStart)}::date`,
    month: Prisma.sql`date_trunc('month', ${local})::date`,
  };
  const [d1, d2] = dimensions;
  const tagJoin = dimensions.includes('tag')
    ? Prisma.sql`LEFT JOIN LATERAL (
        SELECT t.name AS tag FROM time_entry_tags l JOIN tags t ON t.id = l.tag_id WHERE l.time_entry_id = te.id
      ) tg ON true`
    : Prisma.empty;
  return Prisma.sql`
    SELECT ${d1 ? raw[d1] : Prisma.sql`NULL::int`} AS r1, ${d2 ? raw[d2] : Prisma.sql`NULL::int`} AS r2,
           te.billable, s.seconds, ${PRICED}, ${COSTED}, 1 AS n, te.break_seconds
           ${lines ? Prisma.sql`, te.project_id AS lp, ${lineKeySql(lines)} AS lk, rt.billable_rate AS rate` : Prisma.empty}
      ${fromEntries(source)}
      LEFT JOIN projects p ON p.id = te.project_id
      ${ratesJoin(scope, source)}
      CROSS JOIN LATERAL (SELECT ${secondsSql(scope.now)} AS seconds) s
      ${tagJoin}
      ${scopeWhere(scope)}`;
}

/** The sums of grouped rows `x` (see groupingRows); formatted by FORMATTED_FIGURES. */
export const SUMS = Prisma.sql`
  COALESCE(sum(x.seconds), 0)::bigint AS seconds,
  COALESCE(sum(x.seconds) FILTER (WHERE x.billable), 0)::bigint AS billable_seconds,
  sum(x.priced) AS priced,
  sum(x.costed) AS costed,
  COALESCE(sum(x.n), 0)::int AS entries,
  COALESCE(sum(x.break_seconds), 0)::bigint AS break_seconds`;

/**
 * Pricing "as invoiced": entries priced the way invoice lines made from time would bill them
 * (invoice-lines.ts), one line per project and `groupBy` key; `timeZone` cuts the days of the
 * `day` grouping and must be the invoices' own (settings.timezone).
 */
export interface InvoicePricing {
  groupBy: InvoiceGroupBy;
  timeZone: string;
}

/** The key of an entry's invoice line within its project, as invoice-lines.ts groupKey. */
function lineKeySql(lines: InvoicePricing): Prisma.Sql {
  switch (lines.groupBy) {
    case 'task':
      return Prisma.sql`te.task_id`;
    case 'project':
      return Prisma.sql`NULL::int`;
    case 'day':
      return Prisma.sql`(te.start_time AT TIME ZONE ${lines.timeZone})::date`;
    case 'entry':
      return Prisma.sql`te.id`;
  }
}

/**
 * An invoice line's amount × 3600 (so that amountSql turns sums of it back into money exactly),
 * as invoice-money.ts computes it: quantity = round_half_up(seconds / 3600, scale) with scale =
 * quantityScale(rate) = least(9, 2 + digits of the rate before the point); amount =
 * round_half_up(quantity × rate, 2). NULL without a rate or billable seconds. seconds / 3600 is
 * a repeating decimal of one digit 1–8 or ends within 4 places, so numeric division's own
 * rounding (16+ significant digits) can never make a half that the exact value is not.
 */
export const invoicedSql = (seconds: Prisma.Sql, rate: Prisma.Sql) =>
  Prisma.sql`round(round(${seconds}::numeric / 3600, least(9, 2 + length(trunc(${rate})::bigint::text))) * ${rate}, 2) * 3600`;

/**
 * Figures of one invoice line: rows `x` (groupingRows with a pricing) grouped by x.lp, x.lk,
 * x.rate and more: entries at different rates make different lines, as on an invoice. Cost is
 * not invoiced, so it stays the exact sum.
 */
export const LINE_FIGURES = Prisma.sql`
  sum(x.seconds) AS seconds,
  sum(x.seconds) FILTER (WHERE x.billable) AS billable_seconds,
  ${invoicedSql(Prisma.sql`sum(x.seconds) FILTER (WHERE x.billable)`, Prisma.sql`max(x.rate)`)} AS priced,
  sum(x.costed) AS costed,
  sum(x.n) AS entries,
  sum(x.break_seconds) AS break_seconds`;

/** SUMS columns from invoice lines `l` (LINE_FIGURES): the lines' amounts added up. */
export const LINE_SUMS = Prisma.sql`
  COALESCE(sum(l.seconds), 0)::bigint AS seconds,
  COALESCE(sum(l.billable_seconds), 0)::bigint AS billable_seconds,
  sum(l.priced) AS priced,
  sum(l.costed) AS costed,
  COALESCE(sum(l.entries), 0)::int AS entries,
  COALESCE(sum(l.break_seconds), 0)::bigint AS break_seconds`;

/** FiguresRow columns from SUMS columns of `g`. */
export const FORMATTED_FIGURES = Prisma.sql`
  g.seconds, round(g.seconds / 3600.0, 2)::text AS hours,
  g.billable_seconds, round(g.billable_seconds / 3600.0, 2)::text AS billable_hours,
  ${amountSql(Prisma.sql`g.priced`)} AS billable_amount, ${amountSql(Prisma.sql`g.costed`)} AS cost_amount,
  g.entries, g.break_seconds`;

/** Key, label and sort order of a grouped value `g.rN`, with the join that names it. */
export function groupedDimension(dimension: ReportDimension, n: 1 | 2, weekStart: WeekStart) {
  const r = Prisma.raw(`g.r${n}`);
  const alias = Prisma.raw(`n${n}`);
  const named = (table: string, column: string) => ({
    join: Prisma.sql`LEFT JOIN ${Prisma.raw(table)} ${alias} ON ${alias}.id = ${r}`,
    key: Prisma.sql`${r}::text`,
    label: Prisma.sql`COALESCE(${alias}.${Prisma.raw(column)}, ${NONE})`,
    sort: Prisma.sql`lower(${alias}.${Prisma.raw(column)})`,
  });
  const plain = (key: Prisma.Sql, label: Prisma.Sql, sort: Prisma.Sql = key) => ({
    join: Prisma.empty,
    key,
    label,
    sort,
  });
  switch (dimension) {
    case 'user':
      return named('users', 'username');
    case 'client':
      return named('clients', 'name');
    case 'project':
      return named('projects', 'name');
    case 'task':
      return named('tasks', 'name');
    case 'tag':
      return plain(r, Prisma.sql`COALESCE(${r}, ${NONE})`, Prisma.sql`lower(${r})`);
    case 'billable':
      return plain(
        Prisma.sql`${r}::text`,
        Prisma.sql`CASE WHEN ${r} THEN 'Billable' ELSE 'Non-billable' END`,
        Prisma.sql`CASE WHEN ${r} THEN '0' ELSE '1' END`,
      );
    case 'day':
      return plain(Prisma.sql`to_char(${r}, 'YYYY-MM-DD')`, Prisma.sql`to_char(${r}, 'YYYY-MM-DD')`);
    case 'week':
      return plain(Prisma.sql`to_char(${r}, 'YYYY-MM-DD')`, weekLabelSql(r, weekStart));
    case 'month':
      return plain(Prisma.sql`to_char(${r}, 'YYYY-MM')`, Prisma.sql`to_char(${r}, 'YYYY-MM')`);
  }
}
