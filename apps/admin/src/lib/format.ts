import { dayjs } from './dates';
import { displayPreferences, timePattern } from './display';

/** 3725 → "1:02:05": a running timer and durations in tables. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(rest).padStart(2, '0')}`;
}

/** Decimal hours as the API sends them ("12.50") → "12.5 h". */
export function formatHours(hours: string | number): string {
  const n = typeof hours === 'string' ? Number(hours) : hours;
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(n)} h`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** A decimal string (never a float in transit) shown in the settings currency. */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch {
      format = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(currency, format);
  }
  // Display only: two decimals survive the conversion to a double exactly enough to print.
  return format.format(Number(amount));
}

// Dates and times follow the person's date format and clock (lib/display.ts).

export function formatDateTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  return dayjs(iso).tz(tz).format(`${displayPreferences().dateFormat} ${timePattern()}`);
}

export function formatDate(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  return dayjs(iso).tz(tz).format(`ddd, ${displayPreferences().dateFormat}`);
}

export function formatTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  return dayjs(iso).tz(tz).format(timePattern());
}

/** A calendar day (YYYY-MM-DD, no zone) in the person's date format. */
export function formatDay(day: string): string {
  const d = dayjs(day);
  return d.isValid() ? d.format(displayPreferences().dateFormat) : day;
}

const BYTE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 52_428_800 → "50.0 MB": sizes of files and the database, in powers of 1024. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 2 : 1)} ${BYTE_UNITS[unit]}`;
}

/** 5400 → "1:30 h", 42 → "< 1 min": time on chart tooltips and legends. */
export function formatHoursMinutes(seconds: number): string {
  if (seconds > 0 && seconds < 60) return '< 1 min';
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

/** A tick on an hours axis: 1.5 → "1.5 h", 0.25 → "0.25 h". */
export function formatHourTick(hours: number): string {
  return `${Math.round(hours * 100) / 100} h`;
}

/** "2026-03-02" → "Mon 2": a day on a chart's axis, short enough for a month of bars. */
export function formatDayLabel(day: string): string {
  const d = dayjs(day);
  return d.isValid() ? d.format('ddd D') : day;
}
