import { describe, expect, it } from 'vitest';

// The server's conversion and the table of DST cases it is tested against, from their sources.
import { ZONED_TIME_CASES } from '../../../../packages/contracts/src/common/zoned-time.cases';
import { zonedWallTimeToInstant as serverInstant } from '../../../../packages/core/src/time/zone';
import { dayRangeToInstants, endOfDayExclusive, fromZonedString, todayIn, toZonedString } from './dates';
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

describe('the dashboard and the server read local time alike', () => {
  // Rome 2025-10-26 02:30 (a repeated hour) was 01:30Z here and 00:30Z on the server.
  it.each(ZONED_TIME_CASES)('$what: $date $time $zone is $instant', ({ zone, date, time, instant }) => {
    const dashboard = fromZonedString(`${date} ${time}:00`, zone);
    expect(dashboard).toBe(instant);
    expect(dashboard).toBe(serverInstant(date, time, zone).toISOString());
  });

  it('shows both passes through a repeated hour as the same picker time, and keeps the first', () => {
    expect(toZonedString('2025-11-02T05:30:00.000Z', 'America/New_York')).toBe('2025-11-02 01:30:00');
    expect(toZonedString('2025-11-02T06:30:00.000Z', 'America/New_York')).toBe('2025-11-02 01:30:00');
    expect(fromZonedString('2025-11-02 01:30:00', 'America/New_York')).toBe('2025-11-02T05:30:00.000Z');
  });

  it('makes the days of the changes 25 and 23 hours long, as the server does', () => {
    expect(dayRangeToInstants('2025-10-26', '2025-10-26', 'Europe/Rome')).toEqual({
      from: '2025-10-25T22:00:00.000Z',
      to: '2025-10-26T23:00:00.000Z',
    });
    expect(dayRangeToInstants('2025-10-05', '2025-10-05', 'Australia/Sydney')).toEqual({
      from: '2025-10-04T14:00:00.000Z',
      to: '2025-10-05T13:00:00.000Z',
    });
    expect(endOfDayExclusive('2025-03-08', 'America/Havana')).toBe('2025-03-09T05:00:00.000Z'); // midnight skipped
  });

  it('takes today from the settings zone, not the browser’s', () => {
    const at = new Date('2025-08-25T13:00:00Z');
    expect(todayIn('Pacific/Auckland', at)).toBe('2025-08-26');
    expect(todayIn('America/Los_Angeles', at)).toBe('2025-08-25');
    expect(todayIn('Asia/Kolkata', new Date('2025-08-25T18:30:00Z'))).toBe('2025-08-26');
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
