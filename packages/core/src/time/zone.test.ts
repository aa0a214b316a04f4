import { describe, expect, it } from 'vitest';
import { isValidTimeZone, localDate, zonedWallTimeToInstant } from './zone';

describe('zonedWallTimeToInstant', () => {
  it('converts wall-clock time in a zone, summer and winter', () => {
    expect(zonedWallTimeToInstant('2025-08-25', '09:00', 'Europe/Rome').toISOString()).toBe(
      '2025-08-25T07:00:00.000Z',
    );
    expect(zonedWallTimeToInstant('2025-12-01', '09:00', 'Europe/Rome').toISOString()).toBe(
      '2025-12-01T08:00:00.000Z',
    );
    expect(zonedWallTimeToInstant('2025-12-01', '09:00', 'UTC').toISOString()).toBe(
      '2025-12-01T09:00:00.000Z',
    );
  });

  it('handles the skipped spring hour and the repeated autumn hour', () => {
    // 2025-03-30 02:30 does not exist in Rome: clocks jump 02:00 → 03:00.
    expect(zonedWallTimeToInstant('2025-03-30', '02:30', 'Europe/Rome').toISOString()).toBe(
      '2025-03-30T01:30:00.000Z',
    );
    // 2025-10-26 02:30 happens twice: the first one (still summer time, UTC+2).
    expect(zonedWallTimeToInstant('2025-10-26', '02:30', 'Europe/Rome').toISOString()).toBe(
      '2025-10-26T00:30:00.000Z',
    );
  });

  it('applies the same rule in New York, in Sydney (southern hemisphere) and in Lord Howe (30-minute change)', () => {
    const at = (date: string, time: string, zone: string) =>
      zonedWallTimeToInstant(date, time, zone).toISOString();
    expect(at('2025-03-09', '02:30', 'America/New_York')).toBe('2025-03-09T07:30:00.000Z'); // gap → 03:30 EDT
    expect(at('2025-11-02', '01:30', 'America/New_York')).toBe('2025-11-02T05:30:00.000Z'); // fold → EDT
    expect(at('2025-10-05', '02:30', 'Australia/Sydney')).toBe('2025-10-04T16:30:00.000Z'); // gap → 03:30 AEDT
    expect(at('2025-04-06', '02:30', 'Australia/Sydney')).toBe('2025-04-05T15:30:00.000Z'); // fold → AEDT
    expect(at('2025-10-05', '02:15', 'Australia/Lord_Howe')).toBe('2025-10-04T15:45:00.000Z'); // gap → 02:45
    expect(at('2025-04-06', '01:45', 'Australia/Lord_Howe')).toBe('2025-04-05T14:45:00.000Z'); // fold → +11
    expect(at('2025-03-30', '02:30', 'Asia/Kolkata')).toBe('2025-03-29T21:00:00.000Z');
  });

  it('gives the local calendar date and validates zone names', () => {
    expect(localDate(new Date('2025-08-25T23:30:00Z'), 'Europe/Rome')).toBe('2025-08-26');
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    // As settings: an offset is no zone (DST would be lost), whatever Intl accepts.
    expect(isValidTimeZone('+01:00')).toBe(false);
  });
});
