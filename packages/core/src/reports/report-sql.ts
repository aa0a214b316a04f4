import type { ReportDimension } from '@timetracker/contracts';
import { Prisma } from '@timetracker/db';

/** Which entries a report, series or export covers, already narrowed to what the actor may see. */
export interface EntryScope {
  /** undefined = everyone's (admins only; the service decides). */
  userIds?: number[];
  clientIds?: number[];
  projectIds?: number[];
  taskIds?: number[];
  tags?: string[];
  billable?: boolean;
  from?: Date;
  to?: Date;
  /** Running timers count from their start up to `now` (unrounded). */
  includeRunning: boolean;
  now: Date;
  timeZone: string;
}

/** The tags column as an array: the original app wrote "a, b" as well as "a,b". */
export const TAGS_ARRAY = Prisma.sql`regexp_split_to_array(btrim(te.tags), '\\s*,\\s*')`;

/**
 * Seconds of an entry: the stored (rounded) duration; a running entry's time up to `now` when
 * running entries are included; a finished legacy row without a duration from its times.
 */
export const secondsSql = (now: Date) =>
  Prisma.sql`COALESCE(te.duration_seconds, GREATEST(0, floor(extract(epoch FROM (COALESCE(te.end_time, ${now}::timestamptz) - te.start_time))))::int)`;

/** WHERE for `te` (time_entries) joined with `p` (projects), plus any `extra` conditions. */
export function scopeWhere(scope: EntryScope, extra: Prisma.Sql[] = []): Prisma.Sql {
  const c: Prisma.Sql[] = [...extra];
  if (scope.userIds) c.push(Prisma.sql`te.user_id IN (${Prisma.join(scope.userIds)})`);
  if (scope.clientIds) c.push(Prisma.sql`p.client_id IN (${Prisma.join(scope.clientIds)})`);
  if (scope.projectIds) c.push(Prisma.sql`te.project_id IN (${Prisma.join(scope.projectIds)})`);
  if (scope.taskIds) c.push(Prisma.sql`te.task_id IN (${Prisma.join(scope.taskIds)})`);
  if (scope.tags?.length) c.push(Prisma.sql`${TAGS_ARRAY} && ARRAY[${Prisma.join(scope.tags)}]::text[]`);
  if (scope.billable !== undefined) c.push(Prisma.sql`te.billable = ${scope.billable}`);
  if (scope.from) c.push(Prisma.sql`te.start_time >= ${scope.from}::timestamptz`);
  if (scope.to) c.push(Prisma.sql`te.start_time < ${scope.to}::timestamptz`);
  if (!scope.includeRunning) c.push(Prisma.sql`te.end_time IS NOT NULL`);
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, ' AND ')}` : Prisma.empty;
}

/**
 * The CTE `e`: one row per matching entry with its seconds, resolved rate (project → client →
 * none) and amount. Amount = round_half_up(duration_seconds × rate / 3600, 2) per billable entry
 * (multiplying before dividing keeps exact halves exact; round() on numeric rounds halves away
 * from zero, i.e. up for these positive values); reports then sum those amounts.
 */
export function entriesCte(scope: EntryScope): Prisma.Sql {
  return Prisma.sql`e AS (
    SELECT te.id, te.user_id, te.project_id, te.task_id, p.client_id, te.billable, te.tags, te.start_time,
           te.start_time AT TIME ZONE ${scope.timeZone} AS local_start,
           s.seconds,
           CASE WHEN te.billable THEN round(s.seconds * COALESCE(p.hourly_rate, c.default_hourly_rate) / 3600, 2) END AS amount
      FROM time_entries te
      LEFT JOIN projects p ON p.id = te.project_id
      LEFT JOIN clients c ON c.id = p.client_id
      CROSS JOIN LATERAL (SELECT ${secondsSql(scope.now)} AS seconds) s
      ${scopeWhere(scope)}
  )`;
}

/** The figures of a group of `e` rows (count(e.id), not count(*): zero-filled groups have none). */
export const FIGURES = Prisma.sql`
  COALESCE(sum(e.seconds), 0)::bigint AS seconds,
  round(COALESCE(sum(e.seconds), 0) / 3600.0, 2)::text AS hours,
  COALESCE(sum(e.seconds) FILTER (WHERE e.billable), 0)::bigint AS billable_seconds,
  round(COALESCE(sum(e.seconds) FILTER (WHERE e.billable), 0) / 3600.0, 2)::text AS billable_hours,
  COALESCE(sum(e.amount), 0)::numeric(20, 2)::text AS billable_amount,
  count(e.id)::int AS entries`;

export interface FiguresRow {
  seconds: bigint | number;
  hours: string;
  billable_seconds: bigint | number;
  billable_hours: string;
  billable_amount: string;
  entries: number;
}

export interface Figures {
  seconds: number;
  hours: string;
  billableSeconds: number;
  billableHours: string;
  billableAmount: string;
  entries: number;
}

export const toFigures = (r: FiguresRow): Figures => ({
  seconds: Number(r.seconds),
  hours: r.hours,
  billableSeconds: Number(r.billable_seconds),
  billableHours: r.billable_hours,
  billableAmount: r.billable_amount,
  entries: r.entries,
});

/** How each grouping dimension reads from `e` (with u, p, c, t and tg joined): key, label, sort. */
export interface DimensionSql {
  key: Prisma.Sql;
  label: Prisma.Sql;
  sort: Prisma.Sql;
}

const NONE = '(none)';

export const DIMENSIONS: Record<ReportDimension, DimensionSql> = {
  user: {
    key: Prisma.sql`e.user_id::text`,
    label: Prisma.sql`COALESCE(u.username, ${NONE})`,
    sort: Prisma.sql`lower(u.username)`,
  },
  client: {
    key: Prisma.sql`e.client_id::text`,
    label: Prisma.sql`COALESCE(c.name, ${NONE})`,
    sort: Prisma.sql`lower(c.name)`,
  },
  project: {
    key: Prisma.sql`e.project_id::text`,
    label: Prisma.sql`COALESCE(p.name, ${NONE})`,
    sort: Prisma.sql`lower(p.name)`,
  },
  task: {
    key: Prisma.sql`e.task_id::text`,
    label: Prisma.sql`COALESCE(t.name, ${NONE})`,
    sort: Prisma.sql`lower(t.name)`,
  },
  tag: {
    key: Prisma.sql`tg.tag`,
    label: Prisma.sql`COALESCE(tg.tag, ${NONE})`,
    sort: Prisma.sql`lower(tg.tag)`,
  },
  billable: {
    key: Prisma.sql`e.billable::text`,
    label: Prisma.sql`CASE WHEN e.billable THEN 'Billable' ELSE 'Non-billable' END`,
    sort: Prisma.sql`CASE WHEN e.billable THEN '0' ELSE '1' END`,
  },
  // local_start is wall time in settings.timezone, so these truncate at local midnight;
  // date_trunc('week') gives the Monday (ISO weeks).
  day: {
    key: Prisma.sql`to_char(e.local_start, 'YYYY-MM-DD')`,
    label: Prisma.sql`to_char(e.local_start, 'YYYY-MM-DD')`,
    sort: Prisma.sql`to_char(e.local_start, 'YYYY-MM-DD')`,
  },
  week: {
    key: Prisma.sql`to_char(date_trunc('week', e.local_start), 'YYYY-MM-DD')`,
    label: Prisma.sql`to_char(e.local_start, 'IYYY-"W"IW')`,
    sort: Prisma.sql`to_char(date_trunc('week', e.local_start), 'YYYY-MM-DD')`,
  },
  month: {
    key: Prisma.sql`to_char(e.local_start, 'YYYY-MM')`,
    label: Prisma.sql`to_char(e.local_start, 'YYYY-MM')`,
    sort: Prisma.sql`to_char(e.local_start, 'YYYY-MM')`,
  },
};

/** Names of users, clients, projects and tasks for grouped rows (joined after aggregation input). */
export const NAME_JOINS = Prisma.sql`
  LEFT JOIN users u ON u.id = e.user_id
  LEFT JOIN clients c ON c.id = e.client_id
  LEFT JOIN projects p ON p.id = e.project_id
  LEFT JOIN tasks t ON t.id = e.task_id`;

/** One row per tag of the entry (and one with a null tag for an entry without any). */
export const TAG_JOIN = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT DISTINCT x AS tag FROM unnest(regexp_split_to_array(btrim(e.tags), '\\s*,\\s*')) x WHERE x <> ''
  ) tg ON true`;
