import { z } from 'zod';
import { IdParamSchema, IdSchema, InstantResponseSchema, QueryIdSchema, text } from './common/input';
import { MoneyResponseSchema, MoneySchema, optionalText } from './common/money';
import { DaySchema } from './common/input';
import { pageOf, PageQuerySchema, sortParam } from './common/pagination';
import { RATE_ORDER_DESCRIPTION } from './rates';
import { ROUNDING_MINUTES, ROUNDING_MODES, roundingTogether, ROUNDING_TOGETHER } from './settings';

const isoDateTime = InstantResponseSchema;

export const ProjectStatusSchema = z
  .enum(['active', 'archived'])
  .describe('archived = kept with its time, but no new time can be recorded on it');

const ProjectNameSchema = text()
  .trim()
  .min(1)
  .max(200)
  .describe('Unique per client (case-insensitively); the same name may exist under another client');

export const ProjectVisibilitySchema = z
  .enum(['public', 'private'])
  .describe('public: every user may track on it; private: only its members, directly or through a team');

/** Rates and money are left out of responses for whoever may not see them (docs/roles.md). */
const HIDDEN_RATE = ' Absent when the caller may not see rates (settings.ratesVisibleToAll, docs/roles.md)';

export const ProjectResponseSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  clientId: z.number().int().nullable(),
  clientName: z.string().nullable(),
  description: z.string().nullable(),
  billable: z.boolean(),
  hourlyRate: MoneyResponseSchema.nullable()
    .optional()
    .describe(
      `The project's own billable rate in force today (settings.timezone); null: none of its own.${HIDDEN_RATE} ${RATE_ORDER_DESCRIPTION}`,
    ),
  roundingMinutes: z.number().int().nullable().describe("null: the client's rule, else the settings'"),
  roundingMode: z.enum(ROUNDING_MODES).nullable(),
  billingRef: z.string().nullable(),
  status: ProjectStatusSchema,
  visibility: ProjectVisibilitySchema,
  memberIds: z.array(z.number().int()).describe('Users who may track on it when private (directly)'),
  teamIds: z.array(z.number().int()).describe('Teams whose members may track on it when private'),
  createdAt: isoDateTime.nullable(),
  updatedAt: isoDateTime.nullable(),
});

const projectFields = {
  clientId: IdSchema.nullable().optional().describe('An existing, active client; null for none'),
  description: optionalText(10_000),
  billable: z.boolean().optional(),
  hourlyRate: MoneySchema.nullable()
    .optional()
    .describe(
      "Sets the project's billable rate from hourlyRateFrom (default today); null removes its own rates",
    ),
  hourlyRateFrom: DaySchema.optional().describe(
    'The company day from which hourlyRate applies (default today); earlier entries keep their rate',
  ),
  roundingMinutes: z
    .literal(ROUNDING_MINUTES)
    .nullable()
    .optional()
    .describe(
      `Rounding step of its entries’ billed time, overriding the client's and the settings'; null (with roundingMode null) = the client's rule, else the settings'`,
    ),
  roundingMode: z
    .enum(ROUNDING_MODES)
    .nullable()
    .optional()
    .describe('nearest (ties up), up or down; set with roundingMinutes'),
  billingRef: optionalText(100),
  visibility: ProjectVisibilitySchema.optional(),
  memberIds: z
    .array(IdSchema)
    .max(10_000)
    .optional()
    .describe('Users who may track on it when private; replaces the previous list'),
  teamIds: z
    .array(IdSchema)
    .max(1000)
    .optional()
    .describe('Teams whose members may track on it when private; replaces the previous list'),
};

export const ProjectCreateSchema = z
  .strictObject({
    name: ProjectNameSchema,
    ...projectFields,
    billable: z.boolean().default(true),
    hourlyRate: MoneySchema.nullable()
      .optional()
      .describe(
        "The project's billable rate from hourlyRateFrom (default today). Omitted or null: none of its own, so the member's, user's or client's applies",
      ),
  })
  .refine(roundingTogether, ROUNDING_TOGETHER)
  .describe('A new project starts active; archive and activate it with their own endpoints');

export const ProjectUpdateSchema = z
  .strictObject({ name: ProjectNameSchema.optional(), ...projectFields })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change')
  .refine(roundingTogether, ROUNDING_TOGETHER)
  .describe('Only the fields sent change; null (or a blank string) clears an optional field');

const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ProjectListQuerySchema = PageQuerySchema.extend({
  clientId: QueryIdSchema.optional(),
  status: ProjectStatusSchema.optional(),
  billable: queryBool.optional(),
  search: text().trim().max(200).optional().describe("Part of the name, billing reference or client's name"),
  sort: sortParam(['name', 'createdAt', 'client'], 'name'),
}).strict();

export const ProjectIdParamSchema = IdParamSchema;

export const ProjectPageSchema = pageOf(ProjectResponseSchema);

export const ProjectDeleteResponseSchema = z.object({
  deleted: z
    .boolean()
    .describe('False when time entries, tasks or invoices refer to the project: it was archived instead'),
  project: ProjectResponseSchema,
});

export type ProjectStatus = z.infer<typeof ProjectStatusSchema>;
export type ProjectResponse = z.infer<typeof ProjectResponseSchema>;
export type ProjectCreate = z.infer<typeof ProjectCreateSchema>;
export type ProjectUpdate = z.infer<typeof ProjectUpdateSchema>;
export type ProjectListQuery = z.infer<typeof ProjectListQuerySchema>;
export type ProjectDeleteResponse = z.infer<typeof ProjectDeleteResponseSchema>;
