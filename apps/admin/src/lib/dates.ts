import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs, type Dayjs };

/** How Mantine's date pickers hold a value: wall-clock time with no zone. */
export const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** An instant as wall-clock time in `tz`, in the pickers' format. */
export function toZonedString(iso: string, tz: string): string {
  return dayjs(iso).tz(tz).format(PICKER_FORMAT);
}

/**
 * Wall-clock time read in `tz` (the settings time zone, not the browser's) as an ISO-8601 instant:
 * the API rejects naive strings.
 */
export function fromZonedString(local: string, tz: string): string {
  return dayjs.tz(local, tz).toISOString();
}

/** Now, in `tz`. */
export function nowIn(tz: string): Dayjs {
  return dayjs().tz(tz);
}

/** [start of the first day, start of the day after the last day) as instants, days read in `tz`. */
export function dayRangeToInstants(from: string, to: string, tz: string): { from: string; to: string } {
  return {
    from: dayjs.tz(from.slice(0, 10), tz).toISOString(),
    to: dayjs.tz(to.slice(0, 10), tz).add(1, 'day').toISOString(),
  };
}
