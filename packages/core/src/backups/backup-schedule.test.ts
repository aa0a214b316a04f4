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

  it('follows the DST change: 03:00 is 02:00 UTC in winter and 01:00 UTC in summer (Rome)', () => {
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

  it('a time skipped by the spring change runs as much later as the gap is long, that same day', () => {
    // 29 March 2026, Rome: clocks go from 02:00 to 03:00; 02:30 does not exist and runs at 03:30
    // CEST, not at 03:00 (the end of the gap).
    const r = dailyBackupDue(new Date('2026-03-29T10:00:00Z'), '02:30', 'Europe/Rome');
    expect(r.due.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(r.due >= r.dayStart && r.due < r.dayEnd).toBe(true);
    // 8 March 2026, New York: 02:00 EST → 03:00 EDT; 02:15 runs at 03:15 EDT.
    expect(
      dailyBackupDue(new Date('2026-03-08T12:00:00Z'), '02:15', 'America/New_York').due.toISOString(),
    ).toBe('2026-03-08T07:15:00.000Z');
    // 4 October 2026, Sydney: 02:00 AEST → 03:00 AEDT; 02:30 runs at 03:30 AEDT.
    expect(
      dailyBackupDue(new Date('2026-10-04T00:00:00Z'), '02:30', 'Australia/Sydney').due.toISOString(),
    ).toBe('2026-10-03T16:30:00.000Z');
  });

  it('a time repeated by the autumn change runs at its first occurrence', () => {
    // 25 October 2026, Rome: 02:30 happens twice (CEST then CET); the first is 00:30 UTC.
    const r = dailyBackupDue(new Date('2026-10-25T10:00:00Z'), '02:30', 'Europe/Rome');
    expect(r.due.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(r.dayEnd.getTime() - r.dayStart.getTime()).toBe(25 * 3600_000);
    // 1 November 2026, New York: 01:30 happens twice (EDT then EST); the first is 05:30 UTC.
    expect(
      dailyBackupDue(new Date('2026-11-01T12:00:00Z'), '01:30', 'America/New_York').due.toISOString(),
    ).toBe('2026-11-01T05:30:00.000Z');
    // 5 April 2026, Sydney: 02:30 happens twice (AEDT then AEST); the first is 15:30 UTC the day before.
    expect(
      dailyBackupDue(new Date('2026-04-05T00:00:00Z'), '02:30', 'Australia/Sydney').due.toISOString(),
    ).toBe('2026-04-04T15:30:00.000Z');
  });

  it('names files by UTC time and id', () => {
    expect(backupFileName(new Date('2026-03-29T01:30:00.123Z'), 7)).toBe(
      'timetracker-backup-20260329T013000Z-7.tar',
    );
  });
});
