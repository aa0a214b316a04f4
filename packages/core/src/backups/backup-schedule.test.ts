import { describe, expect, it } from 'vitest';
import { backupFileName, dailyBackupDue } from './backup-schedule';

describe('dailyBackupDue', () => {
  it('is backup_time on the local calendar day, whatever the UTC date', () => {
    // 23:30 UTC on 9 March is already 10 March in Rome (UTC+1 in winter).
    const r = dailyBackupDue(new Date('2026-03-09T23:30:00Z'), '02:00', 'Europe/Rome');
    expect(r.day).toBe('2026-03-10');
    expect(r.due.toISOString()).toBe('2026-03-10T01:00:00.000Z');
    expect(r.dayStart.toISOString()).toBe('2026-03-09T23:00:00.000Z');
    expect(r.dayEnd.toISOString()).toBe('2026-03-10T23:00:00.000Z');
  });

  it('follows the DST change: 02:00 is 01:00 UTC in winter and 00:00 UTC in summer (Rome)', () => {
    expect(dailyBackupDue(new Date('2026-03-28T12:00:00Z'), '03:00', 'Europe/Rome').due.toISOString()).toBe(
      '2026-03-28T02:00:00.000Z',
    );
    expect(dailyBackupDue(new Date('2026-03-30T12:00:00Z'), '03:00', 'Europe/Rome').due.toISOString()).toBe(
      '2026-03-30T01:00:00.000Z',
    );
    // The change day is 23 hours long.
    const change = dailyBackupDue(new Date('2026-03-29T12:00:00Z'), '03:00', 'Europe/Rome');
    expect(change.dayEnd.getTime() - change.dayStart.getTime()).toBe(23 * 3600_000);
    expect(change.due.toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('a time skipped by the spring change runs right after the gap, once', () => {
    // 29 March 2026, Rome: clocks go from 02:00 to 03:00; 02:30 does not exist.
    const r = dailyBackupDue(new Date('2026-03-29T10:00:00Z'), '02:30', 'Europe/Rome');
    expect(r.due.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
  });

  it('a time repeated by the autumn change runs at its first occurrence', () => {
    // 25 October 2026, Rome: 02:30 happens twice (CEST then CET); the first is 00:30 UTC.
    const r = dailyBackupDue(new Date('2026-10-25T10:00:00Z'), '02:30', 'Europe/Rome');
    expect(r.due.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(r.dayEnd.getTime() - r.dayStart.getTime()).toBe(25 * 3600_000);
  });

  it('names files by UTC time and id', () => {
    expect(backupFileName(new Date('2026-03-29T01:30:00.123Z'), 7)).toBe(
      'timetracker-backup-20260329T013000Z-7.tar',
    );
  });
});
