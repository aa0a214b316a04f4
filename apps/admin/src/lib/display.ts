import type { Clock, DateFormat, PreferencesResponse, WeekStart } from '@timetracker/contracts';

/**
 * How the signed-in person wants dates and times written (their preferences), read by the
 * formatting helpers in format.ts without threading it through every call. The session sets it
 * whenever /auth/me or a preferences change answers; components that show times re-render then
 * because they read the zone through useLocale(), which follows the same session.
 */
export interface DisplayPreferences {
  clock: Clock;
  dateFormat: DateFormat;
  weekStart: WeekStart;
}

const DEFAULTS: DisplayPreferences = { clock: '24h', dateFormat: 'auto', weekStart: 'monday' };
let current: DisplayPreferences = DEFAULTS;

export function setDisplayPreferences(preferences: PreferencesResponse | null | undefined): void {
  // Field by field: an older API (or a partial answer) leaves the rest at the defaults.
  current = {
    clock: preferences?.clock ?? DEFAULTS.clock,
    dateFormat: preferences?.dateFormat ?? DEFAULTS.dateFormat,
    weekStart: preferences?.weekStart ?? DEFAULTS.weekStart,
  };
}

export function displayPreferences(): DisplayPreferences {
  return current;
}

/** dayjs's pattern for a time of day in the chosen clock: 14:05 or 2:05 PM. */
export function timePattern(clock: Clock = current.clock): string {
  return clock === '12h' ? 'h:mm A' : 'HH:mm';
}

/** Mantine's firstDayOfWeek (0 = Sunday … 6 = Saturday). */
export function firstDayOfWeek(weekStart: WeekStart = current.weekStart): 0 | 1 | 6 {
  return weekStart === 'sunday' ? 0 : weekStart === 'saturday' ? 6 : 1;
}

/** dayjs's pattern for a date and time in the person's formats (date-time pickers' valueFormat). */
export function dateTimePattern(): string {
  // Pickers need a pattern: `auto` picks ISO's unambiguous one.
  const date = current.dateFormat === 'auto' ? 'YYYY-MM-DD' : current.dateFormat;
  return `${date} ${timePattern()}`;
}
