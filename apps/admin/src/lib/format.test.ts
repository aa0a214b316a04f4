import { describe, expect, it } from 'vitest';

import { formatDayLabel, formatHoursMinutes, formatHourTick, hourTicks } from './format';

describe('chart formats', () => {
  it('puts hour ticks on round steps', () => {
    expect(hourTicks(1.95)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(hourTicks(0.1)).toEqual([0, 0.25]);
    expect(hourTicks(7.2)).toEqual([0, 2, 4, 6, 8]);
    expect(hourTicks(0)).toEqual([0, 0.25]);
    expect(hourTicks(160)).toEqual([0, 50, 100, 150, 200]);
    expect(hourTicks(1.95).map(formatHourTick)).toEqual(['0 h', '0.5 h', '1 h', '1.5 h', '2 h']);
  });

  it('reads durations as h:mm and days as a weekday and date', () => {
    expect(formatHoursMinutes(5400)).toBe('1:30 h');
    expect(formatHoursMinutes(89)).toBe('0:01 h');
    expect(formatHoursMinutes(42)).toBe('< 1 min');
    expect(formatDayLabel('2026-03-02')).toBe('Mon 2');
  });
});
