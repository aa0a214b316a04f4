import type { TaskStatus } from '@timetracker/contracts';

// The words live in the catalogs: t(`tasks:status.${status}`), t(`tasks:priority.${priority}`).
export const STATUS_COLORS: Record<TaskStatus, string> = {
  pending: 'gray',
  in_progress: 'blue',
  review: 'grape',
  done: 'teal',
  cancelled: 'red',
};
