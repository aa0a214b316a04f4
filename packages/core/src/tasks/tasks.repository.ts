import { TASK_PRIORITIES } from '@timetracker/contracts';
import { Prisma, type PrismaClient } from '@timetracker/db';
import { trackableBy, trackableWhere, type ProjectScope } from '../access/project-scope.repository';

export const TASK_SELECT = {
  id: true,
  projectId: true,
  name: true,
  description: true,
  status: true,
  priority: true,
  assignedTo: true,
  createdBy: true,
  dueDate: true,
  estimatedHours: true,
  actualHours: true,
  startedAt: true,
  completedAt: true,
  createdAt: true,
  updatedAt: true,
  project: { select: { name: true } },
  assignee: { select: { username: true } },
} satisfies Prisma.TaskSelect;

export type TaskRow = Prisma.TaskGetPayload<{ select: typeof TASK_SELECT }>;

/** The columns a new task is written with, and those a change writes (undefined: left as is). */
export type NewTask = Prisma.TaskUncheckedCreateInput;
export type TaskChanges = Prisma.TaskUncheckedUpdateInput;

export type TaskSortField = 'priority' | 'dueDate' | 'createdAt' | 'name';

export interface TaskListFilter {
  projectId?: number;
  statuses?: string[];
  excludeStatuses?: string[];
  assignedTo?: number;
  /** YYYY-MM-DD: only tasks due strictly before this date. */
  dueBefore?: string;
  search?: string;
  /** Only tasks of projects within this scope (null or absent: all). */
  scope?: ProjectScope;
}

export interface TaskListPage {
  sort: TaskSortField;
  desc: boolean;
  skip: number;
  take: number;
}

/** `%`, `_` and `\` are wildcards/escape in LIKE: a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whereSql(filter: TaskListFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filter.projectId !== undefined) conditions.push(Prisma.sql`t.project_id = ${filter.projectId}`);
  if (filter.statuses?.length) conditions.push(Prisma.sql`t.status IN (${Prisma.join(filter.statuses)})`);
  if (filter.excludeStatuses?.length) {
    conditions.push(Prisma.sql`t.status NOT IN (${Prisma.join(filter.excludeStatuses)})`);
  }
  if (filter.assignedTo !== undefined) conditions.push(Prisma.sql`t.assigned_to = ${filter.assignedTo}`);
  if (filter.dueBefore !== undefined) conditions.push(Prisma.sql`t.due_date < ${filter.dueBefore}::date`);
  if (filter.search) conditions.push(Prisma.sql`t.name ILIKE ${likePattern(filter.search)}`);
  if (filter.scope !== undefined && filter.scope !== null)
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM projects p WHERE p.id = t.project_id AND ${trackableBy(filter.scope)})`,
    );
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

/** Priority by rank (low < medium < high < urgent); unknown legacy values rank below low. */
const PRIORITY_RANK = Prisma.sql`CASE t.priority ${Prisma.join(
  TASK_PRIORITIES.map((p, i) => Prisma.sql`WHEN ${p} THEN ${i + 1}::int`),
  ' ',
)} ELSE 0 END`;

function orderSql(sort: TaskSortField, desc: boolean): Prisma.Sql {
  const dir = Prisma.raw(desc ? 'DESC' : 'ASC');
  const key = {
    priority: PRIORITY_RANK,
    dueDate: Prisma.sql`t.due_date`,
    createdAt: Prisma.sql`t.created_at`,
    name: Prisma.sql`lower(t.name)`,
  }[sort];
  // Tasks without a due date come last either way; the id makes pages stable on ties.
  return Prisma.sql`${key} ${dir} NULLS LAST, t.id ${dir}`;
}

export class TasksRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The task, if its project is within `scope` (null: any). */
  findById(id: number, scope: ProjectScope = null): Promise<TaskRow | null> {
    return this.prisma.task.findFirst({
      where: { id, ...(scope === null ? {} : { project: trackableWhere(scope) }) },
      select: TASK_SELECT,
    });
  }

  /**
   * One page of tasks. Prisma's orderBy cannot sort by a CASE expression (priority rank), so the
   * matching ids and the total come from SQL, then the rows (with names) from Prisma in that order.
   */
  async list(filter: TaskListFilter, page: TaskListPage): Promise<{ items: TaskRow[]; total: number }> {
    const where = whereSql(filter);
    const [ids, counted] = await this.prisma.$transaction([
      this.prisma.$queryRaw<{ id: number }[]>`
        SELECT t.id FROM tasks t ${where}
        ORDER BY ${orderSql(page.sort, page.desc)} LIMIT ${page.take} OFFSET ${page.skip}`,
      this.prisma.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM tasks t ${where}`,
    ]);
    const rows = await this.prisma.task.findMany({
      where: { id: { in: ids.map((r) => r.id) } },
      select: TASK_SELECT,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return { items: ids.flatMap(({ id }) => byId.get(id) ?? []), total: counted[0]?.total ?? 0 };
  }

  create(data: NewTask): Promise<TaskRow> {
    return this.prisma.task.create({ data, select: TASK_SELECT });
  }

  update(id: number, data: TaskChanges): Promise<TaskRow> {
    return this.prisma.task.update({ where: { id }, data, select: TASK_SELECT });
  }

  /**
   * Applies `data` (which moves the task to another project) only if no time entry is on the
   * task: those entries would otherwise name a task of a project other than their own.
   */
  updateUnlessTracked(id: number, data: Prisma.TaskUncheckedUpdateInput): Promise<TaskRow | 'tracked'> {
    return this.prisma.$transaction(async (tx) => {
      // Prisma has no row locks. FOR UPDATE makes an entry being inserted on this task (its
      // foreign-key check takes KEY SHARE on the row) finish first, so the check below sees it.
      await tx.$queryRaw`SELECT id FROM tasks WHERE id = ${id} FOR UPDATE`;
      if (await tx.timeEntry.findFirst({ where: { taskId: id }, select: { id: true } })) return 'tracked';
      return tx.task.update({ where: { id }, data, select: TASK_SELECT });
    });
  }

  /** Time entries on the task keep their time: their task_id is set to NULL by the foreign key. */
  async delete(id: number): Promise<void> {
    await this.prisma.task.delete({ where: { id } });
  }

  findProject(
    id: number,
    scope: ProjectScope = null,
  ): Promise<{ id: number; name: string; status: string } | null> {
    return this.prisma.project.findFirst({
      where: { id, ...trackableWhere(scope) },
      select: { id: true, name: true, status: true },
    });
  }

  async activeUserExists(id: number): Promise<boolean> {
    return (await this.prisma.user.count({ where: { id, isActive: true } })) > 0;
  }

  /** The instance's IANA zone (settings.timezone), which decides what "today" is. */
  async timeZone(): Promise<string> {
    const row = await this.prisma.settings.findUnique({ where: { id: 1 }, select: { timezone: true } });
    return row?.timezone ?? 'UTC';
  }
}
