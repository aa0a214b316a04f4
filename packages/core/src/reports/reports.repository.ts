import type { ReportDimension } from '@timetracker/contracts';
import { Prisma, type PrismaClient } from '@timetracker/db';
import {
  amountSql,
  entriesCte,
  FIGURES,
  FORMATTED_FIGURES,
  groupedDimension,
  weekLabelSql,
  weekStartSql,
  groupingRows,
  LINE_FIGURES,
  LINE_SUMS,
  partSums,
  SUMS,
  toFigures,
  type EntryScope,
  type Figures,
  type InvoicePricing,
  type FiguresRow,
} from './report-sql';
import {
  dayTotalsServe,
  hourTotalsServe,
  monthTotalsServe,
  tagTotalsServe,
  needsDays,
  needsMonthsOnly,
  rollupServes,
  type DateRange,
  type RollupNeeds,
  type RollupSplit,
} from './rollup-sql';

export interface ReportSettings {
  timezone: string;
  currency: string;
  exportDelimiter: string;
  /** Whether everyone sees money (else admins and accountants only). */
  ratesVisibleToAll: boolean;
}

export interface SummaryGroup {
  dimension: ReportDimension;
  key: string | null;
  label: string;
}

export interface SummaryResult {
  totals: Figures;
  rows: (Figures & { groups: SummaryGroup[] })[];
}

export interface SeriesPoint extends Figures {
  key: string | null;
  label: string;
}

type GroupedRow = FiguresRow & {
  is_total: boolean;
  k1: string | null;
  l1: string | null;
  k2: string | null;
  l2: string | null;
};

const NULL_TEXT = Prisma.sql`NULL::text`;

/**
 * Groups whose rows add up to no entry: read from entry_rollups, a row and a delta not folded in
 * yet can cancel out (an entry moved to another project), where the entries give no group at all.
 */
const NO_EMPTY_GROUPS = Prisma.sql`HAVING GROUPING(x.r1, x.r2) <> 0 OR sum(x.n) <> 0`;

const NO_FIGURES: Figures = {
  seconds: 0,
  hours: '0.00',
  billableSeconds: 0,
  billableHours: '0.00',
  billableAmount: '0.00',
  costAmount: '0.00',
  entries: 0,
  breakSeconds: 0,
};

/**
 * Reports, dashboard figures and chart series, each computed by one SQL statement.
 * Raw SQL throughout: Prisma's groupBy cannot group by expressions (local day, week, tag),
 * join names, zero-fill with generate_series or price sums of seconds × rate exactly.
 */
export class ReportsRepository {
  constructor(
    private readonly prisma: PrismaClient,
    /** Read whole months from entry_rollups where they can answer (off: price every entry, as the exactness test compares). */
    private readonly rollups = true,
  ) {}

  /**
   * How to cut `scope` for the rollups (rollup-sql.ts), or undefined when every entry must be
   * read: rollups off or not current (their zone is not the company's), a report they cannot
   * answer, or a range without a whole company-zone day (by hour of day: month).
   */
  async rollupSplit(scope: EntryScope, needs: RollupNeeds = {}): Promise<RollupSplit | undefined> {
    if (!this.rollups || !rollupServes(scope, needs, scope.timeZone)) return undefined;
    const from = scope.from ?? null;
    const to = scope.to ?? null;
    // The first whole day from `from` on and the day `to` falls in (company zone), the first
    // whole month from that day on and the month of the last day; as dates and as instants.
    const [row] = await this.prisma.$queryRaw<
      {
        zone: string;
        dlo: string | null;
        dhi: string | null;
        mlo: string | null;
        mhi: string | null;
        dlo_at: Date | null;
        dhi_at: Date | null;
        mlo_at: Date | null;
        mhi_at: Date | null;
      }[]
    >`
      SELECT z.zone, to_char(d.lo, 'YYYY-MM-DD') AS dlo, to_char(d.hi, 'YYYY-MM-DD') AS dhi,
             to_char(m.lo, 'YYYY-MM-DD') AS mlo, to_char(m.hi, 'YYYY-MM-DD') AS mhi,
             d.lo AT TIME ZONE z.zone AS dlo_at, d.hi AT TIME ZONE z.zone AS dhi_at,
             m.lo AT TIME ZONE z.zone AS mlo_at, m.hi AT TIME ZONE z.zone AS mhi_at
        FROM (SELECT s.zone FROM entry_rollup_state s
                JOIN settings st ON st.id = 1 AND st.timezone = s.zone
               WHERE s.id = 1) z
       CROSS JOIN LATERAL (
             SELECT CASE WHEN (l.lo AT TIME ZONE z.zone) < ${from}::timestamptz THEN l.lo + interval '1 day'
                         ELSE l.lo END AS lo,
                    date_trunc('day', ${to}::timestamptz AT TIME ZONE z.zone) AS hi
               FROM (SELECT date_trunc('day', ${from}::timestamptz AT TIME ZONE z.zone) AS lo) l) d
       CROSS JOIN LATERAL (
             SELECT CASE WHEN date_trunc('month', d.lo) < d.lo THEN date_trunc('month', d.lo) + interval '1 month'
                         ELSE d.lo END AS lo,
                    date_trunc('month', d.hi) AS hi) m`;
    if (!row || !rollupServes(scope, needs, row.zone)) return undefined;
    if (row.dlo !== null && row.dhi !== null && row.dlo >= row.dhi) return undefined;
    // By hour of day or by tag: whole months only, the entries for the rest.
    const monthsOnly = needsMonthsOnly(needs);
    const [lo, hi] = monthsOnly ? [row.mlo_at, row.mhi_at] : [row.dlo_at, row.dhi_at];
    if (monthsOnly && row.mlo !== null && row.mhi !== null && row.mlo >= row.mhi) return undefined;
    const middle: EntryScope = { ...scope };
    if (lo) middle.from = lo;
    else delete middle.from;
    if (hi) middle.to = hi;
    else delete middle.to;
    // Everyone's time by day, week, month or billable flag: every whole day from the day totals.
    const totals = !monthsOnly && dayTotalsServe(scope, needs);
    // Everyone's time by tag: whole months from the tag totals (and the day totals).
    const tagTotals = tagTotalsServe(scope, needs);
    // Else by user, client, project, billable flag, month or tag: whole months from the month totals.
    const monthTotals = !totals && !tagTotals && monthTotalsServe(scope, needs);
    return {
      ...(monthsOnly
        ? { months: { from: row.mlo, to: row.mhi }, days: [], [monthsOnly]: true }
        : wholeMonthsAndDays(row, totals || needsDays(needs))),
      ...(totals ? { dayTotals: true } : {}),
      ...(monthTotals ? { monthTotals: true } : {}),
      ...(tagTotals ? { tagTotals: true } : {}),
      ...(hourTotalsServe(scope, needs) ? { hourTotals: true } : {}),
      ...(lo ? { head: { ...scope, to: lo } } : {}),
      ...(hi ? { tail: { ...scope, from: hi } } : {}),
      middle,
    };
  }

  async settings(): Promise<ReportSettings> {
    const s = await this.prisma.settings.findUnique({
      where: { id: 1 },
      select: { timezone: true, currency: true, exportDelimiter: true, ratesVisibleToAll: true },
    });
    return s ?? { timezone: 'UTC', currency: 'EUR', exportDelimiter: ',', ratesVisibleToAll: false };
  }

  /**
   * Totals and grouped rows in one statement (one snapshot). Entries are aggregated by the raw
   * dimension values (GROUPING SETS gives the totals in the same pass); names and text formats
   * are joined to the grouped rows only. With a tag dimension an entry counts once per tag, so
   * the totals come from a second pass without the tags, which counts it once.
   */
  async summary(
    scope: EntryScope,
    groupBy: ReportDimension[],
    lines?: InvoicePricing,
  ): Promise<SummaryResult> {
    const [d1, d2] = groupBy;
    const split = await this.rollupSplit(scope, { dimensions: groupBy, lines });
    // The totals of a tag report count each entry once: they are read as a report without groups.
    const totalsSplit = groupBy.includes('tag') ? await this.rollupSplit(scope, { lines }) : split;
    let grouped: Prisma.Sql;
    if (lines) {
      grouped = this.invoicedGroups(scope, groupBy, lines, split, totalsSplit);
    } else if (!d1) {
      grouped = Prisma.sql`SELECT NULL::int AS r1, NULL::int AS r2, 1 AS total, ${SUMS} FROM (${groupingRows(scope, [], undefined, split)}) x`;
    } else if (groupBy.includes('tag')) {
      grouped = Prisma.sql`
        SELECT x.r1, x.r2, 0 AS total, ${SUMS} FROM (${groupingRows(scope, groupBy, undefined, split)}) x
         GROUP BY x.r1, x.r2 HAVING sum(x.n) <> 0
        UNION ALL
        SELECT NULL, NULL, 1, ${SUMS} FROM (${groupingRows(scope, [], undefined, totalsSplit)}) x`;
    } else {
      grouped = Prisma.sql`
        SELECT x.r1, x.r2, GROUPING(x.r1, x.r2) AS total, ${SUMS}
          FROM (${groupingRows(scope, groupBy, undefined, split)}) x
         GROUP BY GROUPING SETS ((x.r1, x.r2), ())
        ${NO_EMPTY_GROUPS}`;
    }
    const g1 = d1 ? groupedDimension(d1, 1, scope.weekStart) : undefined;
    const g2 = d2 ? groupedDimension(d2, 2, scope.weekStart) : undefined;
    const rows = await this.prisma.$queryRaw<GroupedRow[]>`
      WITH g AS (${grouped})
      SELECT g.total <> 0 AS is_total,
             ${g1?.key ?? NULL_TEXT} AS k1, ${g1?.label ?? NULL_TEXT} AS l1, ${g1?.sort ?? NULL_TEXT} AS s1,
             ${g2?.key ?? NULL_TEXT} AS k2, ${g2?.label ?? NULL_TEXT} AS l2, ${g2?.sort ?? NULL_TEXT} AS s2,
             ${FORMATTED_FIGURES}
        FROM g ${g1?.join ?? Prisma.empty} ${g2?.join ?? Prisma.empty}
       ORDER BY is_total DESC, s1 NULLS LAST, k1 NULLS LAST, s2 NULLS LAST, k2 NULLS LAST`;
    // Priced as invoiced, no entries give no lines and so no totals row either.
    const total = rows[0]?.is_total ? rows[0] : undefined;
    const groups = total ? rows.slice(1) : rows;
    return {
      totals: total ? toFigures(total) : NO_FIGURES,
      rows: groups.map((r) => ({
        groups: [
          { dimension: groupBy[0]!, key: r.k1, label: r.l1 ?? '' },
          ...(groupBy[1] ? [{ dimension: groupBy[1], key: r.k2, label: r.l2 ?? '' }] : []),
        ],
        ...toFigures(r),
      })),
    };
  }

  /**
   * Like the exact groups of summary(), but each row's (and the totals') money is the sum of the
   * invoice lines its entries would make: the entries are first grouped into lines (per project
   * and line key, within the row), each line priced as invoice-money.ts prices it, and the lines
   * added up. A row thus shows what an invoice of exactly its entries would bill.
   */
  private invoicedGroups(
    scope: EntryScope,
    groupBy: ReportDimension[],
    lines: InvoicePricing,
    split: RollupSplit | undefined,
    totalsSplit: RollupSplit | undefined,
  ): Prisma.Sql {
    // Untyped NULLs: after a UNION ALL they take the grouped rows' types (a tag is text).
    const totals = Prisma.sql`
      SELECT NULL AS r1, NULL AS r2, 1 AS total, ${LINE_SUMS}
        FROM (SELECT ${LINE_FIGURES} FROM (${groupingRows(scope, [], lines, totalsSplit)}) x GROUP BY x.lp, x.lk, x.rate) l`;
    if (!groupBy[0]) return totals;
    if (groupBy.includes('tag')) {
      return Prisma.sql`
        SELECT l.r1, l.r2, 0 AS total, ${LINE_SUMS}
          FROM (SELECT x.r1, x.r2, ${LINE_FIGURES} FROM (${groupingRows(scope, groupBy, lines)}) x
                 GROUP BY x.r1, x.r2, x.lp, x.lk, x.rate) l
         GROUP BY l.r1, l.r2
        UNION ALL
        ${totals}`;
    }
    // One pass: the lines of each row and the lines of all entries (the totals).
    return Prisma.sql`
      SELECT l.r1, l.r2, l.total, ${LINE_SUMS}
        FROM (SELECT x.r1, x.r2, GROUPING(x.r1, x.r2) AS total, ${LINE_FIGURES}
                FROM (${groupingRows(scope, groupBy, lines, split)}) x
               GROUP BY GROUPING SETS ((x.r1, x.r2, x.lp, x.lk, x.rate), (x.lp, x.lk, x.rate))) l
       GROUP BY l.r1, l.r2, l.total
      HAVING l.total <> 0 OR sum(l.entries) <> 0`;
  }

  /** Seconds and amounts of one user in three ranges (today, this week, this month) at once. */
  async userTotals(scope: EntryScope, ranges: { from: Date; to: Date }[]) {
    const inRange = (r: { from: Date; to: Date }) =>
      Prisma.sql`e.start_time >= ${r.from}::timestamptz AND e.start_time < ${r.to}::timestamptz`;
    const columns = ranges.map(
      (r, i) => Prisma.sql`
        COALESCE(sum(e.seconds) FILTER (WHERE ${inRange(r)}), 0)::bigint AS ${Prisma.raw(`s${i}`)},
        round(COALESCE(sum(e.seconds) FILTER (WHERE ${inRange(r)}), 0) / 3600.0, 2)::text AS ${Prisma.raw(`h${i}`)},
        ${amountSql(Prisma.sql`sum(e.priced) FILTER (WHERE ${inRange(r)})`)} AS ${Prisma.raw(`a${i}`)}`,
    );
    const [row] = await this.prisma.$queryRaw<Record<string, bigint | string>[]>`
      WITH ${entriesCte(scope)}
      SELECT ${Prisma.join(columns)} FROM e`;
    return ranges.map((_, i) => ({
      seconds: Number(row?.[`s${i}`] ?? 0),
      hours: String(row?.[`h${i}`]),
      billableAmount: String(row?.[`a${i}`]),
    }));
  }

  /** Found through running_timers (a user's few running entries, not all of their entries). */
  async findNewestRunning(userId: number) {
    const running = await this.prisma.runningTimer.findFirst({
      where: { userId, entry: { endTime: null } },
      orderBy: { entry: { startTime: 'desc' } },
      select: {
        entry: {
          select: {
            id: true,
            projectId: true,
            notes: true,
            startTime: true,
            project: { select: { name: true } },
            task: { select: { name: true } },
          },
        },
      },
    });
    return running?.entry ?? null;
  }

  /** Every local day of [from, to) with its figures, days without time as zeros. */
  hoursByDay(scope: EntryScope & { from: Date; to: Date }): Promise<SeriesPoint[]> {
    return this.zeroFilled(scope, 'day', Prisma.sql`to_char(b.slot, 'YYYY-MM-DD')`);
  }

  /** Every local week (from scope.weekStart's day, Monday by default) overlapping [from, to), zero-filled. */
  weeklyTrend(scope: EntryScope & { from: Date; to: Date }): Promise<SeriesPoint[]> {
    return this.zeroFilled(scope, 'week', weekLabelSql(Prisma.sql`b.slot`, scope.weekStart));
  }

  private async zeroFilled(
    scope: EntryScope & { from: Date; to: Date },
    unit: 'day' | 'week',
    label: Prisma.Sql,
  ): Promise<SeriesPoint[]> {
    const tz = scope.timeZone;
    const step = unit === 'day' ? Prisma.sql`interval '1 day'` : Prisma.sql`interval '1 week'`;
    const trunc = (local: Prisma.Sql) =>
      unit === 'day' ? Prisma.sql`date_trunc('day', ${local})` : weekStartSql(local, scope.weekStart);
    // Whole days from entry_rollup_days (a day row's local_start is its midnight).
    const split = await this.rollupSplit(scope, { dimensions: [unit] });
    // Slots are local wall-clock timestamps, so a 23- or 25-hour DST day is still one slot.
    return this.points(Prisma.sql`
      WITH ${entriesCte(scope, split)},
      b AS (
        SELECT generate_series(
          ${trunc(Prisma.sql`(${scope.from}::timestamptz AT TIME ZONE ${tz})`)},
          (${scope.to}::timestamptz - interval '1 microsecond') AT TIME ZONE ${tz},
          ${step}) AS slot
      ),
      -- Summed by slot first (a hash over the rows), then joined to the few slots.
      d AS (
        SELECT ${trunc(Prisma.sql`e.local_start`)} AS slot, e.billable, ${partSums('e')}
          FROM e GROUP BY 1, 2
      )
      SELECT to_char(b.slot, 'YYYY-MM-DD') AS key, ${label} AS label, ${FIGURES}
        FROM b LEFT JOIN d e ON e.slot = b.slot
       GROUP BY b.slot ORDER BY b.slot`);
  }

  /** The top `limit` projects by time, the rest summed into one "Other" point (key null). */
  async byProject(scope: EntryScope, limit: number): Promise<SeriesPoint[]> {
    const split = await this.rollupSplit(scope, { dimensions: ['project'] });
    // Summed per project first: the ranking and the join then see a row or two per project (a
    // join of every row on IS NOT DISTINCT FROM cannot hash: 12 s for a year at 1M entries).
    return this.points(Prisma.sql`
      WITH ${entriesCte(scope, split)},
      pb AS (
        SELECT COALESCE(e.project_id, 0) AS pk, e.project_id, e.billable, ${partSums('e')}
          FROM e GROUP BY e.project_id, e.billable
      ),
      ranked AS (
        SELECT pb.pk, row_number() OVER (ORDER BY sum(pb.seconds) DESC, pb.project_id) AS n
          FROM pb GROUP BY pb.pk, pb.project_id HAVING sum(pb.n) <> 0
      )
      SELECT CASE WHEN r.n <= ${limit} THEN e.project_id::text END AS key,
             CASE WHEN r.n <= ${limit} THEN COALESCE(p.name, '(none)') ELSE 'Other' END AS label,
             ${FIGURES}
        FROM pb e JOIN ranked r ON r.pk = e.pk
        LEFT JOIN projects p ON p.id = e.project_id
       GROUP BY 1, 2
       ORDER BY (min(r.n) > ${limit}), sum(e.seconds) DESC, 1`);
  }

  async byUser(scope: EntryScope): Promise<SeriesPoint[]> {
    const split = await this.rollupSplit(scope, { dimensions: ['user'] });
    return this.points(Prisma.sql`
      WITH ${entriesCte(scope, split)}
      SELECT e.user_id::text AS key, COALESCE(u.username, '(none)') AS label, ${FIGURES}
        FROM e LEFT JOIN users u ON u.id = e.user_id
       GROUP BY 1, 2 HAVING sum(e.n) <> 0 ORDER BY sum(e.seconds) DESC, 2`);
  }

  /** 24 points: an entry counts at the local hour it starts. */
  async byHourOfDay(scope: EntryScope): Promise<SeriesPoint[]> {
    // Whole months from entry_rollup_hours (a row's local_start is its hour on the 1st).
    const split = await this.rollupSplit(scope, { byHour: true });
    // Summed by hour first (a hash over the rows), then joined to the 24 hours.
    return this.points(Prisma.sql`
      WITH ${entriesCte(scope, split)},
      d AS (
        SELECT extract(hour FROM e.local_start)::int AS hour, e.billable, ${partSums('e')}
          FROM e GROUP BY 1, 2
      )
      SELECT h::text AS key, lpad(h::text, 2, '0') || ':00' AS label, ${FIGURES}
        FROM generate_series(0, 23) h LEFT JOIN d e ON e.hour = h
       GROUP BY h ORDER BY h`);
  }

  async billableSplit(scope: EntryScope): Promise<SeriesPoint[]> {
    const split = await this.rollupSplit(scope, { dimensions: ['billable'] });
    return this.points(Prisma.sql`
      WITH ${entriesCte(scope, split)}
      SELECT b::text AS key, CASE WHEN b THEN 'Billable' ELSE 'Non-billable' END AS label, ${FIGURES}
        FROM (VALUES (true), (false)) v(b) LEFT JOIN e ON e.billable = v.b
       GROUP BY b ORDER BY b DESC`);
  }

  /** Per project: billable amount next to hours, highest revenue first. */
  async projectRevenue(scope: EntryScope): Promise<SeriesPoint[]> {
    const split = await this.rollupSplit(scope, { dimensions: ['project'] });
    return this.points(Prisma.sql`
      WITH ${entriesCte(scope, split)}
      SELECT e.project_id::text AS key, COALESCE(p.name, '(none)') AS label, ${FIGURES}
        FROM e LEFT JOIN projects p ON p.id = e.project_id
       GROUP BY 1, 2 HAVING sum(e.n) <> 0 ORDER BY COALESCE(sum(e.priced), 0) DESC, sum(e.seconds) DESC, 2`);
  }

  private async points(query: Prisma.Sql): Promise<SeriesPoint[]> {
    const rows = await this.prisma.$queryRaw<(FiguresRow & { key: string | null; label: string })[]>(query);
    return rows.map((r) => ({ key: r.key, label: r.label, ...toFigures(r) }));
  }
}

/**
 * The whole days [dlo, dhi) as the rollups read them: by day only (`byDay`), else the whole
 * months inside from entry_rollups and the days before and after them from entry_rollup_days.
 */
function wholeMonthsAndDays(
  b: { dlo: string | null; dhi: string | null; mlo: string | null; mhi: string | null },
  byDay: boolean,
): Pick<RollupSplit, 'months' | 'days'> {
  if (byDay) return { days: [{ from: b.dlo, to: b.dhi }] };
  if (b.mlo !== null && b.mhi !== null && b.mlo >= b.mhi) return { days: [{ from: b.dlo, to: b.dhi }] };
  const days: DateRange[] = [];
  if (b.dlo !== null && b.dlo < b.mlo!) days.push({ from: b.dlo, to: b.mlo });
  if (b.dhi !== null && b.mhi! < b.dhi) days.push({ from: b.mhi, to: b.dhi });
  return { months: { from: b.mlo, to: b.mhi }, days };
}
