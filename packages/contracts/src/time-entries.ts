import { z } from 'zod';
import {
  DaySchema,
  IdParamSchema,
  IdSchema,
  InstantResponseSchema,
  InstantSchema,
  QueryIdSchema,
  text,
} from './common/input';
import { pageOf, PageQuerySchema, sortParam } from './common/pagination';
import { TagModeQuerySchema, TagNamesQuerySchema, TagSchema } from './tags';

const isoDateTime = InstantResponseSchema.describe('ISO-8601 with Z or an offset');
const instant = InstantSchema;
const id = IdSchema;
const queryId = QueryIdSchema;
const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const TagsSchema = z
  .array(TagSchema)
  .max(20)
  // The width of the original comma-separated column, so that a rollback of the tags
  // migration can always write an entry's tags back.
  .refine((tags) => tags.join(',').length <= 500, 'at most 500 characters in all')
  .describe(
    'Tag names, in order. A name matches an existing tag ignoring case; a new one is created unless settings.tagCreation = admins (then only admins may). Archived tags cannot be added',
  );

export const OVERLAP_POLICIES = ['allow', 'warn', 'refuse'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

export const EntryWarningResponseSchema = z.object({
  code: z.enum(['OVERLAP']).describe('OVERLAP: the entry overlaps another of the same user'),
  entryId: z.number().int().describe('The other entry'),
  projectName: z.string().nullable().describe('The other entry’s project (null: none)'),
  startTime: isoDateTime.describe('The other entry’s start'),
  endTime: isoDateTime.nullable().describe('The other entry’s end (null: it is running)'),
  detail: z
    .string()
    .describe(
      'Names the other entry in English, its local times in the viewer’s zone; clients in another ' +
        'language word it from the fields above',
    ),
});

export const TimeEntryResponseSchema = z.object({
  id: z.number().int(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  projectId: z.number().int().nullable(),
  projectName: z.string().nullable(),
  clientId: z.number().int().nullable(),
  clientName: z.string().nullable(),
  taskId: z.number().int().nullable(),
  taskName: z.string().nullable(),
  startTime: isoDateTime,
  endTime: isoDateTime.nullable().describe('null while the timer runs'),
  durationSeconds: z
    .number()
    .int()
    .nullable()
    .describe(
      'Billed: end − start − breakSeconds, rounded with the settings in force when the entry ended or was last edited; null while running',
    ),
  rawSeconds: z
    .number()
    .int()
    .nullable()
    .describe('end − start in whole seconds, before breaks and rounding; null while running'),
  breakSeconds: z.number().int().describe('Breaks inside the entry: closed pauses, or a typed break'),
  pausedAt: isoDateTime.nullable().describe("A paused timer's pause began then; null when not paused"),
  paused: z.boolean(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  source: z.enum(['manual', 'auto']).describe('auto = started with the timer'),
  billable: z.boolean(),
  running: z.boolean(),
  invoiceItemId: z.number().int().nullable(),
  locked: z
    .boolean()
    .describe(
      'Billed on an invoice (a draft too): cannot be changed or deleted until its line is removed from the draft or the invoice is cancelled',
    ),
  createdAt: isoDateTime.nullable(),
  updatedAt: isoDateTime.nullable(),
  stoppedReason: z
    .enum(['idle'])
    .nullable()
    .describe(
      'Why the server stopped this timer (idle: no activity for idle_timeout_minutes); null otherwise',
    ),
  autoStoppedAt: isoDateTime
    .nullable()
    .describe('When the server stopped the timer; endTime is the last activity, before this'),
  warnings: z
    .array(EntryWarningResponseSchema)
    .describe('Only on a write the overlap policy (settings.overlapPolicy = warn) let through')
    .optional(),
});

export const BreakSecondsSchema = z
  .number()
  .int()
  .min(0)
  .max(31 * 86_400)
  .describe('Seconds of break inside the entry, not worked: shorter than end − start (else a 400)');

export const TimeEntryCreateSchema = z
  .strictObject({
    userId: id.optional().describe('Admins only: record time for another user'),
    projectId: id,
    taskId: id.nullable().optional(),
    startTime: instant,
    endTime: instant,
    notes: text().max(5000).nullable().optional(),
    tags: TagsSchema.optional(),
    billable: z.boolean().optional().describe("Defaults to the project's billable flag"),
    breakSeconds: BreakSecondsSchema.optional(),
  })
  .refine((v) => Date.parse(v.endTime) >= Date.parse(v.startTime), {
    path: ['endTime'],
    message: 'can’t be before the start',
  });

export const TimeEntryUpdateSchema = z.strictObject({
  projectId: id.optional(),
  taskId: id.nullable().optional(),
  startTime: instant.optional(),
  endTime: instant.nullable().optional().describe('null keeps (or makes) it running only if it was running'),
  notes: text().max(5000).nullable().optional(),
  tags: TagsSchema.optional(),
  billable: z.boolean().optional(),
  breakSeconds: BreakSecondsSchema.optional().describe(
    "Replaces the entry's break; a running timer's breaks come from pause and resume",
  ),
});

export const TimeEntryListQuerySchema = PageQuerySchema.extend({
  userId: queryId.optional().describe('Admins only'),
  projectId: queryId.optional(),
  clientId: queryId.optional(),
  taskId: queryId.optional(),
  billable: queryBool.optional(),
  tag: TagSchema.optional().describe('One tag name (see tags for several)'),
  tags: TagNamesQuerySchema.optional(),
  tagMode: TagModeQuerySchema,
  from: instant.optional().describe('start_time >= from'),
  to: instant.optional().describe('start_time < to'),
  running: queryBool.optional(),
  sort: sortParam(['startTime', 'durationSeconds', 'createdAt'], '-startTime'),
  cursor: z
    .string()
    .max(500)
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'a nextCursor of this list')
    .optional()
    .describe(
      'The nextCursor of the previous page: the page after it, in the same sort (and with the same ' +
        'filters), read from where that page ended however deep it is; rows added or removed ' +
        'meanwhile never make a row seen twice or skipped. Not with page (the cursor knows its page)',
    ),
})
  .strict()
  .refine((q) => q.cursor === undefined || q.page === 1, {
    path: ['page'],
    message: 'page or cursor, not both',
  });

export const TimeEntryBulkCreateSchema = z
  .strictObject({
    userId: id.optional().describe('Admins only'),
    projectId: id,
    taskId: id.nullable().optional(),
    from: DaySchema.describe("First day (in the user's zone: their preference, else settings.timezone)"),
    to: DaySchema.describe('Last day, included; at most 366 days after from'),
    startTime: text()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
      .describe('Local start time each day'),
    endTime: text()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
      .describe('Local end time each day'),
    skipWeekends: z.boolean().default(true),
    breakSeconds: BreakSecondsSchema.optional().describe('The same break each day'),
    notes: text().max(5000).nullable().optional(),
    tags: TagsSchema.optional(),
    billable: z.boolean().optional(),
  })
  .refine((v) => v.to >= v.from, { path: ['to'], message: 'must not be before from' })
  .refine((v) => v.endTime > v.startTime, { path: ['endTime'], message: 'must be after the start' })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 <= 366, {
    path: ['to'],
    message: 'at most 366 days',
  });

export const TimerStartSchema = z.strictObject({
  projectId: id,
  taskId: id.nullable().optional().describe('Must belong to the project'),
  notes: text().max(5000).nullable().optional(),
  tags: TagsSchema.optional(),
  billable: z.boolean().optional().describe("Defaults to the project's billable flag"),
  startTime: instant
    .optional()
    .describe(
      'Back-dates the timer (not in the future, at most settings.maxEntryDurationSeconds ago); default now. ' +
        'A running timer that single_active_timer stops ends at this time, so it must have started before it',
    ),
});

export const TimerStopSchema = z.strictObject({
  at: instant.optional().describe('Stop at this time (≥ the start, not in the future); default now'),
  entryId: id.optional().describe('Which timer, when several may run (single_active_timer off)'),
});

export const TimerPauseSchema = z.strictObject({
  at: instant
    .optional()
    .describe(
      'The pause began then (not before the start or the last resume, not in the future); default now',
    ),
  entryId: id.optional().describe('Which timer, when several may run'),
});

export const TimerResumeSchema = z.strictObject({
  at: instant
    .optional()
    .describe('Resume at this time (not before the pause began, not in the future); default now'),
  entryId: id.optional().describe('Which timer, when several may run'),
});

export const TimeEntryDuplicateSchema = z.strictObject({
  date: DaySchema.describe("The day of the copy (the user's zone): same local start and end times"),
});

export const RecentCombinationsQuerySchema = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .describe("The user's newest distinct project/task/notes/tags combinations");

export const RecentCombinationResponseSchema = z.object({
  projectId: z.number().int(),
  projectName: z.string(),
  clientName: z.string().nullable(),
  taskId: z.number().int().nullable(),
  taskName: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  billable: z.boolean(),
  lastStartTime: isoDateTime,
});
export const RecentCombinationListResponseSchema = z.object({
  items: z.array(RecentCombinationResponseSchema),
});

export const TimeEntryIdParamSchema = IdParamSchema;
export const TimeEntryPageSchema = pageOf(TimeEntryResponseSchema).extend({
  total: z
    .number()
    .int()
    .nonnegative()
    .describe(
      'Entries matching the filters, all pages: exact up to 100,000, above that the database’s estimate (totalIsEstimate)',
    ),
  totalIsEstimate: z
    .boolean()
    .describe('true: more than 100,000 entries match and total is an estimate (show it as "about")'),
  page: z.number().int().min(1).describe('This page’s number (with a cursor: the one the cursor leads to)'),
  nextCursor: z
    .string()
    .nullable()
    .describe('Pass as cursor for the next page (keyset: fast at any depth); null on the last page'),
});
export const TimeEntryListResponseSchema = z.object({ items: z.array(TimeEntryResponseSchema) });
export const HeartbeatResponseSchema = z.object({
  lastActivityAt: isoDateTime,
  idleTimeoutMinutes: z.number().int().describe('0 = timers are never stopped for inactivity'),
});

export type TimeEntryResponse = z.infer<typeof TimeEntryResponseSchema>;
export type TimeEntryCreate = z.infer<typeof TimeEntryCreateSchema>;
export type TimeEntryUpdate = z.infer<typeof TimeEntryUpdateSchema>;
export type TimeEntryListQuery = z.infer<typeof TimeEntryListQuerySchema>;
export type TimeEntryBulkCreate = z.infer<typeof TimeEntryBulkCreateSchema>;
export type TimerStart = z.infer<typeof TimerStartSchema>;
export type TimerStop = z.infer<typeof TimerStopSchema>;
export type TimerPause = z.infer<typeof TimerPauseSchema>;
export type TimerResume = z.infer<typeof TimerResumeSchema>;
export type EntryWarning = z.infer<typeof EntryWarningResponseSchema>;
export type TimeEntryDuplicate = z.infer<typeof TimeEntryDuplicateSchema>;
export type RecentCombination = z.infer<typeof RecentCombinationResponseSchema>;
