import { may } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { assertProjectAcceptsTime } from '../projects/projects.service';
import type { TimeEntriesRepository } from './time-entries.repository';

/**
 * Whose project membership decides where time may go: nobody's (null: any project) when the
 * actors records their own time and may see every project (admins, accountants), else the
 * owner's, so a lead cannot put a member's time on a private project the member is not on.
 */
export function trackerFor(actor: Principal, ownerId: number): number | null {
  return ownerId === actor.userId && may(actor, 'projects.seeAll') ? null : ownerId;
}

/**
 * Where time may go, checked the same for entries, timers and favourites: the project exists,
 * `trackerId` may track on it (public, or private with them a member directly or through a
 * team; null: anyone) and it accepts time (400 / INVALID_STATE), and the task, if any, is one
 * of its tasks (400). A private project the tracker is not on is the same 400 as an unknown
 * one: its existence is not their business. The database holds the project/task pair too
 * (prisma/sql/005), for writes racing a task's move.
 */
export async function checkProjectAndTask(
  entries: Pick<TimeEntriesRepository, 'projectForTime' | 'taskProjectId'>,
  projectId: number,
  taskId: number | null | undefined,
  trackerId: number | null,
) {
  const project = await entries.projectForTime(projectId, trackerId);
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
