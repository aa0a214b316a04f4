import { DomainError } from '../errors/domain-error';
import { assertProjectAcceptsTime } from '../projects/projects.service';
import type { TimeEntriesRepository } from './time-entries.repository';

/**
 * Where time may go, checked the same for entries, timers and favourites: the project exists
 * and accepts time (400 / INVALID_STATE), and the task, if any, is one of its tasks (400).
 * The database holds the pair too (prisma/sql/005), for writes racing a task's move.
 */
export async function checkProjectAndTask(
  entries: Pick<TimeEntriesRepository, 'projectForTime' | 'taskProjectId'>,
  projectId: number,
  taskId: number | null | undefined,
) {
  const project = await entries.projectForTime(projectId);
  if (!project)
    throw DomainError.validation('No such project', [{ path: 'projectId', message: 'unknown project' }]);
  assertProjectAcceptsTime(project);
  if (taskId !== undefined && taskId !== null) {
    const task = await entries.taskProjectId(taskId);
    if (!task || task.projectId !== projectId) {
      throw DomainError.validation('The task does not belong to the project', [
        { path: 'taskId', message: 'not a task of this project' },
      ]);
    }
  }
  return project;
}
