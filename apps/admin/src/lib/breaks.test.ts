import { afterEach, describe, expect, it } from 'vitest';

import { setLanguage } from '@/i18n/i18n';

import { durationDetails, formatBreak, parseBreak, workedSoFar } from './breaks';

afterEach(async () => {
  await setLanguage('en');
});

describe('breaks', () => {
  it('explains a rounded duration in the active language', async () => {
    await setLanguage('de');
    expect(durationDetails({ rawSeconds: 9000, breakSeconds: 1800, durationSeconds: 8100 })).toEqual([
      '2:00:00 gearbeitet, aufgerundet',
      'Pause 0:30',
    ]);
  });

  it('reads a typed break as minutes or hours and minutes', () => {
    expect(parseBreak('30')).toBe(1800);
    expect(parseBreak(' 45m ')).toBe(2700);
    expect(parseBreak('1:15')).toBe(4500);
    expect(parseBreak('0:05')).toBe(300);
    expect(parseBreak('')).toBe(0);
    expect(parseBreak('1:75')).toBeNull();
    expect(parseBreak('half an hour')).toBeNull();
    expect(parseBreak('-5')).toBeNull();
    expect(formatBreak(4500)).toBe('1:15');
    expect(formatBreak(0)).toBe('0:00');
  });

  it('explains a rounded duration: a 5-second timer billed 15 minutes', () => {
    expect(durationDetails({ rawSeconds: 5, breakSeconds: 0, durationSeconds: 900 })).toEqual([
      '0:00:05 worked, rounded up',
    ]);
    expect(durationDetails({ rawSeconds: 9000, breakSeconds: 1800, durationSeconds: 6300 })).toEqual([
      '2:00:00 worked, rounded down',
      'break 0:30',
    ]);
    expect(durationDetails({ rawSeconds: 3600, breakSeconds: 0, durationSeconds: 3600 })).toEqual([]);
    // A few seconds of pause read as such, not as "0:00".
    expect(durationDetails({ rawSeconds: 65, breakSeconds: 3, durationSeconds: 62 })).toEqual([
      'break 0:00:03',
    ]);
    expect(durationDetails({ rawSeconds: null, breakSeconds: 0, durationSeconds: null })).toEqual([]);
  });

  it('counts a running timer without its breaks and its open pause', () => {
    const start = '2026-12-05T09:00:00Z';
    const now = Date.parse('2026-12-05T11:00:00Z');
    expect(workedSoFar({ startTime: start, breakSeconds: 600, pausedAt: null }, now)).toBe(6600);
    expect(workedSoFar({ startTime: start, breakSeconds: 600, pausedAt: '2026-12-05T10:00:00Z' }, now)).toBe(
      3000,
    );
  });
});
