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

  it('gives the local calendar date and validates zone names', () => {
    expect(localDate(new Date('2025-08-25T23:30:00Z'), 'Europe/Rome')).toBe('2025-08-26');
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
