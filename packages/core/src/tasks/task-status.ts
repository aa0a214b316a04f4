import type { TaskStatus } from '@timetracker/contracts';

export interface TaskTimestamps {
  startedAt: Date | null;
  completedAt: Date | null;
}

/**
 * The timestamps a task has after its status goes from `from` (null for a new task) to `to`
 * at `now`. The rules, so the history stays readable:
 * - entering in_progress records startedAt, unless the task already has one (first start only:
 *   in_progress → review → in_progress keeps the original start);
 * - entering done records completedAt; leaving done clears it (done means "done as of then");
 * - going back to pending clears both: pending means "not started", so a later start is
 *   recorded afresh instead of pointing at work that was abandoned;
 * - anything else (review, cancelled) keeps what is recorded.
 */
export function applyStatusChange(
  from: TaskStatus | null,
  to: TaskStatus,
  current: TaskTimestamps,
  now: Date,
): TaskTimestamps {
  if (from === to) return current;
  if (to === 'pending') return { startedAt: null, completedAt: null };
  return {
    startedAt: to === 'in_progress' ? (current.startedAt ?? now) : current.startedAt,
    completedAt: to === 'done' ? now : null,
  };
}
