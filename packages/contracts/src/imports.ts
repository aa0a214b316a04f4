import { z } from 'zod';
import { IdParamSchema, IdSchema, InstantResponseSchema } from './common/input';
import { PageQuerySchema, pageOf } from './common/pagination';
import { canonicalTimeZone } from './settings';

export const IMPORT_FORMATS = ['toggl', 'clockify', 'kimai', 'solidtime', 'generic'] as const;

export const ImportFormatSchema = z
  .enum(IMPORT_FORMATS)
  .describe(
    'toggl: Toggl Track detailed report CSV; clockify: Clockify detailed report CSV; kimai: Kimai CSV export; ' +
      'solidtime: solidtime detailed time entries CSV; generic: any CSV with a column mapping',
  );

export const ImportStatusSchema = z
  .enum(['uploaded', 'queued', 'running', 'checked', 'done', 'failed', 'cancelled', 'undone'])
  .describe(
    'uploaded: waiting for a dry run or run; queued/running: a worker has it (mode says which); ' +
      'checked: dry run finished; done: imported; undone: its entries removed',
  );

export const ImportModeSchema = z.enum(['dry_run', 'run']);

/** The fields a generic CSV's columns can be mapped to. */
export const IMPORT_FIELDS = [
  'start',
  'end',
  'date',
  'startTime',
  'endTime',
  'duration',
  'email',
  'user',
  'client',
  'project',
  'task',
  'description',
  'tags',
  'billable',
  'id',
] as const;

export const ImportFieldSchema = z.enum(IMPORT_FIELDS);

const columnName = z.string().trim().min(1).max(200);

export const ImportMappingSchema = z
  .strictObject({
    columns: z
      .partialRecord(ImportFieldSchema, columnName.nullable())
      .optional()
      .describe(
        'Generic CSV: which header holds each field (start and end as ISO 8601, or date + startTime + endTime); ' +
          'omitted fields are looked up by their own name; null: the field is not in the file, even where a ' +
          'header has its name',
      ),
    users: z
      .record(z.string().min(1).max(254), IdSchema)
      .optional()
      .describe('Source user (email, else name) → the TimeTracker user id their rows go to'),
    createMissingUsers: z
      .boolean()
      .optional()
      .describe('Create a placeholder user (no password: cannot sign in) for a source user nobody matches'),
  })
  .describe('How the file maps onto TimeTracker');

const TimeZoneSchema = z
  .string()
  .max(50)
  .refine((v) => canonicalTimeZone(v) !== undefined, 'an IANA time zone, e.g. Europe/Berlin');

export const ImportCreateQuerySchema = z.strictObject({
  format: ImportFormatSchema.optional().describe('Omitted: detected from the header row'),
  timezone: TimeZoneSchema.optional().describe(
    "The zone the file's local times are in (Toggl, Clockify, Kimai export local times); default settings.timezone",
  ),
});

export const ImportUpdateSchema = z
  .strictObject({
    format: ImportFormatSchema.optional(),
    timezone: TimeZoneSchema.optional(),
    mapping: ImportMappingSchema.optional(),
  })
  .describe('Change the format, zone or mapping before a dry run or run');

export const ImportIdParamSchema = IdParamSchema;

export const ImportRowsQuerySchema = PageQuerySchema.extend({
  outcome: z.enum(['create', 'skip', 'refuse']).optional().describe('Only rows with this outcome'),
}).strict();

/** Why a row is refused or skipped, as a code a client can translate (docs/import.md). */
export const IMPORT_ROW_CODES = [
  'bad_date',
  'end_before_start',
  'duration',
  'missing',
  'unknown_user',
  'locked',
  'overlap',
  'overlap_in_file',
  'already_imported',
  'duplicate_in_file',
  'conflict',
] as const;

export const ImportRowCodeSchema = z
  .enum(IMPORT_ROW_CODES)
  .describe(
    'Refused: bad_date (a start or end that cannot be read), end_before_start, duration (too long, unreadable ' +
      'or not matching start to end), missing (no user or email), unknown_user (nobody matches and no placeholder), ' +
      'locked (lockdown, submitted or approved week), overlap (an entry of the user; overlap policy refuse), ' +
      'overlap_in_file (an earlier row of the file), conflict (another import wrote meanwhile: run again). ' +
      'Skipped: already_imported (refused when another import wrote the row meanwhile), duplicate_in_file',
  );

export const ImportRowParamsSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .describe(
    'The values the reason names, by code: bad_date {problem: no_start | no_end | no_start_date | no_end_time | ' +
      'not_date | not_calendar_day | not_time | not_date_time | out_of_range, value?: the cell, pattern?: ' +
      'YYYY-MM-DD | MM/DD/YYYY}; end_before_start {start, end} (ISO 8601); duration {problem: too_long, seconds, ' +
      'maxSeconds} | {problem: not_duration, value} | {problem: mismatch, value, seconds}; unknown_user {user}; ' +
      'locked {lock: lockdown, lockedBefore} | {lock: approved | submitted, weekStart} (YYYY-MM-DD); ' +
      'overlap {entryId}; already_imported {meanwhile}; the others {}',
  );

export const ImportRowSchema = z.object({
  rowNumber: z.number().int().describe('The line in the file, the header being 1'),
  outcome: z.enum(['create', 'skip', 'refuse']),
  reason: z
    .string()
    .nullable()
    .describe('Why a row is refused or skipped, in English (code and params say it for translation)'),
  code: ImportRowCodeSchema.nullable().describe(
    'Why a row is refused or skipped; null for a row created, and for rows of imports made before the codes (reason only)',
  ),
  params: ImportRowParamsSchema.nullable(),
  user: z.string().nullable().describe("The row's source user, as the file names them (email, else name)"),
  target: z
    .union([
      z.object({ userId: z.number().int(), username: z.string() }),
      z.object({ placeholder: z.string().describe('The source user the placeholder is made for') }),
    ])
    .nullable()
    .describe(
      'Who the row goes to: the user matched by email or username or mapped by the admin ({userId, username}, ' +
        'the username as it is now), a placeholder user to be made for the source user (mapping.createMissingUsers: ' +
        '{placeholder}), or null: nobody (refused as unknown_user, or read before the user check)',
    ),
  project: z.string().nullable(),
  startTime: InstantResponseSchema.nullable(),
  endTime: InstantResponseSchema.nullable(),
  durationSeconds: z.number().int().nullable(),
});

export const ImportResponseSchema = z.object({
  id: z.number().int(),
  format: ImportFormatSchema,
  timezone: z.string(),
  fileName: z.string(),
  fileSize: z.number().int(),
  status: ImportStatusSchema,
  mode: ImportModeSchema.describe('What the queued, running or last job does'),
  headers: z.array(z.string()).describe("The file's header row"),
  mapping: ImportMappingSchema,
  columns: z
    .record(z.string(), z.string())
    .describe(
      'Which header each field (start, end, date, startTime, endDate, endTime, duration, email, user, …) is read from, as the format and mapping resolve it',
    ),
  progress: z.object({
    rowsDone: z.number().int().nonnegative(),
    rowsTotal: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .describe('Estimated from the bytes read while the worker runs, exact once it has read the whole file'),
    created: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    refused: z.number().int().nonnegative(),
  }),
  cancelRequested: z.boolean(),
  undoable: z
    .boolean()
    .describe(
      'Done, or stopped (cancelled, failed, or checked by a later dry run) after a run wrote entries; ' +
        'and none of its entries invoiced (POST …/undo then succeeds)',
    ),
  entries: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe(
      'The entries this import made that still exist: what an undo deletes. ' +
        'Null while the import is queued or running (the worker is writing: see progress.created)',
    ),
  error: z.string().nullable(),
  createdBy: z.object({ id: z.number().int(), username: z.string() }).nullable(),
  createdAt: InstantResponseSchema,
  startedAt: InstantResponseSchema.nullable(),
  finishedAt: InstantResponseSchema.nullable(),
  undoneAt: InstantResponseSchema.nullable(),
  rows: pageOf(ImportRowSchema).describe('The dry run (or, after a run, its refusals), paged'),
  unknownUsers: z
    .array(z.string())
    .describe(
      'Source users (email, else name) the last dry run or run matched to nobody (at most 200): map them or allow placeholders',
    ),
});

export const ImportListQuerySchema = PageQuerySchema.strict();
export const ImportSummarySchema = ImportResponseSchema.omit({ rows: true, unknownUsers: true });
export const ImportPageSchema = pageOf(ImportSummarySchema).extend({
  maxBytes: z.number().int().describe('IMPORT_MAX_BYTES: the largest file an upload may have'),
});

export type ImportFormat = z.infer<typeof ImportFormatSchema>;
export type ImportStatus = z.infer<typeof ImportStatusSchema>;
export type ImportMode = z.infer<typeof ImportModeSchema>;
export type ImportField = z.infer<typeof ImportFieldSchema>;
export type ImportMapping = z.infer<typeof ImportMappingSchema>;
export type ImportCreateQuery = z.infer<typeof ImportCreateQuerySchema>;
export type ImportUpdate = z.infer<typeof ImportUpdateSchema>;
export type ImportRowsQuery = z.infer<typeof ImportRowsQuerySchema>;
export type ImportListQuery = z.infer<typeof ImportListQuerySchema>;
export type ImportRowView = z.infer<typeof ImportRowSchema>;
export type ImportRowCode = z.infer<typeof ImportRowCodeSchema>;
export type ImportRowParams = z.infer<typeof ImportRowParamsSchema>;
export type ImportResponse = z.infer<typeof ImportResponseSchema>;
export type ImportSummary = z.infer<typeof ImportSummarySchema>;
export type ImportPage = z.infer<typeof ImportPageSchema>;
