import { z } from 'zod';
import {
  DaySchema,
  IdParamSchema,
  IdSchema,
  InstantResponseSchema,
  QueryIdSchema,
  text,
} from './common/input';
import { pageOf, PageQuerySchema, sortParam } from './common/pagination';

// Request bodies are strict objects: an unknown field is a 400, never silently dropped.

const isoDateTime = InstantResponseSchema;

/** `pending` is the original app's default and means "not started". */
export const TASK_STATUSES = ['pending', 'in_progress', 'review', 'done', 'cancelled'] as const;
/** In rank order, lowest first: sorting by priority follows this order, not the alphabet. */
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

export const TaskStatusSchema = z.enum(TASK_STATUSES);
export const TaskPrioritySchema = z.enum(TASK_PRIORITIES);

/** Hours as a decimal string (NUMERIC(5,2) in the database): never a float. */
export const TaskHoursSchema = text()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, 'a decimal number of hours from 0 to 999.99, e.g. "12.50"')
  .describe('Hours as a decimal string with up to 2 decimals, e.g. "12.50"');

const TaskNameSchema = text().trim().min(1).max(200);
const DescriptionSchema = text().max(10_000);
const DueDateSchema = DaySchema;
const UserIdSchema = IdSchema;

export const TaskResponseSchema = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  projectName: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: TaskStatusSchema,
  priority: TaskPrioritySchema,
  assignedTo: z.number().int().nullable(),
  assigneeUsername: z.string().nullable(),
  createdBy: z.number().int(),
  dueDate: z.iso.date().nullable(),
  estimatedHours: z.string().nullable().describe('Decimal string, e.g. "12.50"'),
  actualHours: z.string().nullable().describe('Decimal string; read-only for now'),
  startedAt: isoDateTime
    .nullable()
    .describe('When the task first went in progress since it was last pending'),
  completedAt: isoDateTime.nullable().describe('When the task was marked done; cleared when it leaves done'),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const TaskCreateSchema = z.strictObject({
  projectId: IdSchema.describe('The project; it must exist and not be archived'),
  name: TaskNameSchema,
  description: DescriptionSchema.nullable().optional(),
  status: TaskStatusSchema.default('pending'),
  priority: TaskPrioritySchema.default('medium'),
  assignedTo: UserIdSchema.nullable().optional().describe('An active user, or null for nobody'),
  dueDate: DueDateSchema.nullable().optional(),
  estimatedHours: TaskHoursSchema.nullable().optional(),
});

export const TaskUpdateSchema = z
  .strictObject({
    projectId: IdSchema.optional().describe(
      'Move to another (not archived) project: admins only, and only while no time is tracked on the task',
    ),
    name: TaskNameSchema.optional(),
    description: DescriptionSchema.nullable().optional(),
    status: TaskStatusSchema.optional(),
    priority: TaskPrioritySchema.optional(),
    assignedTo: UserIdSchema.nullable().optional(),
    dueDate: DueDateSchema.nullable().optional(),
    estimatedHours: TaskHoursSchema.nullable().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change')
  .describe(
    'Admins and the creator may change any field; the assignee only `status`. ' +
      'Entering in_progress records startedAt (first time since pending); entering done records ' +
      'completedAt, leaving done clears it; going back to pending clears both (not started again).',
  );

const booleanFlag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

// One status or several: `status=a&status=b` (an array) or `status=a,b` (one string).
const statusName = `(?:${TASK_STATUSES.join('|')})`;
const StatusFilterSchema = z
  .union([
    z.array(TaskStatusSchema).min(1),
    text().regex(new RegExp(`^${statusName}(?:,${statusName})*$`), 'statuses separated by commas'),
  ])
  .transform((v) => (Array.isArray(v) ? v : (v.split(',') as TaskStatus[])))
  .describe(`One or several of ${TASK_STATUSES.join(', ')}: repeat the parameter or separate with commas`);

export const TaskListQuerySchema = PageQuerySchema.extend({
  projectId: QueryIdSchema.optional(),
  status: StatusFilterSchema.optional(),
  assignedTo: QueryIdSchema.optional().describe('Tasks assigned to this user'),
  mine: booleanFlag.describe('true: only tasks assigned to me'),
  overdue: booleanFlag.describe(
    'true: due before today (in the settings time zone) and neither done nor cancelled',
  ),
  search: text().trim().max(200).optional().describe('Part of the name, case-insensitive'),
  sort: sortParam(['priority', 'dueDate', 'createdAt', 'name'], '-createdAt').describe(
    'Sort field, prefixed with - for descending: priority (by rank low < medium < high < urgent), ' +
      'dueDate (tasks without one last), createdAt, name',
  ),
}).strict();

export const TaskIdParamSchema = IdParamSchema;

export const TaskPageSchema = pageOf(TaskResponseSchema);

export type TaskStatus = z.infer<typeof TaskStatusSchema>;
export type TaskPriority = z.infer<typeof TaskPrioritySchema>;
export type TaskResponse = z.infer<typeof TaskResponseSchema>;
export type TaskCreate = z.infer<typeof TaskCreateSchema>;
export type TaskUpdate = z.infer<typeof TaskUpdateSchema>;
export type TaskListQuery = z.infer<typeof TaskListQuerySchema>;
