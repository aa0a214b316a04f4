import { addCalendarDays, type ReportPeriod } from '@timetracker/contracts';
import { localDate, zonedStartOfDay } from '../time/zone';

/** A half-open range of start times [from, to); a missing side is unbounded. */
export interface ReportRange {
  from?: Date;
  to?: Date;
}

/** YYYY-MM-DD plus `days` (calendar arithmetic: no zone involved). */
export const addDays = addCalendarDays;

/** The Monday of the week holding `day` (ISO weeks start Monday). */
export function mondayOf(day: string): string {
  return weekStartOf(day, 'monday');
}

const FIRST_WEEKDAY: Record<string, number> = { sunday: 0, monday: 1, saturday: 6 };

/** The first day of the week holding `day`, for weeks starting on `weekStart` (a user's preference). */
export function weekStartOf(day: string, weekStart: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const first = FIRST_WEEKDAY[weekStart] ?? 1;
  return addDays(day, -((weekday - first + 7) % 7));
}

function addMonths(day: string, months: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 10);
}

/**
 * The calendar period holding `now`, in `timeZone`: days, weeks (Monday to Monday unless
 * `weekStart` says otherwise) and months start at local midnight, so a period is 23 or 25 hours
 * longer or shorter across DST changes.
 */
export function periodRange(
  period: ReportPeriod,
  now: Date,
  timeZone: string,
  weekStart = 'monday',
): Required<ReportRange> {
  const today = localDate(now, timeZone);
  const month = `${today.slice(0, 7)}-01`;
  const year = `${today.slice(0, 4)}-01-01`;
  const [first, next] = ((): [string, string] => {
    switch (period) {
      case 'today':
        return [today, addDays(today, 1)];
      case 'yesterday':
        return [addDays(today, -1), today];
      case 'this-week':
        return [weekStartOf(today, weekStart), addDays(weekStartOf(today, weekStart), 7)];
      case 'last-week':
        return [addDays(weekStartOf(today, weekStart), -7), weekStartOf(today, weekStart)];
      case 'this-month':
        return [month, addMonths(month, 1)];
      case 'last-month':
        return [addMonths(month, -1), month];
      case 'this-year':
        return [year, addMonths(year, 12)];
      case 'last-year':
        return [addMonths(year, -12), year];
    }
  })();
  return { from: zonedStartOfDay(first, timeZone), to: zonedStartOfDay(next, timeZone) };
}

/** `period` wins over from/to; otherwise the given bounds (either may be missing). */
export function resolveRange(
  query: { period?: ReportPeriod; from?: string; to?: string },
  now: Date,
  timeZone: string,
  weekStart = 'monday',
): ReportRange {
  if (query.period) return periodRange(query.period, now, timeZone, weekStart);
  return {
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
  };
}
