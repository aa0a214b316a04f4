import { describe, expect, it, vi } from 'vitest';
import {
  addCalendarDays,
  instantToZonedTime,
  zonedDate,
  zonedStartOfDay,
  zonedTimeReader,
  zonedTimeToInstant,
} from './zoned-time';
import { ZONED_TIME_CASES } from './zoned-time.cases';

const ZONES = [
  'Europe/Rome',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'UTC',
];

describe('zonedTimeToInstant', () => {
  it.each(ZONED_TIME_CASES)('$what: $date $time $zone is $instant', ({ zone, date, time, instant }) => {
    expect(zonedTimeToInstant(date, time, zone).toISOString()).toBe(instant);
  });

  it('takes seconds and rejects what is not a local date and time', () => {
    expect(zonedTimeToInstant('2025-10-26', '02:30:15', 'Europe/Rome').toISOString()).toBe(
      '2025-10-26T00:30:15.000Z',
    );
    expect(() => zonedTimeToInstant('2025-10-26T02:30', '02:30', 'Europe/Rome')).toThrow(RangeError);
    expect(() => zonedTimeToInstant('2025-10-26', '2:30', 'Europe/Rome')).toThrow(RangeError);
    expect(() => zonedTimeToInstant('2025-10-26', '02:30', 'Mars/Olympus')).toThrow(RangeError);
  });

  // Every quarter hour over two days around each change: an instant's wall time maps back to the
  // instant itself, except in the second pass through a repeated hour, which maps to the first.
  it.each(ZONES)('round-trips every quarter hour around the changes in %s', (zone) => {
    for (const around of [
      '2025-03-09T00:00:00Z',
      '2025-03-30T00:00:00Z',
      '2025-10-26T00:00:00Z',
      '2025-11-02T00:00:00Z',
      '2025-04-05T12:00:00Z',
      '2025-10-04T12:00:00Z',
    ]) {
      for (let at = Date.parse(around) - 86_400_000; at < Date.parse(around) + 86_400_000; at += 900_000) {
        const wall = instantToZonedTime(new Date(at), zone);
        const back = zonedTimeToInstant(wall.date, wall.time, zone).getTime();
        expect(back).toBeLessThanOrEqual(at);
        if (back !== at) {
          // The same wall time an hour (or, on Lord Howe, half an hour) earlier: a fold.
          expect(instantToZonedTime(new Date(back), zone)).toEqual(wall);
          expect([1_800_000, 3_600_000]).toContain(at - back);
        }
      }
    }
  });
});

describe('zonedTimeReader', () => {
  /** Every `stepMinutes` of wall time from `from` for `days` days, as the import reads it. */
  function* walls(from: string, days: number, stepMinutes: number) {
    const start = Date.parse(`${from}T00:00:00Z`);
    for (let at = start; at < start + days * 86_400_000; at += stepMinutes * 60_000) {
      const iso = new Date(at).toISOString();
      yield { date: iso.slice(0, 10), time: iso.slice(11, 19) };
    }
  }

  // Wall times, not instants: the skipped hours (gaps) are read too, and both passes of a fold.
  it.each([
    ['Europe/Berlin', ['2024-03-29', '2024-10-25', '2025-03-28', '2025-10-24']],
    ['America/New_York', ['2024-03-08', '2024-11-01', '2025-03-07', '2025-10-31']],
    ['Australia/Lord_Howe', ['2025-04-04', '2025-10-03']],
    ['Asia/Kolkata', ['2025-03-28']],
  ])('gives what zonedTimeToInstant gives around the changes in %s', (zone, changes) => {
    const read = zonedTimeReader(zone);
    for (const from of changes)
      for (const { date, time } of walls(from, 4, 5))
        expect(read(date, time).toISOString(), `${date} ${time}`).toBe(
          zonedTimeToInstant(date, time, zone).toISOString(),
        );
  });

  it.each(['Europe/Berlin', 'America/New_York'])(
    'gives what zonedTimeToInstant gives over 2024–2025 and sample years of 1970–2099 in %s',
    (zone) => {
      const read = zonedTimeReader(zone);
      // 37 minutes, odd: over the years the steps fall on every minute of the hour.
      for (const { date, time } of walls('2024-01-01', 731, 37))
        expect(read(date, time).getTime()).toBe(zonedTimeToInstant(date, time, zone).getTime());
      for (const year of [1970, 1971, 1996, 2007, 2037, 2099])
        for (const { date, time } of walls(`${year}-01-01`, 365, 173))
          expect(read(date, time).getTime()).toBe(zonedTimeToInstant(date, time, zone).getTime());
    },
  );

  it('takes the same rule in a gap and a fold (Berlin)', () => {
    const read = zonedTimeReader('Europe/Berlin');
    expect(read('2025-03-30', '02:30').toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(read('2025-10-26', '02:30').toISOString()).toBe('2025-10-26T00:30:00.000Z');
    expect(read('2025-11-02', '01:30').toISOString()).toBe('2025-11-02T00:30:00.000Z');
  });

  it('makes no Intl call for times whose hours it has seen', () => {
    const read = zonedTimeReader('Europe/Berlin');
    read('2025-06-02', '08:00');
    read('2025-06-02', '09:00');
    const calls = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      expect(read('2025-06-02', '08:25:00').toISOString()).toBe('2025-06-02T06:25:00.000Z');
      expect(read('2025-06-02', '08:59:59').toISOString()).toBe('2025-06-02T06:59:59.000Z');
      expect(calls).not.toHaveBeenCalled();
      // A week later: hours not seen yet.
      expect(read('2025-06-09', '08:00').toISOString()).toBe('2025-06-09T06:00:00.000Z');
      expect(calls).toHaveBeenCalled();
    } finally {
      calls.mockRestore();
    }
  });

  it('rejects what is not a local date and time, and an unknown zone', () => {
    expect(() => zonedTimeReader('Europe/Berlin')('2025-10-26', '2:30')).toThrow(RangeError);
    expect(() => zonedTimeReader('Mars/Olympus')).toThrow(RangeError);
  });
});

describe('instantToZonedTime and zonedDate', () => {
  it('show both passes through a repeated hour as the same wall time', () => {
    expect(instantToZonedTime(new Date('2025-10-26T00:30:00Z'), 'Europe/Rome')).toEqual({
      date: '2025-10-26',
      time: '02:30:00',
    });
    expect(instantToZonedTime(new Date('2025-10-26T01:30:00Z'), 'Europe/Rome')).toEqual({
      date: '2025-10-26',
      time: '02:30:00',
    });
  });

  it('give the calendar date in the zone, not in UTC', () => {
    expect(zonedDate(new Date('2025-08-25T23:30:00Z'), 'Europe/Rome')).toBe('2025-08-26');
    expect(zonedDate(new Date('2025-08-25T03:30:00Z'), 'America/New_York')).toBe('2025-08-24');
    expect(zonedDate(new Date('2025-08-25T14:30:00Z'), 'Australia/Sydney')).toBe('2025-08-26');
    expect(zonedDate(new Date('2025-08-25T18:29:00Z'), 'Asia/Kolkata')).toBe('2025-08-25');
    expect(zonedDate(new Date('2025-08-25T18:30:00Z'), 'Asia/Kolkata')).toBe('2025-08-26');
    expect(zonedDate(new Date('2025-08-25T23:59:59Z'), 'UTC')).toBe('2025-08-25');
  });
});

describe('zonedStartOfDay and addCalendarDays', () => {
  it('make days 23 and 25 hours long across the changes', () => {
    const hours = (date: string, zone: string) =>
      (zonedStartOfDay(addCalendarDays(date, 1), zone).getTime() - zonedStartOfDay(date, zone).getTime()) /
      3_600_000;
    expect(hours('2025-03-30', 'Europe/Rome')).toBe(23);
    expect(hours('2025-10-26', 'Europe/Rome')).toBe(25);
    expect(hours('2025-03-09', 'America/New_York')).toBe(23);
    expect(hours('2025-04-06', 'Australia/Sydney')).toBe(25);
    expect(hours('2025-10-05', 'Australia/Lord_Howe')).toBe(23.5);
    expect(hours('2025-10-05', 'Asia/Kolkata')).toBe(24);
    // Havana's day of the change starts at 01:00, when clocks skip midnight.
    expect(zonedStartOfDay('2025-03-09', 'America/Havana').toISOString()).toBe('2025-03-09T05:00:00.000Z');
  });

  it('step over month, year and leap-day ends', () => {
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});
