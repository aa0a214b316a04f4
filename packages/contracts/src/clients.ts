import { z } from 'zod';
import { DaySchema, IdParamSchema, InstantResponseSchema, text } from './common/input';
import { RATE_ORDER_DESCRIPTION } from './rates';
import { ROUNDING_MINUTES, ROUNDING_MODES, roundingTogether, ROUNDING_TOGETHER } from './settings';
import { MoneyResponseSchema, MoneySchema, optionalText } from './common/money';
import { pageOf, PageQuerySchema, sortParam } from './common/pagination';

const isoDateTime = InstantResponseSchema;

export const ClientStatusSchema = z
  .enum(['active', 'inactive'])
  .describe('inactive = archived: kept with its projects and time, hidden from pickers');

const ClientNameSchema = text().trim().min(1).max(200).describe('Unique, case-insensitively');

const EmailSchema = text()
  .trim()
  .max(200)
  .pipe(z.union([z.literal(''), z.email()]))
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional()
  .describe('A valid address; blank or null for none');

export const ClientResponseSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  contactPerson: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  defaultHourlyRate: MoneyResponseSchema.nullable()
    .optional()
    .describe(
      `The client's billable rate in force today (settings.timezone): the last level an entry's rate falls back to. Absent when the caller may not see rates (settings.ratesVisibleToAll, docs/roles.md). ${RATE_ORDER_DESCRIPTION}`,
    ),
  roundingMinutes: z.number().int().nullable().describe("null: the settings' rule"),
  roundingMode: z.enum(ROUNDING_MODES).nullable(),
  status: ClientStatusSchema,
  projectCount: z.number().int().nonnegative().describe('Projects of this client, archived ones included'),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

const clientFields = {
  description: optionalText(10_000),
  contactPerson: optionalText(200),
  email: EmailSchema,
  phone: optionalText(50),
  address: optionalText(10_000),
  defaultHourlyRate: MoneySchema.nullable()
    .optional()
    .describe(
      "Sets the client's billable rate from defaultHourlyRateFrom (default today); null removes its rates",
    ),
  defaultHourlyRateFrom: DaySchema.optional().describe(
    'The company day from which defaultHourlyRate applies (default today); earlier entries keep their rate',
  ),
  roundingMinutes: z
    .literal(ROUNDING_MINUTES)
    .nullable()
    .optional()
    .describe(
      `Rounding step of its entries’ billed time, overriding the settings'; null (with roundingMode null) = the settings' rule`,
    ),
  roundingMode: z
    .enum(ROUNDING_MODES)
    .nullable()
    .optional()
    .describe('nearest (ties up), up or down; set with roundingMinutes'),
};

export const ClientCreateSchema = z
  .strictObject({ name: ClientNameSchema, ...clientFields })
  .refine(roundingTogether, ROUNDING_TOGETHER)
  .describe('A new client starts active; archive and activate it with their own endpoints');

export const ClientUpdateSchema = z
  .strictObject({ name: ClientNameSchema.optional(), ...clientFields })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change')
  .refine(roundingTogether, ROUNDING_TOGETHER)
  .describe('Only the fields sent change; null (or a blank string) clears an optional field');

export const ClientListQuerySchema = PageQuerySchema.extend({
  search: text().trim().max(200).optional().describe('Part of the name, contact person or email'),
  status: ClientStatusSchema.optional(),
  sort: sortParam(['name', 'createdAt'], 'name'),
}).strict();

export const ClientIdParamSchema = IdParamSchema;

export const ClientPageSchema = pageOf(ClientResponseSchema);

export const ClientDeleteResponseSchema = z.object({
  deleted: z
    .boolean()
    .describe(
      'False when the client has projects (and so possibly time): it was archived (inactive) instead',
    ),
  client: ClientResponseSchema,
});

export type ClientStatus = z.infer<typeof ClientStatusSchema>;
export type ClientResponse = z.infer<typeof ClientResponseSchema>;
export type ClientCreate = z.infer<typeof ClientCreateSchema>;
export type ClientUpdate = z.infer<typeof ClientUpdateSchema>;
export type ClientListQuery = z.infer<typeof ClientListQuerySchema>;
export type ClientDeleteResponse = z.infer<typeof ClientDeleteResponseSchema>;
