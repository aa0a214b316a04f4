import { z } from 'zod';
import { MAX_TYPED_DURATION_SECONDS, parseDurationInput } from './common/duration-input';
import { DaySchema, IdSchema, InstantResponseSchema, QueryIdSchema, text } from './common/input';
import { EntryWarningResponseSchema } from './time-entries';
import { addCalendarDays } from './common/zoned-time';

// The week timesheet (issue #17 §2): a grid of project/task rows × days of one week in the
// viewer's time zone. docs/timesheet.md explains the rule for writing a cell.

/** ISO weekday a week starts on: 1 = Monday … 7 = Sunday. */
export type FirstDayOfWeek = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Until users choose it (account preferences), weeks start on Monday. */
export const DEFAULT_FIRST_DAY_OF_WEEK: FirstDayOfWeek = 1;

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The seven dates of the week holding `date`, starting on `firstDay`. Calendar arithmetic only. */
export function weekDays(date: string, firstDay: FirstDayOfWeek = DEFAULT_FIRST_DAY_OF_WEEK): string[] {
  const start = addCalendarDays(date, -((isoWeekday(date) - firstDay + 7) % 7));
  return Array.from({ length: 7 }, (_, i) => addCalendarDays(start, i));
}

/**
 * Eight well-spaced hues, each dark enough for white text (contrast ≥ 4.5:1, WCAG AA): the
 * calendar writes project names on them. A project keeps its colour on every screen because it
 * comes from its id.
 */
export const PROJECT_PALETTE = [
  '#1971c2',
  '#087f5b',
  '#b35900',
  '#9c36b5',
  '#0b7285',
  '#c92a2a',
  '#6741d9',
  '#a61e4d',
] as const;
/** Time without a project. */
export const NO_PROJECT_COLOUR = '#495057';

/** The colour a project carries in the timesheet and the calendar (grey without a project). */
export const projectColour = (projectId: number | null): string =>
  projectId === null ? NO_PROJECT_COLOUR : PROJECT_PALETTE[projectId % PROJECT_PALETTE.length]!;

const isoDateTime = InstantResponseSchema;

const WHOSE =
  "Whose timesheet: another user's for admins and that user's team leads (403 for others, 404 for an unknown user); default: your own. Their week is cut in their time zone and first day";

export const TimesheetWeekQuerySchema = z.strictObject({
  week: DaySchema.describe(
    "Any day of the week (the viewer's time zone); the week starts on Monday. Default: this week",
  ).optional(),
  userId: QueryIdSchema.optional().describe(WHOSE),
});

export const TIMESHEET_PDF_PERIODS = ['week', 'month'] as const;
export type TimesheetPdfPeriod = (typeof TIMESHEET_PDF_PERIODS)[number];

/** The printable timesheet: one user's week or month, entries by day, for signing. */
export const TimesheetPdfQuerySchema = z.strictObject({
  period: z
    .enum(TIMESHEET_PDF_PERIODS)
    .default('week')
    .describe("week (default; starting on the user's first day of the week) or month"),
  date: DaySchema.describe(
    "Any day of the week or month, in the user's time zone. Default: today",
  ).optional(),
  userId: QueryIdSchema.optional().describe(WHOSE),
});

/** Why time refuses writes: an invoice (cells only), the lockdown, a submitted or approved week. */
export const TIMESHEET_LOCKS = ['invoice', 'lockdown', 'submitted', 'approved'] as const;
export type TimesheetLock = (typeof TIMESHEET_LOCKS)[number];

export const TimesheetCellResponseSchema = z.object({
  date: z.string().describe('YYYY-MM-DD'),
  seconds: z
    .number()
    .int()
    .describe("Sum of the entries' billed durations; a running timer counts its time so far (see running)"),
  entryCount: z.number().int(),
  entryIds: z.array(z.number().int()).describe('In start order'),
  running: z.boolean().describe('Holds a running timer: seconds include its time up to asOf; read-only'),
  locked: z
    .boolean()
    .describe(
      'Holds an entry billed on an invoice, or its day is locked (lockdown, submitted or approved week: see days[].locked)',
    ),
  lockedBy: z
    .enum(TIMESHEET_LOCKS)
    .nullable()
    .describe('What locks the cell: the invoice first, then its day’s lock; null when not locked'),
  lockedReason: z.string().nullable().describe('Why the cell is locked, e.g. "Billed on invoice INV-12"'),
  mode: z
    .enum(['set', 'add', 'readOnly'])
    .describe(
      'What typing a time does: set = the cell is empty or holds one manual entry (any value); add = it holds several entries or one recorded by a timer (only a larger value, added as a new entry); readOnly = billed, running, or in a locked day the viewer may not override (admins may)',
    ),
});

export const TimesheetRowResponseSchema = z.object({
  key: z.string().describe('"projectId:taskId", each empty when none'),
  projectId: z
    .number()
    .int()
    .nullable()
    .describe('null: entries of the original app without a project (read-only)'),
  projectName: z.string(),
  projectStatus: z.string().describe('active | archived (an archived project takes no new time)'),
  clientName: z.string().nullable(),
  taskId: z.number().int().nullable(),
  taskName: z.string().nullable(),
  colour: z.string().describe('A colour for the project, derived from its id (hex)'),
  totalSeconds: z.number().int(),
  cells: z.array(TimesheetCellResponseSchema).describe('One per day of the week, in order'),
});

export const TimesheetDayResponseSchema = z.object({
  date: z.string().describe('YYYY-MM-DD'),
  isoWeekday: z.number().int().describe('1 = Monday … 7 = Sunday'),
  from: isoDateTime.describe('Local midnight starting the day'),
  totalSeconds: z.number().int(),
  locked: z
    .boolean()
    .describe(
      'The day starts in locked time (docs/approvals.md): before settings.lockedBefore, or in a submitted or approved week. Only admins write it',
    ),
  lockedBy: z.enum(TIMESHEET_LOCKS).exclude(['invoice']).nullable().describe('null when not locked'),
  lockedReason: z.string().nullable().describe('Why the day is locked, as the 409 TIME_LOCKED says it'),
});

export const TimesheetResponseSchema = z.object({
  userId: z.number().int().describe('Whose week it is'),
  timeZone: z.string().describe("The viewer's time zone, in which the week's days are cut"),
  firstDayOfWeek: z.number().int().describe('ISO weekday the week starts on (1 = Monday)'),
  start: z.string().describe('First day, YYYY-MM-DD'),
  end: z.string().describe('Last day, YYYY-MM-DD (included)'),
  from: isoDateTime.describe('The week is [from, to): entries are counted on the day they start'),
  to: isoDateTime,
  asOf: isoDateTime.describe('When a running timer was measured'),
  days: z.array(TimesheetDayResponseSchema),
  rows: z
    .array(TimesheetRowResponseSchema)
    .describe('Rows with entries this week, by project name then task name'),
  totalSeconds: z.number().int().describe('Week total = sum of the rows = sum of the days'),
  hasRunningTimer: z.boolean(),
  runningTimerPaused: z
    .boolean()
    .describe("The week's running timer is paused: its time stands still (it does not grow after asOf)"),
});

const seconds = z
  .number()
  .int()
  .min(0)
  .max(MAX_TYPED_DURATION_SECONDS)
  .describe('The time the cell should hold, in seconds (0 to 86400)');

const durationText = text()
  .max(20)
  .describe('The time as typed: 1.5, 1,5, 1:30, 90m, 1h30m (empty = 0)')
  .refine((v) => parseDurationInput(v) !== null, 'not a duration: try 1.5, 1:30 or 90m');

export const TimesheetCellSetSchema = z
  .strictObject({
    date: DaySchema.describe("The day (viewer's time zone)"),
    projectId: IdSchema,
    taskId: IdSchema.nullable().optional(),
    userId: IdSchema.optional().describe(WHOSE),
    seconds: seconds.optional(),
    duration: durationText.optional(),
  })
  .refine((v) => (v.seconds === undefined) !== (v.duration === undefined), {
    path: ['seconds'],
    message: 'give seconds or duration, one of them',
  });

export const TimesheetCellResultResponseSchema = z.object({
  action: z
    .enum(['created', 'updated', 'deleted', 'unchanged'])
    .describe('What the write did to the entries (see docs/timesheet.md)'),
  entryId: z.number().int().nullable().describe('The entry created, updated or deleted'),
  warnings: z.array(EntryWarningResponseSchema).describe('Overlaps the overlap policy let through'),
  week: TimesheetResponseSchema.describe('The week holding the cell, as GET /timesheet answers it'),
});

export const TimesheetPreviousRowsResponseSchema = z.object({
  items: z
    .array(
      TimesheetRowResponseSchema.pick({
        key: true,
        projectId: true,
        projectName: true,
        projectStatus: true,
        clientName: true,
        taskId: true,
        taskName: true,
        colour: true,
      }),
    )
    .describe('The rows of the week before, on projects that still take time (rows with no time)'),
});

export const TimesheetPeopleResponseSchema = z.object({
  items: z
    .array(z.object({ id: z.number().int(), username: z.string() }))
    .describe(
      'Whose timesheets you may open, by username: yourself, and everyone active for admins or the people you lead for team leads',
    ),
});

export type TimesheetPeople = z.infer<typeof TimesheetPeopleResponseSchema>;
export type TimesheetWeekQuery = z.infer<typeof TimesheetWeekQuerySchema>;
export type TimesheetPdfQuery = z.infer<typeof TimesheetPdfQuerySchema>;
export type TimesheetResponse = z.infer<typeof TimesheetResponseSchema>;
export type TimesheetRow = z.infer<typeof TimesheetRowResponseSchema>;
export type TimesheetCell = z.infer<typeof TimesheetCellResponseSchema>;
export type TimesheetDay = z.infer<typeof TimesheetDayResponseSchema>;
export type TimesheetCellSet = z.infer<typeof TimesheetCellSetSchema>;
export type TimesheetCellResult = z.infer<typeof TimesheetCellResultResponseSchema>;
export type TimesheetPreviousRows = z.infer<typeof TimesheetPreviousRowsResponseSchema>;
