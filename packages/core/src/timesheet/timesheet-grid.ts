import {
  addCalendarDays,
  isoWeekday,
  projectColour,
  weekDays,
  zonedStartOfDay,
  type FirstDayOfWeek,
  type TimesheetCell,
  type TimesheetResponse,
  type TimesheetRow,
} from '@timetracker/contracts';
import { lockReasonFor, type LockReason, type TimeLockState } from '../time/locks';
import type { SheetEntryRow, SheetRowRef } from './timesheet.repository';

/** A day's lock (docs/approvals.md) and whether the viewer writes it anyway (an admin's override). */
export interface DayLock {
  lockedBy: LockReason;
  lockedReason: string;
  overridable: boolean;
}

/** A week cut in a time zone: its days and the instants they start at. */
export interface WeekFrame {
  timeZone: string;
  firstDayOfWeek: FirstDayOfWeek;
  dates: string[];
  /** Local midnight of each day, and of the day after the week (8 instants). */
  bounds: Date[];
}

/** The week holding `date` in `timeZone`, starting on `firstDay` (1 = Monday … 7 = Sunday). */
export function weekFrame(date: string, timeZone: string, firstDay: FirstDayOfWeek): WeekFrame {
  const dates = weekDays(date, firstDay);
  const bounds = [...dates, addCalendarDays(dates[6]!, 1)].map((d) => zonedStartOfDay(d, timeZone));
  return { timeZone, firstDayOfWeek: firstDay, dates, bounds };
}

export const rowKey = (projectId: number | null, taskId: number | null) =>
  `${projectId ?? ''}:${taskId ?? ''}`;

/**
 * What an entry counts for, as reports count it (secondsSql in time-entries/entry-sql.ts): its billed
 * duration; else (a running timer, or a row written without a duration) from its start to its end,
 * its open pause or `now`, less its breaks.
 */
export function countedSeconds(
  entry: Pick<SheetEntryRow, 'startTime' | 'endTime' | 'durationSeconds' | 'breakSeconds' | 'pausedAt'>,
  now: Date,
) {
  if (entry.durationSeconds !== null) return entry.durationSeconds;
  const until = entry.endTime ?? entry.pausedAt ?? now;
  return Math.max(0, Math.floor((until.getTime() - entry.startTime.getTime()) / 1000) - entry.breakSeconds);
}

/** "Billed on invoice INV-12" / "Billed on draft invoice INV-12": why a cell is read-only. */
export function invoiceLockedReason(
  entry: Pick<SheetEntryRow, 'invoiceStatus' | 'invoiceNumber'>,
): string | null {
  if (entry.invoiceStatus === null) return null;
  return entry.invoiceStatus === 'draft'
    ? `Billed on draft invoice ${entry.invoiceNumber}; remove its line from the draft to change it`
    : `Billed on invoice ${entry.invoiceNumber}`;
}

/** Which day of the frame an instant falls on (its index), or -1 outside the week. */
function dayIndex(frame: WeekFrame, at: Date): number {
  const t = at.getTime();
  for (let i = 0; i < 7; i++)
    if (t >= frame.bounds[i]!.getTime() && t < frame.bounds[i + 1]!.getTime()) return i;
  return -1;
}

/**
 * The lock of each day of the frame, or null: a day is locked when it starts in locked time (the
 * lockdown's 00:00 is cut in the company zone, so with another viewer zone a day may straddle it:
 * it then reads locked, and its later hours still take time).
 */
export function dayLocks(frame: WeekFrame, state: TimeLockState, overridable: boolean): (DayLock | null)[] {
  return frame.dates.map((_, i) => {
    const locked = lockReasonFor(state, [frame.bounds[i]!]);
    return locked && { lockedBy: locked.reason, lockedReason: locked.detail, overridable };
  });
}

export function cellOf(
  date: string,
  entries: SheetEntryRow[],
  now: Date,
  dayLock: DayLock | null = null,
): TimesheetCell {
  const billed = entries.find((e) => e.invoiceStatus !== null);
  const running = entries.some((e) => e.endTime === null);
  const noProject = entries.some((e) => e.projectId === null);
  const settable = entries.length === 0 || (entries.length === 1 && entries[0]!.source === 'manual');
  const closed = dayLock !== null && !dayLock.overridable;
  return {
    date,
    seconds: entries.reduce((sum, e) => sum + countedSeconds(e, now), 0),
    entryCount: entries.length,
    entryIds: entries.map((e) => e.id),
    running,
    locked: billed !== undefined || dayLock !== null,
    lockedBy: billed ? 'invoice' : (dayLock?.lockedBy ?? null),
    lockedReason: billed ? invoiceLockedReason(billed) : (dayLock?.lockedReason ?? null),
    mode: billed || running || noProject || closed ? 'readOnly' : settable ? 'set' : 'add',
  };
}

/**
 * The grid of a week: a row per project/task with entries, a cell per day. An entry counts on
 * the day it starts (in the frame's zone), wholly, as in every report.
 */
export function buildTimesheet(
  frame: WeekFrame,
  entries: SheetEntryRow[],
  now: Date,
  whose: { userId: number; locks: (DayLock | null)[] },
): TimesheetResponse {
  const byRow = new Map<string, { ref: SheetEntryRow; days: SheetEntryRow[][] }>();
  for (const e of entries) {
    const i = dayIndex(frame, e.startTime);
    if (i < 0) continue;
    const key = rowKey(e.projectId, e.taskId);
    let row = byRow.get(key);
    if (!row) byRow.set(key, (row = { ref: e, days: Array.from({ length: 7 }, () => []) }));
    row.days[i]!.push(e);
  }
  const rows: TimesheetRow[] = [...byRow.entries()].map(([key, { ref, days }]) => {
    const cells = days.map((d, i) => cellOf(frame.dates[i]!, d, now, whose.locks[i] ?? null));
    return {
      key,
      ...rowRefView(ref),
      totalSeconds: cells.reduce((s, c) => s + c.seconds, 0),
      cells,
    };
  });
  rows.sort(
    (a, b) =>
      (a.projectName ?? '').localeCompare(b.projectName ?? '') ||
      (a.taskName ?? '').localeCompare(b.taskName ?? '') ||
      a.key.localeCompare(b.key),
  );
  const days = frame.dates.map((date, i) => ({
    date,
    isoWeekday: isoWeekday(date),
    from: frame.bounds[i]!.toISOString(),
    totalSeconds: rows.reduce((s, r) => s + r.cells[i]!.seconds, 0),
    locked: whose.locks[i] != null,
    lockedBy: whose.locks[i]?.lockedBy ?? null,
    lockedReason: whose.locks[i]?.lockedReason ?? null,
  }));
  return {
    userId: whose.userId,
    timeZone: frame.timeZone,
    firstDayOfWeek: frame.firstDayOfWeek,
    start: frame.dates[0]!,
    end: frame.dates[6]!,
    from: frame.bounds[0]!.toISOString(),
    to: frame.bounds[7]!.toISOString(),
    asOf: now.toISOString(),
    days,
    rows,
    totalSeconds: days.reduce((s, d) => s + d.totalSeconds, 0),
    hasRunningTimer: rows.some((r) => r.cells.some((c) => c.running)),
    runningTimerPaused: entries.some(
      (e) => e.endTime === null && e.pausedAt !== null && dayIndex(frame, e.startTime) >= 0,
    ),
  };
}

/** The names and colour of a row, from any of its entries (or a row reference). */
export function rowRefView(
  ref: Omit<SheetRowRef, 'projectId' | 'projectName' | 'projectStatus'> & {
    projectId: number | null;
    projectName: string | null;
    projectStatus: string | null;
  },
) {
  return {
    projectId: ref.projectId,
    projectName: ref.projectName ?? 'No project',
    projectStatus: ref.projectStatus ?? 'archived',
    clientName: ref.clientName,
    taskId: ref.taskId,
    taskName: ref.taskName,
    colour: projectColour(ref.projectId),
  };
}
