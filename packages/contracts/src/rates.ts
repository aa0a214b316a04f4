import { z } from 'zod';
import { DaySchema, IdParamSchema, IdSchema, InstantResponseSchema, QueryIdSchema } from './common/input';
import { MoneyResponseSchema, MoneySchema } from './common/money';
import { pageOf, PageQuerySchema } from './common/pagination';

/**
 * The rule, as ARCHITECTURE.md states it: billable and cost rates resolve project member →
 * project → user → client → none, each level with effective-from dates; an entry uses the rates
 * in force on its start date (in settings.timezone); an invoiced entry is never re-priced.
 */
export const RATE_ORDER_DESCRIPTION =
  'Billable and cost rates resolve project member → project → user → client → none, each level with ' +
  'effective-from dates: an entry uses, of the rates in force on its start date in the company’s zone ' +
  '(settings.timezone), the most specific one. An entry already on an invoice keeps its invoice line’s price: ' +
  'a rate change never re-prices it. Reports, invoices made from time and exports resolve rates alike.';

export const RATE_KINDS = ['billable', 'cost'] as const;
export const RATE_LEVELS = ['member', 'project', 'user', 'client'] as const;

export const RateKindSchema = z
  .enum(RATE_KINDS)
  .describe('billable: what the time is billed at; cost: what it costs the company');

export const RateLevelSchema = z
  .enum(RATE_LEVELS)
  .describe('member: a project and a user together; project, user or client alone');

export const RateResponseSchema = z
  .object({
    id: z.number().int(),
    kind: RateKindSchema,
    level: RateLevelSchema,
    clientId: z.number().int().nullable(),
    projectId: z.number().int().nullable(),
    userId: z.number().int().nullable(),
    effectiveFrom: z
      .string()
      .describe('The company day (settings.timezone) from which it applies, YYYY-MM-DD'),
    amount: MoneyResponseSchema.describe('Per hour, in settings.currency'),
    createdAt: InstantResponseSchema,
  })
  .describe(RATE_ORDER_DESCRIPTION);

export const RateCreateSchema = z
  .strictObject({
    kind: RateKindSchema,
    clientId: IdSchema.nullable().optional().describe('A client (alone): the client level'),
    projectId: IdSchema.nullable()
      .optional()
      .describe('A project: the project level, or with userId a member'),
    userId: IdSchema.nullable().optional().describe('A user: the user level, or with projectId a member'),
    effectiveFrom: DaySchema.optional().describe(
      'The company day from which the rate applies; omitted: today in settings.timezone. Entries from that day ' +
        'on that are not on an invoice are priced at it',
    ),
    amount: MoneySchema.describe('Per hour, in settings.currency'),
  })
  .describe(`A dated rate at one level. ${RATE_ORDER_DESCRIPTION}`);

export const RateListQuerySchema = PageQuerySchema.extend({
  kind: RateKindSchema.optional(),
  level: RateLevelSchema.optional(),
  clientId: QueryIdSchema.optional(),
  projectId: QueryIdSchema.optional(),
  userId: QueryIdSchema.optional(),
}).strict();

export const RateIdParamSchema = IdParamSchema;

export const RatePageSchema = pageOf(RateResponseSchema).describe(
  `Newest effective date first. ${RATE_ORDER_DESCRIPTION}`,
);

export type RateKind = z.infer<typeof RateKindSchema>;
export type RateLevel = z.infer<typeof RateLevelSchema>;
export type RateResponse = z.infer<typeof RateResponseSchema>;
export type RateCreate = z.infer<typeof RateCreateSchema>;
export type RateListQuery = z.infer<typeof RateListQuerySchema>;
