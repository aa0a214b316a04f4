import { zonedTimeReader } from '@timetracker/contracts';
import { describe, expect, it } from 'vitest';
import { readRow, type RowContext } from './import-row';

// Generic CSV columns: start, end, duration, email.
const ctx: RowContext = {
  format: 'generic',
  index: { start: 0, end: 1, duration: 2, email: 3 },
  toInstant: zonedTimeReader('Europe/Berlin'),
  maxSeconds: 86_400,
};
const read = (start: string, end: string, duration = '', email = 'anna@example.test') =>
  readRow([start, end, duration, email], 7, ctx);

describe('a refused row carries its code and the values its sentence names', () => {
  it('each way a start or end cannot be read', () => {
    expect(read('', '2026-03-02T10:00:00Z')).toMatchObject({
      rowNumber: 7,
      code: 'bad_date',
      reason: 'no start',
      params: { problem: 'no_start' },
    });
    expect(read('2026-03-02T09:00:00Z', '')).toMatchObject({
      code: 'bad_date',
      params: { problem: 'no_end' },
    });
    expect(read('yesterday', '2026-03-02T10:00:00Z')).toMatchObject({
      code: 'bad_date',
      reason: '"yesterday" is not a date and time',
      params: { problem: 'not_date_time', value: 'yesterday' },
    });
    expect(read('2026-02-30 09:00', '2026-03-02T10:00:00Z')).toMatchObject({
      code: 'bad_date',
      params: { problem: 'not_calendar_day', value: '2026-02-30' },
    });
    expect(read('2026-03-02 25:00', '2026-03-02T10:00:00Z')).toMatchObject({
      code: 'bad_date',
      params: { problem: 'not_time', value: '25:00' },
    });
    expect(read('1969-12-31T23:00:00Z', '2026-03-02T10:00:00Z')).toMatchObject({
      code: 'bad_date',
      params: { problem: 'out_of_range', value: '1969-12-31T23:00:00Z' },
    });
  });

  it('end before start, durations, and no user', () => {
    expect(read('2026-03-02T10:00:00Z', '2026-03-02T09:00:00Z')).toMatchObject({
      code: 'end_before_start',
      params: { start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T09:00:00.000Z' },
    });
    expect(read('2026-03-02T00:00:00Z', '2026-03-03T06:00:00Z')).toMatchObject({
      code: 'duration',
      params: { problem: 'too_long', seconds: 30 * 3600, maxSeconds: 86_400 },
    });
    expect(read('2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', 'one hour')).toMatchObject({
      code: 'duration',
      params: { problem: 'not_duration', value: 'one hour' },
    });
    expect(read('2026-03-02T09:00:00Z', '2026-03-02T11:00:00Z', '1:00')).toMatchObject({
      code: 'duration',
      params: { problem: 'mismatch', value: '1:00', seconds: 7200 },
    });
    expect(read('2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', '', '')).toMatchObject({
      code: 'missing',
      params: {},
    });
    // A readable row has no code.
    expect(read('2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', '1:00')).not.toHaveProperty('code');
  });
});
