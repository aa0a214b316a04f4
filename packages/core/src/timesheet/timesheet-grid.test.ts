import { describe, expect, it } from 'vitest';
import { buildTimesheet, dayLocks, weekFrame } from './timesheet-grid';
import type { SheetEntryRow } from './timesheet.repository';

const entry = (
  id: number,
  start: string,
  end: string | null,
  extra: Partial<SheetEntryRow> = {},
): SheetEntryRow => ({
  id,
  projectId: 1,
  projectName: 'General',
  projectStatus: 'active',
  clientName: null,
  taskId: null,
  taskName: null,
  startTime: new Date(start),
  endTime: end === null ? null : new Date(end),
  durationSeconds: end === null ? null : (Date.parse(end) - Date.parse(start)) / 1000,
  breakSeconds: 0,
  pausedAt: null,
  source: 'manual',
  invoiceStatus: null,
  invoiceNumber: null,
  ...extra,
});

describe('weekFrame', () => {
  it('starts on the first day asked for (Monday now, Sunday once users choose it)', () => {
    expect(weekFrame('2026-12-03', 'UTC', 1).dates).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(weekFrame('2026-12-03', 'UTC', 7).dates[0]).toBe('2026-11-29');
    expect(weekFrame('2026-11-29', 'UTC', 7).dates[0]).toBe('2026-11-29');
    expect(weekFrame('2026-11-29', 'UTC', 1).dates[0]).toBe('2026-11-23');
    expect(weekFrame('2026-12-03', 'UTC', 6).dates[0]).toBe('2026-11-28');
  });

  it('cuts days at local midnight across a DST change (New York, autumn: a 25-hour Sunday)', () => {
    const frame = weekFrame('2026-11-01', 'America/New_York', 7);
    expect(frame.bounds[0]!.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(frame.bounds[1]!.toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(frame.bounds[7]!.toISOString()).toBe('2026-11-08T05:00:00.000Z');
  });
});

describe('buildTimesheet', () => {
  const frame = weekFrame('2026-12-01', 'Europe/Rome', 1);
  const now = new Date('2026-12-02T10:30:00Z');
  const whose = { userId: 1, locks: [] };

  it('sums billed durations per cell, row, day and week; a running timer so far', () => {
    const sheet = buildTimesheet(
      frame,
      [
        entry(1, '2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z', { durationSeconds: 4500 }),
        entry(2, '2026-11-30T10:00:00Z', '2026-11-30T10:30:00Z', { taskId: 5, taskName: 'Design' }),
        entry(3, '2026-12-02T10:00:00Z', null, { source: 'auto' }),
        entry(4, '2026-12-06T22:30:00Z', '2026-12-07T01:00:00Z'), // Sunday 23:30 local: counts on Sunday, whole
      ],
      now,
      whose,
    );
    expect(sheet.rows.map((r) => r.key)).toEqual(['1:', '1:5']);
    const general = sheet.rows[0]!;
    expect(general.cells.map((c) => c.seconds)).toEqual([4500, 0, 1800, 0, 0, 0, 9000]);
    expect(general.cells[2]).toMatchObject({ running: true, mode: 'readOnly', entryIds: [3] });
    expect(general.cells[0]).toMatchObject({ mode: 'set', entryCount: 1 });
    expect(sheet.days.map((d) => d.totalSeconds)).toEqual([6300, 0, 1800, 0, 0, 0, 9000]);
    expect(sheet.totalSeconds).toBe(17_100);
    expect(sheet.hasRunningTimer).toBe(true);
  });

  it('says which cells only add, and why a locked one is read-only', () => {
    const sheet = buildTimesheet(
      frame,
      [
        entry(1, '2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z'),
        entry(2, '2026-11-30T10:00:00Z', '2026-11-30T10:30:00Z'),
        entry(3, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', { source: 'auto' }),
        entry(4, '2026-12-02T08:00:00Z', '2026-12-02T09:00:00Z', {
          invoiceStatus: 'paid',
          invoiceNumber: 'INV-12',
        }),
        entry(5, '2026-12-03T08:00:00Z', '2026-12-03T09:00:00Z', {
          invoiceStatus: 'draft',
          invoiceNumber: 'INV-13',
        }),
      ],
      now,
      whose,
    );
    const cells = sheet.rows[0]!.cells;
    expect(cells.slice(0, 2).map((c) => c.mode)).toEqual(['add', 'add']);
    expect(cells[2]).toMatchObject({
      mode: 'readOnly',
      locked: true,
      lockedReason: 'Billed on invoice INV-12',
    });
    expect(cells[3]!.lockedReason).toMatch(/^Billed on draft invoice INV-13/);
  });

  it('greys a locked day: before the lockdown, in a submitted week; an admin may still type', () => {
    const state = {
      lockedBefore: '2026-12-02',
      timezone: 'Europe/Rome',
      weeks: [
        {
          status: 'submitted' as const,
          weekStart: '2026-12-04',
          startsAt: new Date('2026-12-03T23:00:00Z'),
          endsAt: new Date('2026-12-10T23:00:00Z'),
        },
      ],
    };
    const userView = buildTimesheet(frame, [entry(1, '2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z')], now, {
      userId: 1,
      locks: dayLocks(frame, state, false),
    });
    expect(userView.days.map((d) => d.lockedBy)).toEqual([
      'lockdown',
      'lockdown',
      null,
      null,
      'submitted',
      'submitted',
      'submitted',
    ]);
    expect(userView.days[0]!.lockedReason).toMatch(/before 2026-12-02/);
    expect(userView.rows[0]!.cells[0]).toMatchObject({
      locked: true,
      lockedBy: 'lockdown',
      mode: 'readOnly',
    });
    expect(userView.rows[0]!.cells[2]).toMatchObject({ locked: false, lockedBy: null, mode: 'set' });
    const adminView = buildTimesheet(frame, [entry(1, '2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z')], now, {
      userId: 1,
      locks: dayLocks(frame, state, true),
    });
    expect(adminView.rows[0]!.cells[0]).toMatchObject({ locked: true, lockedBy: 'lockdown', mode: 'set' });
  });
});
