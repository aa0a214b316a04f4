// Wall-clock time in an IANA zone ⇄ instants, with Intl alone so that the server and the dashboard
// (which imports this source through Vite) share one implementation and no date library.
//
// The rule where local time is not one instant (java.time's and Temporal's "compatible"):
// - fold, the hour repeated when clocks go back: the EARLIER instant, the first occurrence
//   (Rome, 2025-10-26 02:30 → 00:30Z, still summer time);
// - gap, the hour skipped when clocks go forward: the wall time moved forward by the gap's length
//   (Rome, 2025-03-30 02:30 → 03:30 summer time = 01:30Z), i.e. read with the offset in force
//   before the change.

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Calendar date and time of day as clocks in a zone show them. */
export interface ZonedWallTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM:SS, 24-hour */
  time: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone (building one costs far more than using it); throws on an unknown zone. */
function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Wall-clock fields at `instant` (ms) in `timeZone`. */
function fieldsAt(instant: number, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const p of formatIn(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Wall-clock fields read as if they were UTC, in ms (years below 100 are not shifted to 19xx). */
function utcOf(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (year >= 0 && year < 100) d.setUTCFullYear(d.getUTCFullYear() - 1900);
  return d.getTime();
}

/** Offset of `timeZone` from UTC at `instant` (ms), in ms, positive east of Greenwich. */
export function zoneOffsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000; // Intl shows whole seconds
  const f = fieldsAt(whole, timeZone);
  return utcOf(f.year, f.month, f.day, f.hour, f.minute, f.second) - whole;
}

/**
 * The instant at which clocks in `timeZone` show `date` (YYYY-MM-DD) `time` (HH:MM or HH:MM:SS):
 * in a repeated hour the first occurrence, in a skipped hour the time moved forward by the gap
 * (see the rule at the top of this file). Throws a RangeError on a malformed date or time or an
 * unknown zone.
 */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): Date {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t) throw new RangeError(`Not a local date and time: ${date} ${time}`);
  const wall = utcOf(+d[1]!, +d[2]!, +d[3]!, +t[1]!, +t[2]!, +(t[3] ?? 0));
  // The offsets a day either side: around a change they differ, elsewhere they are the same.
  const before = zoneOffsetAt(wall - DAY_MS, timeZone);
  const after = zoneOffsetAt(wall + DAY_MS, timeZone);
  // An offset fits when the instant it gives is one at which the zone has that offset.
  const valid = [...new Set([before, after])]
    .filter((offset) => zoneOffsetAt(wall - offset, timeZone) === offset)
    .map((offset) => wall - offset);
  // Fold: both fit, take the earlier instant. Gap: neither does; the offset before the change
  // gives the wall time moved forward by the gap's length.
  return new Date(valid.length > 0 ? Math.min(...valid) : wall - before);
}

const HOUR_MS = 3_600_000;

/** Hours a reader remembers before it starts afresh: memory stays bounded whatever the file. */
const READER_HOURS = 100_000;

/**
 * zonedTimeToInstant for many local times in one zone (an import's rows), with the same result:
 * the zone's offset is remembered per UTC hour, so once the hours around a time were seen it costs
 * no Intl call. An hour is remembered only when the offsets at its start and at the next hour's
 * start are equal, i.e. no change falls within it (tzdata has no two changes less than an hour
 * apart that would cancel out); an hour with a change is read with Intl at each instant. Build one
 * per job: the memory goes with it. Throws a RangeError on an unknown zone.
 */
export function zonedTimeReader(timeZone: string): (date: string, time: string) => Date {
  formatIn(timeZone);
  // UTC hour → offset at its start (ms).
  const starts = new Map<number, number>();
  const startOf = (hour: number) => {
    let offset = starts.get(hour);
    if (offset === undefined) {
      if (starts.size >= READER_HOURS) starts.clear();
      offset = zoneOffsetAt(hour * HOUR_MS, timeZone);
      starts.set(hour, offset);
    }
    return offset;
  };
  const offsetAt = (instant: number) => {
    const hour = Math.floor(instant / HOUR_MS);
    const offset = startOf(hour);
    return offset === startOf(hour + 1) ? offset : zoneOffsetAt(instant, timeZone);
  };
  return (date, time) => {
    const d = DATE.exec(date);
    const t = TIME.exec(time);
    if (!d || !t) throw new RangeError(`Not a local date and time: ${date} ${time}`);
    const wall = utcOf(+d[1]!, +d[2]!, +d[3]!, +t[1]!, +t[2]!, +(t[3] ?? 0));
    // zonedTimeToInstant's rule, without its arrays: one offset either side is the common case.
    const before = offsetAt(wall - DAY_MS);
    const after = offsetAt(wall + DAY_MS);
    if (before === after) return new Date(wall - before);
    const fitsBefore = offsetAt(wall - before) === before;
    const fitsAfter = offsetAt(wall - after) === after;
    if (fitsBefore && fitsAfter) return new Date(Math.min(wall - before, wall - after));
    return new Date(fitsAfter ? wall - after : wall - before);
  };
}

/** What clocks in `timeZone` show at `instant`. Throws a RangeError on an unknown zone. */
export function instantToZonedTime(instant: Date, timeZone: string): ZonedWallTime {
  const f = fieldsAt(instant.getTime(), timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return {
    date: `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`,
    time: `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`,
  };
}

/** The calendar date (YYYY-MM-DD) in `timeZone` at `instant`: "today" there when `instant` is now. */
export function zonedDate(instant: Date, timeZone: string): string {
  return instantToZonedTime(instant, timeZone).date;
}

/** YYYY-MM-DD plus `days`: calendar arithmetic, no zone involved. */
export function addCalendarDays(date: string, days: number): string {
  const d = DATE.exec(date);
  if (!d) throw new RangeError(`Not a date: ${date}`);
  const at = new Date(utcOf(+d[1]!, +d[2]!, +d[3]! + days, 0, 0, 0));
  return instantToZonedTime(at, 'UTC').date;
}

/**
 * The first instant of `date` (YYYY-MM-DD) in `timeZone`: local midnight, or the end of the gap
 * where clocks skip midnight itself (Havana, Santiago: 00:00 → 01:00).
 */
export function zonedStartOfDay(date: string, timeZone: string): Date {
  return zonedTimeToInstant(date, '00:00', timeZone);
}
