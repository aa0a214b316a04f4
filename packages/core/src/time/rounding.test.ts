import { describe, expect, it } from 'vitest';
import { roundDuration } from './rounding';

describe('roundDuration', () => {
  it('leaves durations alone when rounding is off (1 minute)', () => {
    expect(roundDuration(3599, 1, 'nearest')).toBe(3599);
    expect(roundDuration(61.9, 1, 'up')).toBe(61);
  });

  it('rounds to the nearest step, exact ties going up', () => {
    expect(roundDuration(7 * 60 + 29, 15, 'nearest')).toBe(0);
    expect(roundDuration(7 * 60 + 30, 15, 'nearest')).toBe(15 * 60); // the tie
    expect(roundDuration(22 * 60 + 29, 15, 'nearest')).toBe(15 * 60);
    expect(roundDuration(22 * 60 + 30, 15, 'nearest')).toBe(30 * 60);
  });

  it('rounds always up or always down', () => {
    expect(roundDuration(15 * 60 + 1, 15, 'up')).toBe(30 * 60);
    expect(roundDuration(29 * 60 + 59, 15, 'down')).toBe(15 * 60);
    expect(roundDuration(1, 6, 'up')).toBe(6 * 60);
  });

  it('keeps an already aligned duration in every mode', () => {
    for (const mode of ['nearest', 'up', 'down'] as const)
      expect(roundDuration(45 * 60, 15, mode)).toBe(45 * 60);
    for (const mode of ['nearest', 'up', 'down'] as const) expect(roundDuration(0, 60, mode)).toBe(0);
  });
});
