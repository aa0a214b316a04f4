import { z } from 'zod';
import { InstantResponseSchema, InstantSchema, text } from './common/input';
import { MoneyResponseSchema } from './common/money';
import { WEEK_STARTS } from './preferences';
import { TimeZoneSchema } from './settings';
import { INVOICE_GROUPINGS } from './invoices';
import { TagModeQuerySchema, TagNamesQuerySchema } from './tags';

const isoDateTime = InstantResponseSchema.describe('ISO-8601 with Z or an offset');
const instant = InstantSchema;
const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Lists travel in query strings comma-separated (`projects=3,7`): one form, easy to document. */
const idList = text()
  .regex(/^\d{1,9}(,\d{1,9}){0,99}$/, 'comma-separated ids, e.g. 3,7 (at most 100)')
  .transform((v) => v.split(',').map(Number));

export const REPORT_PERIODS = [
  'today',
  'yesterday',
  'this-week',
  'last-week',
  'this-month',
  'last-month',
  'this-year',
  'last-year',
] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export const REPORT_DIMENSIONS = [
  'user',
  'client',
  'project',
  'task',
  'tag',
  'billable',
  'day',
  'week',
  'month',
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** The filters every report, series and export takes. */
const FILTER_SHAPE = {
  period: z
    .enum(REPORT_PERIODS)
    .optional()
    .describe(
      "A calendar period in the report's zone (timezone below; weeks start on weekStart below); overrides from/to",
    ),
  timezone: TimeZoneSchema.optional().describe(
    "The IANA zone days, weeks and months are cut in; default: the viewer's (their preference, else settings.timezone)",
  ),
  weekStart: z
    .enum(WEEK_STARTS)
    .optional()
    .describe(
      "The first day of the weeks of groupBy=week, period=this-week/last-week and the weekly trend; default: the viewer's preference (Monday unless changed)",
    ),
  from: instant.optional().describe('Entries starting at or after this instant'),
  to: instant.optional().describe('Entries starting before this instant'),
  users: idList.optional().describe('User ids, comma-separated. Admins only (others: only their own id)'),
  clients: idList.optional().describe('Client ids, comma-separated'),
  projects: idList.optional().describe('Project ids, comma-separated'),
  tasks: idList.optional().describe('Task ids, comma-separated'),
  tags: TagNamesQuerySchema.optional(),
  tagMode: TagModeQuerySchema,
  billable: queryBool.optional(),
  includeRunning: queryBool
    .optional()
    .describe('Count running timers up to now (default: only finished entries)'),
};

const toAfterFrom = (v: { from?: string; to?: string }) =>
  !v.from || !v.to || Date.parse(v.to) > Date.parse(v.from);
const TO_AFTER_FROM = { path: ['to'], message: 'must be after from' };

export const ReportFilterQuerySchema = z.strictObject(FILTER_SHAPE).refine(toAfterFrom, TO_AFTER_FROM);

const dimensionList = text()
  .transform((v) => v.split(','))
  .pipe(
    z
      .array(z.enum(REPORT_DIMENSIONS))
      .min(1)
      .max(2)
      .refine((d) => d.length < 2 || d[0] !== d[1], 'two different dimensions'),
  );

/**
 * How the summary prices billable time (docs/money.md): `exact` (each group's seconds × rate,
 * rounded once), or as invoice lines made from time would bill it, one line per task, project,
 * day or entry of each project.
 */
export const REPORT_PRICINGS = ['exact', ...INVOICE_GROUPINGS] as const;
export type ReportPricing = (typeof REPORT_PRICINGS)[number];

const ReportPricingSchema = z.enum(REPORT_PRICINGS);

export const ReportSummaryQuerySchema = z
  .strictObject({
    ...FILTER_SHAPE,
    groupBy: dimensionList
      .optional()
      .describe(`One or two of ${REPORT_DIMENSIONS.join(', ')}, comma-separated (e.g. project,week)`),
    priceAs: ReportPricingSchema.default('exact').describe(
      "exact (default): each group's seconds × rate / 3600, rounded to the cent once. " +
        'task, project, day, entry: as invoice lines made from time with that grouping would bill ' +
        'the entries of each row (and of the totals): per project and line (days in settings.timezone), ' +
        'round_half_up(round_half_up(seconds / 3600, 2 + digits of the rate before the point) × rate, 2), summed',
    ),
  })
  .refine(toAfterFrom, TO_AFTER_FROM);

/** The figures of a total, a group or a chart point. */
const FiguresSchema = z.object({
  seconds: z.number().int().describe('Sum of the entries’ (rounded) durations'),
  hours: z.string().describe('seconds / 3600, rounded half-up to 2 decimals'),
  billableSeconds: z.number().int(),
  billableHours: z.string(),
  billableAmount: MoneyResponseSchema.optional().describe(
    'Billable entries with a rate: round_half_up(Σ seconds × rate / 3600, 2), rounded once for the group; ' +
      "rate = the entry's resolved billable rate (see /rates), else none (no amount). With priceAs other than exact: " +
      'the sum of the invoice lines those entries would make, one line per rate (docs/money.md). Absent when ' +
      'the caller may not see rates (settings.ratesVisibleToAll, docs/roles.md)',
  ),
  costAmount: MoneyResponseSchema.optional().describe(
    'Only for admins and accountants: round_half_up(Σ seconds × cost rate / 3600, 2) over every entry ' +
      '(billable or not) with a cost rate, resolved like billable rates (see /rates)',
  ),
  margin: MoneyResponseSchema.optional().describe(
    'Only for admins and accountants: billableAmount − costAmount',
  ),
  entries: z.number().int().describe('Number of entries'),
  breakSeconds: z.number().int().describe('Sum of the entries’ breaks (not worked, not in seconds)'),
});

const ReportRangeSchema = z.object({
  from: isoDateTime.nullable().describe('null: no lower bound'),
  to: isoDateTime.nullable().describe('null: no upper bound (exclusive)'),
  timezone: z
    .string()
    .describe(
      "The zone of day, week and month boundaries: the query's, else the viewer's (preference, else settings.timezone)",
    ),
  weekStart: z
    .enum(WEEK_STARTS)
    .describe("The first day of the weeks: the query's, else the viewer's preference"),
  currency: z.string().describe('settings.currency, of every amount'),
});

export const ReportGroupKeySchema = z.object({
  dimension: z.enum(REPORT_DIMENSIONS),
  key: z
    .string()
    .nullable()
    .describe(
      'Id (user, client, project, task), tag, true/false, YYYY-MM-DD (day; week: its first day, see weekStart) or YYYY-MM; null: none',
    ),
  label: z.string().describe('Name to show; "(none)" when the entry has no such thing'),
});

export const ReportSummaryRowSchema = FiguresSchema.extend({ groups: z.array(ReportGroupKeySchema) });

export const ReportSummaryResponseSchema = ReportRangeSchema.extend({
  groupBy: z.array(z.enum(REPORT_DIMENSIONS)),
  priceAs: ReportPricingSchema.describe('How billableAmount was priced (see the priceAs query)'),
  totals: FiguresSchema.describe('Every matching entry once (also when grouped by tag)'),
  rows: z
    .array(ReportSummaryRowSchema)
    .describe('Grouped by tag, an entry with several tags counts in each of their rows'),
});

const HiddenMoneySchema = MoneyResponseSchema.optional().describe(
  'Absent when the caller may not see rates (settings.ratesVisibleToAll, docs/roles.md)',
);

const SeriesTotalsSchema = FiguresSchema.pick({ seconds: true, hours: true });

export const DashboardResponseSchema = z.object({
  timezone: z
    .string()
    .describe("The viewer's zone (preference, else settings.timezone) of today, week and month"),
  currency: z.string(),
  today: SeriesTotalsSchema.extend({ billableAmount: HiddenMoneySchema }),
  week: SeriesTotalsSchema.extend({ billableAmount: HiddenMoneySchema }).describe(
    "Since the start of the user's week (their first day of the week, Monday by default)",
  ),
  month: SeriesTotalsSchema.extend({ billableAmount: HiddenMoneySchema }),
  running: z
    .object({
      id: z.number().int(),
      projectId: z.number().int().nullable(),
      projectName: z.string().nullable(),
      taskName: z.string().nullable(),
      notes: z.string().nullable(),
      startTime: isoDateTime,
      elapsedSeconds: z.number().int(),
    })
    .nullable()
    .describe('The newest running timer, or null'),
});

export const REPORT_SERIES = [
  'hours-by-day',
  'by-project',
  'by-user',
  'by-hour-of-day',
  'billable-vs-non-billable',
  'weekly-trend',
  'project-revenue',
] as const;
export type ReportSeriesName = (typeof REPORT_SERIES)[number];

export const ReportSeriesParamSchema = z.strictObject({
  name: z.enum(REPORT_SERIES).describe('by-user: admins only'),
});

export const ReportSeriesQuerySchema = z
  .strictObject({
    ...FILTER_SHAPE,
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(50)
      .default(5)
      .describe('by-project: the top N projects, the rest summed as "Other"'),
  })
  .refine(toAfterFrom, TO_AFTER_FROM);

export const ReportSeriesPointSchema = FiguresSchema.extend({
  key: z
    .string()
    .nullable()
    .describe(
      'YYYY-MM-DD (day; week: its first day, see weekStart), hour 0–23, project/user id, true/false; null: other',
    ),
  label: z.string(),
});

export const ReportSeriesResponseSchema = ReportRangeSchema.extend({
  series: z.enum(REPORT_SERIES),
  points: z.array(ReportSeriesPointSchema),
});

export const EXPORT_COLUMNS = [
  'id',
  'date',
  'start',
  'end',
  'duration_seconds',
  'duration_hours',
  'duration_hms',
  'break',
  'raw_hours',
  'user',
  'client',
  'project',
  'task',
  'notes',
  'tags',
  'billable',
  'rate',
  'amount',
  'cost',
  'margin',
  'source',
  'invoice_number',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** The original app's export, in its order, with the break (h:mm) after the billed hours. */
export const DEFAULT_EXPORT_COLUMNS: ExportColumn[] = [
  'date',
  'user',
  'project',
  'task',
  'start',
  'end',
  'duration_hours',
  'break',
  'notes',
  'tags',
  'billable',
];

const exportColumns = text()
  .transform((v) => v.split(','))
  .pipe(z.array(z.enum(EXPORT_COLUMNS)).min(1).max(EXPORT_COLUMNS.length))
  .optional()
  .describe(
    `Comma-separated, in order, from: ${EXPORT_COLUMNS.join(', ')}. Default: ${DEFAULT_EXPORT_COLUMNS.join(',')}`,
  );

export const TimeEntryExportQuerySchema = z
  .strictObject({
    ...FILTER_SHAPE,
    columns: exportColumns,
    bom: queryBool
      .optional()
      .describe('Start with a UTF-8 byte order mark (for Excel); default false: plain UTF-8'),
  })
  .refine(toAfterFrom, TO_AFTER_FROM);

/** The XLSX export: the CSV's filters and columns (no byte order mark in a workbook). */
export const TimeEntryXlsxExportQuerySchema = z
  .strictObject({
    ...FILTER_SHAPE,
    columns: exportColumns,
  })
  .refine(toAfterFrom, TO_AFTER_FROM);

export type ReportFilterQuery = z.infer<typeof ReportFilterQuerySchema>;
export type ReportSummaryQuery = z.infer<typeof ReportSummaryQuerySchema>;
export type ReportSummaryResponse = z.infer<typeof ReportSummaryResponseSchema>;
export type DashboardResponse = z.infer<typeof DashboardResponseSchema>;
export type ReportSeriesQuery = z.infer<typeof ReportSeriesQuerySchema>;
export type ReportSeriesResponse = z.infer<typeof ReportSeriesResponseSchema>;
export type TimeEntryExportQuery = z.infer<typeof TimeEntryExportQuerySchema>;
export type TimeEntryXlsxExportQuery = z.infer<typeof TimeEntryXlsxExportQuerySchema>;
