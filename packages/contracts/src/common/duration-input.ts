// What a person types for an amount of time (a timesheet cell), read the same by the dashboard
// and the server: hours as a decimal (`1.5`, `1,5`, `.5`), hours and minutes (`1:30`, `1:30:00`),
// units (`90m`, `1h30m`, `1h 30m`, `2h`, `45 min`). Empty means zero (a cleared cell).

/** The most a duration typed in one cell may be: a whole day. */
export const MAX_TYPED_DURATION_SECONDS = 86_400;

const DECIMAL = /^(\d{0,3})(?:[.,](\d{1,6}))?$/;
const CLOCK = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/;
const UNITS = /^(?:(\d{1,3}(?:[.,]\d{1,6})?)\s*h(?:ours?|rs?)?)?\s*(?:(\d{1,5})\s*m(?:in(?:utes?|s)?)?)?$/i;

/**
 * The seconds that `text` says, or null when it is not a duration this reads (or is over a day).
 * Fractions of a second are rounded to the nearest second.
 */
export function parseDurationInput(text: string): number | null {
  const s = text.trim();
  if (s === '') return 0;
  let seconds: number | null = null;
  const decimal = DECIMAL.exec(s);
  const clock = CLOCK.exec(s);
  const units = UNITS.exec(s);
  if (decimal && (decimal[1] !== '' || decimal[2] !== undefined)) {
    seconds = Number(`${decimal[1] || '0'}.${decimal[2] ?? '0'}`) * 3600;
  } else if (clock) {
    seconds = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);
  } else if (units && (units[1] !== undefined || units[2] !== undefined)) {
    seconds = Number((units[1] ?? '0').replace(',', '.')) * 3600 + Number(units[2] ?? 0) * 60;
  }
  if (seconds === null) return null;
  seconds = Math.round(seconds);
  return seconds <= MAX_TYPED_DURATION_SECONDS ? seconds : null;
}

/** `h:mm` (5400 → "1:30"), the way a timesheet shows a cell; seconds are cut, not rounded. */
export function formatHoursMinutes(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
