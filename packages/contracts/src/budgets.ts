import { z } from 'zod';
import { IdParamSchema, IdSchema, InstantResponseSchema, QueryIdSchema, text } from './common/input';
import { MoneyResponseSchema, MoneySchema } from './common/money';
import { pageOf, PageQuerySchema } from './common/pagination';

const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const BUDGET_PERIODS = ['lifetime', 'monthly'] as const;
export const BudgetPeriodSchema = z
  .enum(BUDGET_PERIODS)
  .describe("lifetime: all the time ever tracked; monthly: each calendar month in the company's time zone");

/** Hours as a decimal string: up to 7 digits and 2 decimals (NUMERIC(9, 2)), more than 0. */
const HoursSchema = text()
  .regex(/^\d{1,7}(\.\d{1,2})?$/, 'a decimal string such as "120" or "7.5"')
  .refine((v) => Number(v) > 0, 'must be more than 0')
  .describe('Hours, a decimal string such as "120" or "7.5"');

const AmountSchema = MoneySchema.refine((v) => Number(v) > 0, 'must be more than 0').describe(
  'Money in settings.currency, a decimal string such as "5000.00"',
);

export const BudgetCreateSchema = z
  .strictObject({
    projectId: IdSchema.optional().describe("The project's budget (give this or clientId)"),
    clientId: IdSchema.optional().describe(
      "The client's budget: all its projects' time (give this or projectId)",
    ),
    hours: HoursSchema.nullable().optional(),
    amount: AmountSchema.nullable().optional(),
    period: BudgetPeriodSchema.default('lifetime'),
  })
  .refine((v) => (v.projectId === undefined) !== (v.clientId === undefined), {
    message: 'give exactly one of projectId and clientId',
    path: ['projectId'],
  })
  .refine((v) => (v.hours ?? null) !== null || (v.amount ?? null) !== null, {
    message: 'give hours, an amount or both',
    path: ['hours'],
  })
  .describe('A project or client has at most one budget per period (409 otherwise)');

export const BudgetUpdateSchema = z
  .strictObject({
    hours: HoursSchema.nullable().optional(),
    amount: AmountSchema.nullable().optional(),
    period: BudgetPeriodSchema.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change')
  .describe('Only the fields sent change; null clears a limit (one must remain)');

export const BudgetListQuerySchema = z
  .strictObject({
    projectId: QueryIdSchema.optional().describe("Only this project's budgets"),
    clientId: QueryIdSchema.optional().describe("Only this client's budgets"),
  })
  .describe('Without a filter: every budget');

export const BudgetIdParamSchema = IdParamSchema;

export const BudgetResponseSchema = z.object({
  id: z.number().int(),
  projectId: z.number().int().nullable(),
  clientId: z.number().int().nullable(),
  name: z.string().describe("The project's or client's name"),
  period: BudgetPeriodSchema,
  periodStart: z.string().describe('First day (YYYY-MM-DD) of the current period; 1970-01-01 for lifetime'),
  periodEnd: z.string().nullable().describe('The day after the current period (null: lifetime)'),
  hours: z
    .object({
      limit: z.string().describe('Budgeted hours, decimal string'),
      usedSeconds: z.number().int().describe('Billed seconds of the finished entries in the period'),
      percent: z.number().describe('Used of the limit, in percent with one decimal'),
    })
    .nullable()
    .describe('Null when the budget limits only money'),
  money: z
    .object({
      limit: MoneyResponseSchema,
      used: MoneyResponseSchema.describe('Billable time priced as reports price it (docs/money.md)'),
      percent: z.number(),
    })
    .nullable()
    .describe(
      'Null when the budget limits only hours, or you may not see rates (admins and accountants may)',
    ),
});
export const BudgetListResponseSchema = z.object({ items: z.array(BudgetResponseSchema) });

export const BudgetNotificationQuerySchema = PageQuerySchema.extend({
  unread: queryBool.optional().describe('true: only the unread ones'),
}).strict();

export const BudgetNotificationResponseSchema = z.object({
  id: z.number().int(),
  budgetId: z.number().int(),
  projectId: z.number().int().nullable(),
  clientId: z.number().int().nullable(),
  name: z.string().describe("The budget's project or client"),
  period: BudgetPeriodSchema,
  periodStart: z
    .string()
    .describe('The period (YYYY-MM-DD of its first day) whose use crossed the threshold'),
  threshold: z.number().int().describe('The percent crossed (settings.budgetThresholds)'),
  raisedAt: InstantResponseSchema,
  readAt: InstantResponseSchema.nullable().describe('When the caller marked it read (each reader their own)'),
});
export const BudgetNotificationPageSchema = pageOf(BudgetNotificationResponseSchema).extend({
  unread: z.number().int().nonnegative().describe("The caller's unread notifications, all pages"),
});

export const BudgetNotificationsReadSchema = z
  .strictObject({ id: IdSchema.optional().describe('The notification to mark read; without it, all') })
  .describe('Marks one notification read, or every unread one, for the caller alone');
export const BudgetNotificationsReadResponseSchema = z.object({
  marked: z.number().int().nonnegative().describe('How many were unread and are now read'),
});

export type BudgetResponse = z.infer<typeof BudgetResponseSchema>;
export type BudgetCreate = z.input<typeof BudgetCreateSchema>;
export type BudgetUpdate = z.infer<typeof BudgetUpdateSchema>;
export type BudgetNotificationResponse = z.infer<typeof BudgetNotificationResponseSchema>;
export type BudgetNotificationPage = z.infer<typeof BudgetNotificationPageSchema>;
