import { intlLocale } from '@/i18n/i18n';

import { dayjs } from './dates';
import { displayPreferences, timePattern } from './display';

// Every function reads the active language when called: the pages re-render on a switch
// (i18n/language.tsx), so nothing here caches a locale for longer than one Intl object.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${intlLocale()}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(), options);
    cache.set(key, format);
  }
  return format;
}

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${intlLocale()}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(), options);
    cache.set(key, format);
  }
  return format;
}

/** A number in the active locale: 1234.5 → "1,234.5" (en), "1.234,5" (de). */
export function formatNumber(value: number, maximumFractionDigits = 2): string {
  return numberFormat({ maximumFractionDigits }).format(value);
}

/** 3725 → "1:02:05": a running timer and durations in tables (the same in every language). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(rest).padStart(2, '0')}`;
}

/** Decimal hours as the API sends them ("12.50") → "12.5 h" (en), "12,5 h" (de). */
export function formatHours(hours: string | number): string {
  const n = typeof hours === 'string' ? Number(hours) : hours;
  return `${formatNumber(n)} h`;
}

/** A decimal string (never a float in transit) shown in the settings currency and the locale. */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  let format: Intl.NumberFormat;
  try {
    format = numberFormat({ style: 'currency', currency });
  } catch {
    format = numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  // Display only: two decimals survive the conversion to a double exactly enough to print.
  return format.format(Number(amount));
}

// Dates and times follow the person's date format and clock (lib/display.ts): the date format
// `auto` (the default) writes dates as the active language does, the others as they say.

/** Intl's hour cycle for the person's clock. */
function hourCycle(): 'h23' | 'h12' {
  return displayPreferences().clock === '12h' ? 'h12' : 'h23';
}

/** An instant as date and time in `tz`: "03/01/2026, 02:10" (en-US, auto), "2026-03-01 02:10". */
export function formatDateTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  const { dateFormat: pattern } = displayPreferences();
  if (pattern !== 'auto') return dayjs(iso).tz(tz).format(`${pattern} ${timePattern()}`);
  return dateFormat({
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: hourCycle(),
    timeZone: tz,
  }).format(new Date(iso));
}

/** An instant's day in `tz`: "Mon, Mar 2, 2026" (en-US), "Mo., 2. März 2026" (de). */
export function formatDate(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  const { dateFormat: pattern } = displayPreferences();
  if (pattern !== 'auto')
    return `${dateFormat({ weekday: 'short', timeZone: tz }).format(new Date(iso))}, ${dayjs(iso).tz(tz).format(pattern)}`;
  return dateFormat({
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: tz,
  }).format(new Date(iso));
}

/** A calendar day the API sends as YYYY-MM-DD (an invoice's dates): "Mar 2, 2026", "02.03.2026". */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  const { dateFormat: pattern } = displayPreferences();
  if (pattern !== 'auto') return dayjs(day.slice(0, 10)).format(pattern);
  return dateFormat({ dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** Wall-clock time in `tz` in the person's clock: "09:05", "9:05 AM". */
export function formatTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  return dateFormat({ hour: '2-digit', minute: '2-digit', hourCycle: hourCycle(), timeZone: tz }).format(
    new Date(iso),
  );
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** 52_428_800 → "50.0 MB" ("50,0 Mo" in French): sizes of files and the database, in powers of 1024. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return numberFormat({ style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(value);
  const digits = value < 10 ? 2 : 1;
  return numberFormat({
    style: 'unit',
    unit: BYTE_UNITS[unit],
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** 5400 → "1:30 h", 42 → "< 1 min": time on chart tooltips and legends. */
export function formatHoursMinutes(seconds: number): string {
  if (seconds > 0 && seconds < 60) return `< ${numberFormat({ style: 'unit', unit: 'minute' }).format(1)}`;
  const minutes = Math.round(Math.max(0, seconds) / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')} h`;
}

const HOUR_STEPS = [0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];

/**
 * Axis ticks for hours that a person reads at a glance: 0 to at least `maxHours` in steps of
 * ¼, ½, 1, 2, 5, 10… h, at most five steps (never 0.65 h, 1.3 h, 1.95 h).
 */
export function hourTicks(maxHours: number): number[] {
  const top = Math.max(maxHours, 0.25);
  const step = HOUR_STEPS.find((s) => top / s <= 5) ?? Math.ceil(top / 5);
  const ticks = [0];
  while (ticks[ticks.length - 1]! < top - 1e-9) ticks.push(ticks.length * step);
  return ticks;
}

/** A tick on an hours axis: 1.5 → "1.5 h" (en), "1,5 h" (de). */
export function formatHourTick(hours: number): string {
  return `${formatNumber(Math.round(hours * 100) / 100)} h`;
}

/** "2026-03-02" → "Mon 2" (en), "Mo., 2." (de): a day on a chart's axis, short enough for a month of bars. */
export function formatDayLabel(day: string): string {
  const d = dayjs(day);
  if (!d.isValid()) return day;
  const parts = dateFormat({ weekday: 'short', day: 'numeric', timeZone: 'UTC' }).formatToParts(
    new Date(`${d.format('YYYY-MM-DD')}T00:00:00Z`),
  );
  // English puts the day first ("2 Mon"), which reads oddly under a bar: weekday first there.
  if (intlLocale().startsWith('en')) {
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('weekday')} ${part('day')}`;
  }
  return parts.map((p) => p.value).join('');
}

/** "2026-03-02" → "Monday, March 2" (en), "Montag, 2. März" (de): a day written out, without its year. */
export function formatLongDay(day: string): string {
  return dateFormat({ weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${day.slice(0, 10)}T00:00:00Z`),
  );
}

/** "2026-03-02" → "Mon" (en), "Mo." (de): a weekday short enough for a row of seven. */
export function formatWeekday(day: string): string {
  return dateFormat({ weekday: 'short', timeZone: 'UTC' }).format(new Date(`${day.slice(0, 10)}T00:00:00Z`));
}

/** Two days as one range: "Mar 2 – 8, 2026" (en), "2.–8. März 2026" (de). */
export function formatDayRange(from: string, to: string): string {
  const format = dateFormat({ day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return format.formatRange(
    new Date(`${from.slice(0, 10)}T00:00:00Z`),
    new Date(`${to.slice(0, 10)}T00:00:00Z`),
  );
}
