import {
  TASK_PRIORITIES,
  TASK_STATUSES,
  type TaskCreate,
  type TaskPriority,
  type TaskResponse,
  type TaskStatus,
  type TaskUpdate,
  zonedDate,
} from '@timetracker/contracts';
import { authorize, authorizeOwn, mayOwn } from '../access/policy';
import { projectScopeFor } from '../access/project-scope.repository';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { applyStatusChange } from './task-status';
import type {
  TaskChanges,
  TaskListFilter,
  TaskRow,
  TaskSortField,
  TasksRepository,
} from './tasks.repository';

export interface TaskListOptions {
  projectId?: number;
  status?: TaskStatus[];
  assignedTo?: number;
  mine?: boolean;
  overdue?: boolean;
  search?: string;
}

/** Finished tasks are never overdue, whatever their due date. */
const FINISHED: TaskStatus[] = ['done', 'cancelled'];

// Adopted databases may hold values outside today's vocabulary; show them as the defaults
// rather than failing the whole response.
const asStatus = (s: string): TaskStatus =>
  (TASK_STATUSES as readonly string[]).includes(s) ? (s as TaskStatus) : 'pending';
const asPriority = (p: string): TaskPriority =>
  (TASK_PRIORITIES as readonly string[]).includes(p) ? (p as TaskPriority) : 'medium';

/** A DATE column arrives as midnight UTC; the calendar date is its first ten characters. */
const toDateString = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
const fromDateString = (d: string | null | undefined) =>
  d === undefined ? undefined : d === null ? null : new Date(`${d}T00:00:00Z`);

export function toTaskView(row: TaskRow): TaskResponse {
  return {
    id: row.id,
    projectId: row.projectId,
    projectName: row.project.name,
    name: row.name,
    description: row.description,
    status: asStatus(row.status),
    priority: asPriority(row.priority),
    assignedTo: row.assignedTo,
    assigneeUsername: row.assignee?.username ?? null,
    createdBy: row.createdBy,
    dueDate: toDateString(row.dueDate),
    estimatedHours: row.estimatedHours?.toFixed(2) ?? null,
    actualHours: row.actualHours?.toFixed(2) ?? null,
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The calendar date at `now` in `timeZone`; an unusable zone name counts as UTC. */
function todayIn(timeZone: string, now: Date): string {
  try {
    return zonedDate(now, timeZone);
  } catch {
    return zonedDate(now, 'UTC');
  }
}

const SORTS: Record<string, TaskSortField> = {
  priority: 'priority',
  dueDate: 'dueDate',
  createdAt: 'createdAt',
  name: 'name',
};

/**
 * Tasks of projects. Every signed-in user reads them and creates them; admins and the creator
 * edit and delete them; the assignee may only move the status. Only admins move a task to
 * another project, and only while no time is tracked on it.
 */
export class TasksService {
  constructor(private readonly tasks: TasksRepository) {}

  async list(
    actor: Principal,
    options: TaskListOptions,
    page: { page: number; pageSize: number; sort: string },
    now = new Date(),
  ) {
    const empty = { items: [], total: 0, page: page.page, pageSize: page.pageSize };
    // "Mine" and another assignee at once can match nothing.
    if (options.mine && options.assignedTo !== undefined && options.assignedTo !== actor.userId) return empty;
    const filter: TaskListFilter = {
      projectId: options.projectId,
      statuses: options.status,
      assignedTo: options.mine ? actor.userId : options.assignedTo,
      search: options.search,
      scope: projectScopeFor(actor),
    };
    if (options.overdue) {
      // "Today" is the instance's calendar day (settings.timezone), not the server's or UTC's.
      filter.dueBefore = todayIn(await this.tasks.timeZone(), now);
      filter.excludeStatuses = FINISHED;
    }
    const { items, total } = await this.tasks.list(filter, {
      sort: SORTS[page.sort.replace(/^-/, '')] ?? 'createdAt',
      desc: page.sort.startsWith('-'),
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items: items.map(toTaskView), total, page: page.page, pageSize: page.pageSize };
  }

  async get(actor: Principal, id: number): Promise<TaskResponse> {
    return toTaskView(await this.require(actor, id));
  }

  async create(actor: Principal, input: TaskCreate, now = new Date()): Promise<TaskResponse> {
    await this.assertProjectTakesTasks(actor, input.projectId);
    if (input.assignedTo != null) await this.assertAssignable(input.assignedTo);
    const stamps = applyStatusChange(null, input.status, { startedAt: null, completedAt: null }, now);
    const row = await this.tasks.create({
      projectId: input.projectId,
      name: input.name,
      description: input.description ?? null,
      status: input.status,
      priority: input.priority,
      assignedTo: input.assignedTo ?? null,
      createdBy: actor.userId,
      dueDate: fromDateString(input.dueDate) ?? null,
      estimatedHours: input.estimatedHours ?? null,
      ...stamps,
    });
    return toTaskView(row);
  }

  async update(actor: Principal, id: number, input: TaskUpdate, now = new Date()): Promise<TaskResponse> {
    const task = await this.require(actor, id);
    this.assertMayEdit(actor, task, input);
    const moveTo = input.projectId !== task.projectId ? input.projectId : undefined;
    if (moveTo !== undefined) {
      authorize(actor, 'tasks.move');
      await this.assertProjectTakesTasks(actor, moveTo);
    }
    if (input.assignedTo != null && input.assignedTo !== task.assignedTo) {
      await this.assertAssignable(input.assignedTo);
    }
    const data: TaskChanges = {
      projectId: input.projectId,
      name: input.name,
      description: input.description,
      priority: input.priority,
      assignedTo: input.assignedTo,
      dueDate: fromDateString(input.dueDate),
      estimatedHours: input.estimatedHours,
    };
    if (input.status !== undefined) {
      data.status = input.status;
      Object.assign(data, applyStatusChange(asStatus(task.status), input.status, task, now));
    }
    if (moveTo === undefined) return toTaskView(await this.tasks.update(id, data));
    const moved = await this.tasks.updateUnlessTracked(id, data);
    if (moved === 'tracked') {
      throw new DomainError(
        'CONFLICT',
        'The task has time entries: moving it would leave them on a task of another project',
      );
    }
    return toTaskView(moved);
  }

  async remove(actor: Principal, id: number): Promise<void> {
    const task = await this.require(actor, id);
    authorizeOwn(actor, 'tasks.deleteAny', task.createdBy);
    await this.tasks.delete(id);
  }

  /** Admins and the creator change anything; the assignee only the status; nobody else anything. */
  private assertMayEdit(actor: Principal, task: TaskRow, input: TaskUpdate): void {
    if (mayOwn(actor, 'tasks.changeAny', task.createdBy)) return;
    authorizeOwn(actor, 'tasks.changeStatus', task.assignedTo);
    const others = Object.entries(input)
      .filter(([field, value]) => field !== 'status' && value !== undefined)
      .map(([field]) => field);
    if (others.length) {
      throw DomainError.forbidden(`The assignee may change only the status, not ${others.join(', ')}`);
    }
  }

  private async assertProjectTakesTasks(actor: Principal, projectId: number): Promise<void> {
    const project = await this.tasks.findProject(projectId, projectScopeFor(actor));
    if (!project) {
      throw DomainError.validation('No such project', [{ path: 'projectId', message: 'no such project' }]);
    }
    // As for time entries: only "active" takes new work; other stored values (adopted data) read as archived.
    if (project.status !== 'active') {
      throw new DomainError(
        'INVALID_STATE',
        `The project "${project.name}" is archived: it takes no new tasks`,
      );
    }
  }

  private async assertAssignable(userId: number): Promise<void> {
    if (!(await this.tasks.activeUserExists(userId))) {
      throw DomainError.validation('Tasks can be assigned only to active users', [
        { path: 'assignedTo', message: 'must be an active user' },
      ]);
    }
  }

  /** A task of a private project the actor may not track on reads as absent. */
  private async require(actor: Principal, id: number): Promise<TaskRow> {
    const task = await this.tasks.findById(id, projectScopeFor(actor));
    if (!task) throw DomainError.notFound('Task');
    return task;
  }
}
