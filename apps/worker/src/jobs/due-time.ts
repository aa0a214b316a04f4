import { CronTime } from 'cron';

/**
 * The due time a tick belongs to: the latest time of the schedule at or before `firedAt`.
 * Every worker computes the same value for the same tick (it is read from the schedule, not
 * from the moment the timer fired), which is what makes "once per due time" work across
 * replicas whose timers fire a few milliseconds apart.
 */
export function dueTime(schedule: CronTime, firedAt: Date): Date {
  const next = schedule.getNextDateFrom(firedAt).toJSDate();
  const period = schedule.getNextDateFrom(next).toJSDate().getTime() - next.getTime();
  // Start a couple of periods back and walk forward to the last time not after firedAt.
  let due: Date | null = null;
  let probe = new Date(firedAt.getTime() - 2 * Math.max(period, 1000));
  for (;;) {
    const candidate = schedule.getNextDateFrom(probe).toJSDate();
    if (candidate.getTime() > firedAt.getTime()) break;
    due = candidate;
    probe = candidate;
  }
  // Only when the timer fired absurdly late: the whole second it fired in.
  return due ?? new Date(Math.floor(firedAt.getTime() / 1000) * 1000);
}

/** Parses a schedule in UTC, so that every replica has the same due times whatever its zone. */
export function parseSchedule(expression: string): CronTime {
  return new CronTime(expression, 'UTC');
}
