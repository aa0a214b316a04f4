import { createHash } from 'node:crypto';
import type { ImportField, ImportFormat, ImportRowParams } from '@timetracker/contracts';
import { formatSpec } from './import-formats';

/** A row as the import understands it, before users and projects are looked up. */
export interface SourceRow {
  rowNumber: number;
  email: string | null;
  user: string | null;
  client: string | null;
  project: string | null;
  task: string | null;
  description: string | null;
  billable: boolean | null;
  tags: string[];
  start: Date;
  end: Date;
  /** Seconds from start to end. */
  seconds: number;
  /** The source's id column, or a hash of the format and the row's cells: unique per entry. */
  sourceKey: string;
}

export type RowRefusalCode = 'bad_date' | 'end_before_start' | 'duration' | 'missing';

export interface RowRefusal {
  rowNumber: number;
  code: RowRefusalCode;
  reason: string;
  /** The values the reason names, for a translated sentence (contracts ImportRowParamsSchema). */
  params: ImportRowParams;
  /** What could be read, for the dry-run table. */
  user: string | null;
  project: string | null;
}

export interface RowContext {
  format: ImportFormat;
  /** Field → index of its column in the record. */
  index: Partial<Record<ImportField | 'endDate', number>>;
  /** Local date and time in the import's zone → instant (zonedTimeReader: one per job, it caches). */
  toInstant: (date: string, time: string) => Date;
  /** settings.max_entry_duration_seconds: longer entries are refused. */
  maxSeconds: number;
}

/** A source duration and end - start may differ by this much (Kimai and Clockify show minutes). */
export const DURATION_TOLERANCE_SECONDS = 60;

const INSTANT_MIN = Date.UTC(1970, 0, 1);
const INSTANT_MAX = Date.UTC(2100, 0, 1);

class BadDate extends Error {
  constructor(
    message: string,
    readonly params: ImportRowParams,
  ) {
    super(message);
  }
}

/**
 * Reads one CSV record. Every cell is text: nothing is evaluated (a cell starting with = stays
 * a note), and nothing here builds SQL or a path. Returns the row or why it is refused.
 */
export function readRow(
  cells: readonly string[],
  rowNumber: number,
  ctx: RowContext,
): SourceRow | RowRefusal {
  const cell = (field: ImportField | 'endDate'): string | null => {
    const i = ctx.index[field];
    if (i === undefined) return null;
    const v = (cells[i] ?? '').trim();
    return v === '' ? null : v;
  };
  const text = (field: ImportField, max: number) => {
    const v = cell(field);
    return v === null ? null : v.replace(/\0/g, '').slice(0, max);
  };
  const user = text('email', 254)?.toLowerCase() ?? null;
  const name = text('user', 200);
  const project = text('project', 200);
  const refuse = (code: RowRefusalCode, reason: string, params: ImportRowParams = {}): RowRefusal => ({
    rowNumber,
    code,
    reason,
    params,
    user: user ?? name,
    project,
  });
  let start: Date;
  let end: Date;
  try {
    ({ start, end } = times(cell, ctx));
  } catch (err) {
    if (err instanceof BadDate) return refuse('bad_date', err.message, err.params);
    throw err;
  }
  if (end < start)
    return refuse(
      'end_before_start',
      `ends (${end.toISOString()}) before it starts (${start.toISOString()})`,
      { start: start.toISOString(), end: end.toISOString() },
    );
  const seconds = Math.floor((end.getTime() - start.getTime()) / 1000);
  if (seconds > ctx.maxSeconds)
    return refuse('duration', `lasts ${hours(seconds)}, more than the maximum ${hours(ctx.maxSeconds)}`, {
      problem: 'too_long',
      seconds,
      maxSeconds: ctx.maxSeconds,
    });
  const duration = cell('duration');
  if (duration !== null) {
    const stated = parseDuration(duration);
    if (stated === null)
      return refuse('duration', `the duration "${clip(duration)}" is not a duration`, {
        problem: 'not_duration',
        value: clip(duration),
      });
    if (Math.abs(stated - seconds) > DURATION_TOLERANCE_SECONDS)
      return refuse(
        'duration',
        `the duration ${clip(duration)} does not match start to end (${hours(seconds)})`,
        { problem: 'mismatch', value: clip(duration), seconds },
      );
  }
  if (user === null && name === null) return refuse('missing', 'no user or email');
  const id = cell('id');
  return {
    rowNumber,
    email: user,
    user: name,
    client: text('client', 200),
    project,
    task: text('task', 200),
    description: text('description', 10_000),
    billable: billable(cell('billable')),
    tags: (text('tags', 2000) ?? '')
      .split(',')
      .map((t) => t.trim().slice(0, 50))
      .filter((t) => t !== ''),
    start,
    end,
    seconds,
    sourceKey: sourceKey(ctx.format, id, cells),
  };
}

/**
 * The row's key: the source's own id (generic CSV with an id column), else the sha256 of the
 * format and the cells. The same row in the same or a later file gets the same key, so it is
 * imported once; two identical rows of one file are one entry.
 */
export function sourceKey(format: ImportFormat, id: string | null, cells: readonly string[]): string {
  const hash = createHash('sha256').update(format).update('\0');
  if (id !== null) return hash.update('id\0').update(id).digest('hex');
  for (const c of cells) hash.update(c.trim()).update('\0');
  return hash.digest('hex');
}

function times(
  cell: (f: ImportField | 'endDate') => string | null,
  ctx: RowContext,
): { start: Date; end: Date } {
  const spec = formatSpec(ctx.format);
  const startCell = cell('start');
  const endCell = cell('end');
  if (ctx.index.start !== undefined && ctx.index.end !== undefined) {
    if (startCell === null) throw new BadDate('no start', { problem: 'no_start' });
    if (endCell === null)
      throw new BadDate('no end (a running timer is not imported)', { problem: 'no_end' });
    return { start: instant(startCell, ctx), end: instant(endCell, ctx) };
  }
  const dateStyle = spec.layout.kind === 'date-times' ? spec.layout.dateStyle : 'iso';
  const date = cell('date');
  const from = cell('startTime');
  const to = cell('endTime');
  if (date === null || from === null)
    throw new BadDate('no start date or time', { problem: 'no_start_date' });
  if (to === null)
    throw new BadDate('no end time (a running timer is not imported)', { problem: 'no_end_time' });
  const startDate = day(date, dateStyle);
  const endDay = cell('endDate');
  const endDate = endDay === null ? startDate : day(endDay, dateStyle);
  const start = local(startDate, clock(from), ctx);
  let end = local(endDate, clock(to), ctx);
  // Kimai writes only the start's date: an end time earlier than the start is the next day's.
  if (spec.endWrapsMidnight && endDay === null && end < start)
    end = local(nextDay(startDate), clock(to), ctx);
  return { start, end };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?$/;
const OFFSET_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_INSTANT = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2})?)$/;

/** YYYY-MM-DD of a real calendar day; US style is MM/DD/YYYY (Clockify's default). */
function day(value: string, style: 'iso' | 'us'): string {
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(value);
  const us = US_DATE.exec(value);
  if (iso) [y, m, d] = [+iso[1]!, +iso[2]!, +iso[3]!];
  else if (us && style === 'us') [y, m, d] = [+us[3]!, +us[1]!, +us[2]!];
  else {
    const pattern = style === 'us' ? 'MM/DD/YYYY' : 'YYYY-MM-DD';
    throw new BadDate(`"${clip(value)}" is not a date (${pattern})`, {
      problem: 'not_date',
      value: clip(value),
      pattern,
    });
  }
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d)
    throw new BadDate(`"${clip(value)}" is not a calendar day`, {
      problem: 'not_calendar_day',
      value: clip(value),
    });
  return back.toISOString().slice(0, 10);
}

/** HH:MM:SS from 24-hour or 12-hour (AM/PM) clock text. */
function clock(value: string): string {
  const t = TIME.exec(value);
  const notTime = () =>
    new BadDate(`"${clip(value)}" is not a time of day`, { problem: 'not_time', value: clip(value) });
  if (!t) throw notTime();
  let h = +t[1]!;
  const min = +t[2]!;
  const s = +(t[3] ?? 0);
  const half = t[4]?.toLowerCase();
  if (half) {
    if (h < 1 || h > 12) throw notTime();
    h = (h % 12) + (half === 'p' ? 12 : 0);
  }
  if (h > 23 || min > 59 || s > 59) throw notTime();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(h)}:${pad(min)}:${pad(s)}`;
}

function local(date: string, time: string, ctx: RowContext): Date {
  return within(ctx.toInstant(date, time), `${date} ${time}`);
}

/** ISO 8601 with Z or an offset, else a local date and time in the import's zone. */
function instant(value: string, ctx: RowContext): Date {
  if (OFFSET_INSTANT.test(value)) {
    const t = new Date(value);
    if (Number.isNaN(t.getTime())) throw notDateTime(value);
    return within(t, value);
  }
  const m = LOCAL_INSTANT.exec(value);
  if (!m) throw notDateTime(value);
  return local(day(m[1]!, 'iso'), clock(m[2]!), ctx);
}

const notDateTime = (value: string) =>
  new BadDate(`"${clip(value)}" is not a date and time`, { problem: 'not_date_time', value: clip(value) });

function within(t: Date, value: string): Date {
  if (t.getTime() < INSTANT_MIN || t.getTime() >= INSTANT_MAX)
    throw new BadDate(`"${clip(value)}" is outside 1970–2100`, {
      problem: 'out_of_range',
      value: clip(value),
    });
  return t;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** H:MM, H:MM:SS (hours may pass 24) or decimal hours (1.5 or 1,5); null when neither. */
export function parseDuration(value: string): number | null {
  const hms = /^(\d{1,6}):([0-5]\d)(?::([0-5]\d))?$/.exec(value);
  if (hms) return +hms[1]! * 3600 + +hms[2]! * 60 + +(hms[3] ?? 0);
  const decimal = /^(\d{1,6})(?:[.,](\d{1,6}))?$/.exec(value);
  if (decimal) return Math.round(Number(`${decimal[1]}.${decimal[2] ?? '0'}`) * 3600);
  return null;
}

function billable(value: string | null): boolean | null {
  if (value === null) return null;
  const v = value.toLowerCase();
  if (['yes', 'true', '1', 'ja', 'y'].includes(v)) return true;
  if (['no', 'false', '0', 'nein', 'n'].includes(v)) return false;
  return null;
}

const hours = (seconds: number) => `${Math.round((seconds / 3600) * 100) / 100} h`;

/** A cell quoted in a message: short, whatever the file holds. */
const clip = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);
