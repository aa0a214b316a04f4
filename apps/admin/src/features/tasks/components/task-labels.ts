import type { TaskPriority, TaskStatus } from '@timetracker/contracts';

export const STATUS_LABELS: Record<TaskStatus, string> = {
  pending: 'Not started',
  in_progress: 'In progress',
  review: 'In review',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const STATUS_COLORS: Record<TaskStatus, string> = {
  pending: 'gray',
  in_progress: 'blue',
  review: 'grape',
  done: 'teal',
  cancelled: 'red',
};

export const PRIORITY_LABELS: Record<TaskPriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};
