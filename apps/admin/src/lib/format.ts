import { dayjs } from './dates';

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

export function formatDateTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  return dayjs(iso).tz(tz).format('YYYY-MM-DD HH:mm');
}

export function formatDate(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  return dayjs(iso).tz(tz).format('ddd, D MMM YYYY');
}

export function formatTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  return dayjs(iso).tz(tz).format('HH:mm');
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
