import {
  addCalendarDays,
  instantToZonedTime,
  zonedDate,
  zonedStartOfDay,
  zonedTimeToInstant,
} from '@timetracker/contracts';
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

// dayjs only formats instants for display here. Wall-clock time → instant and "today" go through
// the contracts' functions, the server's own, so both sides read a local time the same way: in
// the hour repeated when clocks go back the first occurrence, in the hour skipped when they go
// forward the time moved on by the gap (dayjs took the second occurrence).
dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs, type Dayjs };

/**
 * An instant as wall-clock time in `tz`, in the format Mantine's date pickers hold a value in
 * (`YYYY-MM-DD HH:mm:ss`, no zone).
 */
export function toZonedString(iso: string | Date, tz: string): string {
  const { date, time } = instantToZonedTime(new Date(iso), tz);
  return `${date} ${time}`;
}

/**
 * Wall-clock time read in `tz` (the settings time zone, not the browser's) as an ISO-8601 instant:
 * the API rejects naive strings. Takes the pickers' `YYYY-MM-DD HH:mm[:ss]` (or a bare date, as
 * its midnight).
 */
export function fromZonedString(local: string, tz: string): string {
  const [date = '', time = '00:00'] = local.trim().split(/[ T]/);
  return zonedTimeToInstant(date, time, tz).toISOString();
}

/** Today's calendar date (YYYY-MM-DD) in `tz`, not in the browser's zone. */
export function todayIn(tz: string, now = new Date()): string {
  return zonedDate(now, tz);
}

/** [start of the first day, start of the day after the last day) as instants, days read in `tz`. */
export function dayRangeToInstants(from: string, to: string, tz: string): { from: string; to: string } {
  return {
    from: zonedStartOfDay(from.slice(0, 10), tz).toISOString(),
    to: endOfDayExclusive(to, tz),
  };
}

/** The first instant after the calendar day `day` (YYYY-MM-DD…) in `tz`. */
export function endOfDayExclusive(day: string, tz: string): string {
  return zonedStartOfDay(addCalendarDays(day.slice(0, 10), 1), tz).toISOString();
}
