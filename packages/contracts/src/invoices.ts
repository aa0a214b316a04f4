import { z } from 'zod';
import {
  DaySchema,
  IdParamSchema,
  IdSchema,
  InstantResponseSchema,
  QueryIdSchema,
  text,
} from './common/input';
import { MoneyResponseSchema, MoneySchema, optionalText } from './common/money';
import { pageOf, PageQuerySchema, sortParam } from './common/pagination';

const isoDateTime = InstantResponseSchema;
const isoDateResponse = z.iso.date();
const isoDate = DaySchema;
const id = IdSchema;
const queryId = QueryIdSchema;
const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'cancelled', 'overdue'] as const;
export const INVOICE_GROUPINGS = ['task', 'project', 'day', 'entry'] as const;

export const InvoiceStatusSchema = z
  .enum(INVOICE_STATUSES)
  .describe(
    'draft → sent → paid, or cancelled. overdue: sent and past its due date (in settings.timezone); ' +
      'the worker also stores it daily. Only drafts can be edited.',
  );

export const InvoiceGroupBySchema = z
  .enum(INVOICE_GROUPINGS)
  .describe('One line per task, one for the whole project, one per day (settings.timezone) or per entry');

/** NUMERIC(5, 2) in the database; a percentage from 0 to 100. */
export const TaxRateSchema = text()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, 'a decimal string such as "20" or "7.50"')
  .refine((v) => Number(v) <= 100, 'at most 100')
  .describe(
    'Tax rate in percent, a decimal string (e.g. "20.00"); tax = round_half_up(subtotal × rate / 100, 2)',
  );

/** NUMERIC(17, 9): hours or units, more than zero. */
export const QuantitySchema = text()
  .regex(/^\d{1,8}(\.\d{1,9})?$/, 'a decimal string such as "1.5": up to 8 digits, 9 decimals')
  .refine((v) => /[1-9]/.test(v), 'must be more than zero')
  .describe('Decimal string with up to nine decimals, e.g. "7.50"');

export const InvoiceItemResponseSchema = z.object({
  id: z.number().int(),
  description: z.string(),
  quantity: z
    .string()
    .describe(
      'Decimal string with at least two decimals. Lines made from time: hours with two more decimals ' +
        'than unitPrice has digits before the point (97.53/h → 4), so the line bills within one cent of ' +
        'its seconds priced exactly (docs/money.md)',
    ),
  unitPrice: MoneyResponseSchema,
  totalAmount: MoneyResponseSchema.describe('round_half_up(quantity × unitPrice, 2)'),
  source: z
    .enum(['time', 'manual'])
    .describe('time: made from time entries (linked to it); re-generating replaces these lines'),
  timeEntryIds: z.array(z.number().int()).describe('The entries billed on this line'),
});

const invoiceFields = {
  id: z.number().int(),
  invoiceNumber: z.string().describe('{settings.invoice_prefix}-{n}, gapless'),
  projectId: z.number().int().nullable(),
  projectName: z.string().nullable(),
  clientId: z.number().int().nullable().describe("The project's client (the bill-to details are a copy)"),
  clientName: z.string(),
  clientEmail: z.string().nullable(),
  clientAddress: z.string().nullable(),
  issueDate: isoDateResponse,
  dueDate: isoDateResponse,
  status: InvoiceStatusSchema,
  subtotal: MoneyResponseSchema.describe('Sum of the line amounts'),
  taxRate: z.string().describe('Percent, two decimals'),
  taxAmount: MoneyResponseSchema,
  totalAmount: MoneyResponseSchema.describe('subtotal + taxAmount'),
  currency: z.string().describe('settings.currency'),
  notes: z.string().nullable(),
  terms: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: isoDateTime.nullable(),
  updatedAt: isoDateTime.nullable(),
};

export const InvoiceSummarySchema = z.object({
  ...invoiceFields,
  itemCount: z.number().int().nonnegative(),
});

export const InvoiceResponseSchema = z.object({
  ...invoiceFields,
  items: z.array(InvoiceItemResponseSchema).describe('In the order they were added'),
});

export const InvoiceGenerateSchema = z
  .strictObject({
    from: isoDate.optional().describe('First day (settings.timezone) of the entries to bill'),
    to: isoDate.optional().describe('Last day, included'),
    entryIds: z
      .array(id)
      .min(1)
      .max(5000)
      .optional()
      .describe(
        'Bill exactly these entries instead of a range: each must be unbilled, billable and finished',
      ),
    groupBy: InvoiceGroupBySchema.default('task'),
    unitPrice: MoneySchema.optional().describe(
      "Price per hour; default the project's hourly rate, else its client's default rate",
    ),
  })
  .refine((v) => !(v.entryIds && (v.from || v.to)), {
    path: ['entryIds'],
    message: 'give either entryIds or a from/to range',
  })
  .refine((v) => !v.from || !v.to || v.to >= v.from, { path: ['to'], message: 'must not be before from' })
  .describe(
    "Lines from the project's unbilled billable finished entries (all of them when neither a range nor " +
      'entryIds is given). quantity = hours rounded half-up to two more decimals than the hourly price has ' +
      'digits before the point (docs/money.md). Replaces the lines made from ' +
      'time before (releasing entries no longer used); manual lines stay.',
  );

const clientFields = {
  clientName: text().trim().min(1).max(200),
  clientEmail: optionalText(200),
  clientAddress: optionalText(10_000),
};

const headerFields = {
  issueDate: isoDate.optional(),
  dueDate: isoDate.optional(),
  taxRate: TaxRateSchema.optional(),
  notes: optionalText(10_000),
  terms: optionalText(10_000),
};

export const InvoiceCreateSchema = z
  .strictObject({
    projectId: id,
    clientName: clientFields.clientName
      .optional()
      .describe("Default: the project's client (all bill-to fields are copied from it)"),
    clientEmail: clientFields.clientEmail,
    clientAddress: clientFields.clientAddress,
    ...headerFields,
    generate: InvoiceGenerateSchema.optional().describe('Also make lines from time, in the same transaction'),
  })
  .refine((v) => !v.issueDate || !v.dueDate || v.dueDate >= v.issueDate, {
    path: ['dueDate'],
    message: 'can’t be before the issue date',
  })
  .describe(
    'A draft invoice. Defaults: issueDate today (settings.timezone), dueDate issueDate + 30 days, ' +
      'taxRate 0, notes and terms from settings.',
  );

export const InvoiceUpdateSchema = z
  .strictObject({
    clientName: clientFields.clientName.optional(),
    clientEmail: clientFields.clientEmail,
    clientAddress: clientFields.clientAddress,
    ...headerFields,
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change')
  .describe('Drafts only. A new taxRate recomputes the totals.');

export const InvoiceItemCreateSchema = z.strictObject({
  description: text().trim().min(1).max(500),
  quantity: QuantitySchema,
  unitPrice: MoneySchema,
});

export const InvoiceItemUpdateSchema = z
  .strictObject({
    description: text().trim().min(1).max(500).optional(),
    quantity: QuantitySchema.optional(),
    unitPrice: MoneySchema.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change');

export const InvoiceListQuerySchema = PageQuerySchema.extend({
  status: InvoiceStatusSchema.optional().describe(
    'sent = sent and not yet due; overdue = stored overdue, or sent and past due',
  ),
  overdue: queryBool.optional(),
  projectId: queryId.optional(),
  clientId: queryId.optional(),
  search: text().trim().max(200).optional().describe('Part of the number or the client name'),
  from: isoDate.optional().describe('issueDate >= from'),
  to: isoDate.optional().describe('issueDate <= to'),
  sort: sortParam(['issueDate', 'dueDate', 'invoiceNumber', 'totalAmount', 'createdAt'], '-issueDate'),
}).strict();

export const InvoiceIdParamSchema = IdParamSchema;
export const InvoiceItemParamSchema = z.strictObject({ id: queryId, itemId: queryId });
export const InvoicePageSchema = pageOf(InvoiceSummarySchema);
export const InvoiceCsvQuerySchema = z.strictObject({
  bom: queryBool.optional().describe('Start with a UTF-8 byte order mark (for Excel); default false'),
});

export type InvoiceStatus = z.infer<typeof InvoiceStatusSchema>;
export type InvoiceGroupBy = z.infer<typeof InvoiceGroupBySchema>;
export type InvoiceItemResponse = z.infer<typeof InvoiceItemResponseSchema>;
export type InvoiceSummary = z.infer<typeof InvoiceSummarySchema>;
export type InvoiceResponse = z.infer<typeof InvoiceResponseSchema>;
export type InvoiceGenerate = z.infer<typeof InvoiceGenerateSchema>;
export type InvoiceCreate = z.infer<typeof InvoiceCreateSchema>;
export type InvoiceUpdate = z.infer<typeof InvoiceUpdateSchema>;
export type InvoiceItemCreate = z.infer<typeof InvoiceItemCreateSchema>;
export type InvoiceItemUpdate = z.infer<typeof InvoiceItemUpdateSchema>;
export type InvoiceListQuery = z.infer<typeof InvoiceListQuerySchema>;
export type InvoiceCsvQuery = z.infer<typeof InvoiceCsvQuerySchema>;
