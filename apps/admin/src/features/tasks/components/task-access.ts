import type { TaskResponse, UserResponse } from '@timetracker/contracts';

/**
 * What the signed-in user may do to a task, by the API's rule (tasks.service `assertMayEdit`):
 * admins and the creator change and delete anything, the assignee changes only the status,
 * anyone else nothing. The page offers only these actions.
 */
export type TaskAccess = 'full' | 'status' | 'none';

export function taskAccess(task: TaskResponse, user: Pick<UserResponse, 'id' | 'role'>): TaskAccess {
  if (user.role === 'admin' || task.createdBy === user.id) return 'full';
  return task.assignedTo === user.id ? 'status' : 'none';
}
