import { describe, expect, it } from 'vitest';
import { mondayOf, periodRange, resolveRange, weekStartOf } from './report-range';

const iso = (r: { from: Date; to: Date }) => [r.from.toISOString(), r.to.toISOString()];

describe('periodRange', () => {
  // Sunday 2025-03-30, 23:30 UTC = Monday 01:30 in Rome (summer time began that night).
  const now = new Date('2025-03-30T23:30:00Z');

  it('takes the day in the zone, not in UTC', () => {
    expect(iso(periodRange('today', now, 'Europe/Rome'))).toEqual([
      '2025-03-30T22:00:00.000Z',
      '2025-03-31T22:00:00.000Z',
    ]);
    expect(iso(periodRange('today', now, 'UTC'))).toEqual([
      '2025-03-30T00:00:00.000Z',
      '2025-03-31T00:00:00.000Z',
    ]);
  });

  it('starts weeks on Monday, and a DST week is an hour short', () => {
    expect(iso(periodRange('this-week', now, 'Europe/Rome'))).toEqual([
      '2025-03-30T22:00:00.000Z',
      '2025-04-06T22:00:00.000Z',
    ]);
    // Monday 24 → Monday 31 March: 167 hours (clocks went forward on the 30th).
    expect(iso(periodRange('last-week', now, 'Europe/Rome'))).toEqual([
      '2025-03-23T23:00:00.000Z',
      '2025-03-30T22:00:00.000Z',
    ]);
    expect(mondayOf('2025-03-30')).toBe('2025-03-24');
    expect(mondayOf('2025-03-31')).toBe('2025-03-31');
  });

  it('handles months and years, across the year end', () => {
    const jan = new Date('2026-01-10T12:00:00Z');
    expect(iso(periodRange('last-month', jan, 'Europe/Rome'))).toEqual([
      '2025-11-30T23:00:00.000Z',
      '2025-12-31T23:00:00.000Z',
    ]);
    expect(iso(periodRange('this-year', jan, 'UTC'))).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
  });
});

describe('resolveRange', () => {
  it('prefers the period, else keeps the given bounds', () => {
    const now = new Date('2025-06-15T10:00:00Z');
    expect(resolveRange({ period: 'yesterday', from: '2020-01-01T00:00:00Z' }, now, 'UTC').from).toEqual(
      new Date('2025-06-14T00:00:00Z'),
    );
    expect(resolveRange({ from: '2025-01-01T00:00:00+01:00' }, now, 'UTC')).toEqual({
      from: new Date('2024-12-31T23:00:00Z'),
    });
  });
});

describe('weeks starting on a chosen day', () => {
  it('finds the first day of the week for Monday, Sunday and Saturday weeks', () => {
    // 2026-03-04 is a Wednesday; 2026-03-01 a Sunday; 2026-02-28 a Saturday.
    expect(weekStartOf('2026-03-04', 'monday')).toBe('2026-03-02');
    expect(weekStartOf('2026-03-04', 'sunday')).toBe('2026-03-01');
    expect(weekStartOf('2026-03-04', 'saturday')).toBe('2026-02-28');
    expect(weekStartOf('2026-03-01', 'sunday')).toBe('2026-03-01');
    expect(weekStartOf('2026-03-01', 'monday')).toBe('2026-02-23');
    expect(weekStartOf('2026-02-28', 'saturday')).toBe('2026-02-28');
  });

  it('cuts this week from the user’s first day at local midnight', () => {
    const now = new Date('2026-03-04T12:00:00Z');
    expect(periodRange('this-week', now, 'UTC', 'sunday')).toEqual({
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-08T00:00:00Z'),
    });
    expect(periodRange('last-week', now, 'UTC', 'saturday').from).toEqual(new Date('2026-02-21T00:00:00Z'));
  });
});
