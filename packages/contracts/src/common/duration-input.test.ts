import { describe, expect, it } from 'vitest';
import { formatHoursMinutes, parseDurationInput } from './duration-input';

describe('parseDurationInput', () => {
  it.each([
    ['1.5', 5400],
    ['1,5', 5400],
    ['.5', 1800],
    ['2', 7200],
    ['0', 0],
    ['', 0],
    ['  ', 0],
    ['1:30', 5400],
    ['0:45', 2700],
    ['1:30:15', 5415],
    ['90m', 5400],
    ['90 min', 5400],
    ['1h30m', 5400],
    ['1h 30m', 5400],
    ['1H30M', 5400],
    ['2h', 7200],
    ['1.5h', 5400],
    ['1,25 h', 4500],
    ['45m', 2700],
    ['24', 86_400],
    ['0.333333', 1200],
  ])('%j is %i seconds', (text, seconds) => {
    expect(parseDurationInput(text)).toBe(seconds);
  });

  it.each([
    'abc',
    '1:60',
    '1:3',
    '-1',
    '-1:30',
    '1.5.5',
    'h',
    'm',
    '25',
    '24:01',
    '1441m',
    '1e3',
    '1 30',
    '१',
  ])('%j is not a duration', (text) => {
    expect(parseDurationInput(text)).toBeNull();
  });
});

describe('formatHoursMinutes', () => {
  it.each([
    [0, '0:00'],
    [59, '0:00'],
    [5400, '1:30'],
    [36_000, '10:00'],
    [90_061, '25:01'],
  ])('%i seconds read %s', (seconds, text) => {
    expect(formatHoursMinutes(seconds)).toBe(text);
  });
});
