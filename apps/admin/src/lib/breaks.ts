import { i18n } from '@/i18n/i18n';

import { formatDuration } from './format';

/** 1800 → "0:30": a break as people write it (hours and minutes). */
export function formatBreak(seconds: number): string {
  const minutes = Math.round(Math.max(0, seconds) / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * A typed break → seconds: "30" and "30m" are minutes, "0:30" and "1:15" hours and minutes,
 * empty is no break; null when it reads as none of these.
 */
export function parseBreak(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  const minutes = /^(\d{1,4})\s*(?:m|min)?$/i.exec(t);
  if (minutes) return Number(minutes[1]) * 60;
  const hm = /^(\d{1,3}):([0-5]\d)$/.exec(t);
  if (hm) return (Number(hm[1]) * 60 + Number(hm[2])) * 60;
  return null;
}

interface Durations {
  rawSeconds: number | null;
  breakSeconds: number;
  durationSeconds: number | null;
}

/**
 * What a finished entry's billed duration is made of, in words, when it is not simply the time
 * from start to end: "0:00:05 worked, rounded up" (a 5-second timer billed 15 minutes) and
 * "break 0:30". Empty when billed = end − start.
 */
export function durationDetails(e: Durations): string[] {
  if (e.rawSeconds === null || e.durationSeconds === null) return [];
  const worked = Math.max(0, e.rawSeconds - e.breakSeconds);
  const details: string[] = [];
  if (worked !== e.durationSeconds)
    details.push(
      i18n.t(e.durationSeconds > worked ? 'timeEntries:roundedUp' : 'timeEntries:roundedDown', {
        worked: formatDuration(worked),
      }),
    );
  if (e.breakSeconds > 0)
    details.push(i18n.t('timeEntries:breakOf', { duration: formatBreakExactly(e.breakSeconds) }));
  return details;
}

/** A break of a timer's pauses: h:mm, with the seconds when it has some (never "0:00" for 40 s). */
export function formatBreakExactly(seconds: number): string {
  return seconds % 60 === 0 ? formatBreak(seconds) : formatDuration(seconds);
}

/** A running timer's worked time at `now`: its closed breaks and an open pause are not work. */
export function workedSoFar(
  e: { startTime: string; breakSeconds: number; pausedAt: string | null },
  now: number,
): number {
  const until = e.pausedAt ? Date.parse(e.pausedAt) : now;
  return Math.max(0, Math.floor((until - Date.parse(e.startTime)) / 1000) - e.breakSeconds);
}
