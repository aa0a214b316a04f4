import { describe, expect, it } from 'vitest';

import { dayRangeToInstants, fromZonedString, toZonedString } from './dates';
import { formatDuration, formatMoney } from './format';

describe('settings time zone', () => {
  it('reads picker wall-clock time in the settings zone, not the browser’s', () => {
    expect(fromZonedString('2026-03-02 09:00:00', 'Europe/Rome')).toBe('2026-03-02T08:00:00.000Z');
    expect(fromZonedString('2026-07-02 09:00:00', 'Europe/Rome')).toBe('2026-07-02T07:00:00.000Z'); // summer time
    expect(fromZonedString('2026-03-02 09:00:00', 'America/New_York')).toBe('2026-03-02T14:00:00.000Z');
  });

  it('round-trips an instant through the pickers’ format', () => {
    const iso = '2026-03-29T00:30:00.000Z'; // the night clocks go forward in Rome
    expect(toZonedString(iso, 'Europe/Rome')).toBe('2026-03-29 01:30:00');
    expect(fromZonedString(toZonedString(iso, 'Europe/Rome'), 'Europe/Rome')).toBe(iso);
  });

  it('turns a day range into [first midnight, midnight after the last day)', () => {
    expect(dayRangeToInstants('2026-03-01', '2026-03-31', 'Europe/Rome')).toEqual({
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-03-31T22:00:00.000Z',
    });
  });
});

describe('formatting', () => {
  it('shows durations as h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('—');
  });

  it('shows decimal-string money in the settings currency', () => {
    expect(formatMoney('1234.50', 'EUR')).toMatch(/€\s?1,234\.50|1\.234,50\s?€/);
    expect(formatMoney('85.00', 'USD')).toMatch(/\$85\.00/);
    expect(formatMoney(null, 'USD')).toBe('—');
  });
});
