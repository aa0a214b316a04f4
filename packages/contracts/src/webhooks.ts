import { z } from 'zod';
import { ApprovalResponseSchema } from './approvals';
import { IdParamSchema, InstantResponseSchema, text } from './common/input';
import { pageOf, PageQuerySchema } from './common/pagination';
import { ImportResponseSchema } from './imports';
import { InvoiceResponseSchema } from './invoices';
import { TimeEntryResponseSchema } from './time-entries';

// Webhooks (issue #20 §3, docs/webhooks.md): admins subscribe URLs to events; the worker sends
// each event as a signed, versioned JSON body.

/** Every event type a subscription can ask for, and what its `data` is. */
export const WEBHOOK_EVENT_TYPES = [
  'entry.created',
  'entry.updated',
  'entry.deleted',
  'timer.started',
  'timer.stopped',
  'invoice.created',
  'invoice.sent',
  'invoice.paid',
  'invoice.cancelled',
  'week.submitted',
  'week.approved',
  'week.rejected',
  'import.finished',
] as const;

export const WebhookEventTypeSchema = z
  .enum(WEBHOOK_EVENT_TYPES)
  .describe('An event type (docs/webhooks.md)');

/** `webhook.test` is what "send a test" sends; no subscription asks for it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

const envelope = <T extends string, D extends z.ZodType>(types: readonly T[], data: D) =>
  z.object({
    version: z.literal(1).describe('The payload format; a change that breaks receivers gets a new version'),
    id: z.number().int().describe('The event; a redelivery or a retry sends the same id (deduplicate on it)'),
    type: z.enum(types as [T, ...T[]]),
    occurredAt: InstantResponseSchema.describe('When the change committed its event'),
    data,
  });

const DeletedSchema = z
  .object({ id: z.number().int() })
  .describe('The record is gone (or was deleted before the event was first sent): only its id');

/**
 * The body of every delivery: `data` is the API's own response for the record (as GET would
 * answer), rendered when the event is first sent and the same on every retry and redelivery.
 */
export const WebhookPayloadResponseSchema = z
  .union([
    envelope(
      ['entry.created', 'entry.updated', 'timer.started', 'timer.stopped'] as const,
      z.union([TimeEntryResponseSchema, DeletedSchema]),
    ),
    envelope(['entry.deleted'] as const, DeletedSchema),
    envelope(
      ['invoice.created', 'invoice.sent', 'invoice.paid', 'invoice.cancelled'] as const,
      z.union([InvoiceResponseSchema, DeletedSchema]),
    ),
    envelope(
      ['week.submitted', 'week.approved', 'week.rejected'] as const,
      z.union([ApprovalResponseSchema, DeletedSchema]),
    ),
    envelope(
      ['import.finished'] as const,
      z.union([ImportResponseSchema, DeletedSchema]).describe('The import as GET /imports/:id answers'),
    ),
    envelope(
      [WEBHOOK_TEST_EVENT] as const,
      z.object({ subscriptionId: z.number().int(), message: z.string() }),
    ),
  ])
  .describe(
    'POSTed as application/json with X-TimeTracker-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">',
  );

export const WebhookEventTypeResponseSchema = z.object({
  type: WebhookEventTypeSchema,
  description: z.string(),
});

export const WebhookEventTypeListResponseSchema = z.object({
  items: z.array(WebhookEventTypeResponseSchema),
  payload: z
    .record(z.string(), z.unknown())
    .describe('The JSON schema of the body sent (WebhookPayloadResponse in this document)'),
});

const UrlSchema = text()
  .trim()
  .max(2000)
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL')
  .describe('Where events are POSTed: http(s) only; private and loopback addresses are refused')
  .meta({ format: 'uri' });

export const WebhookCreateSchema = z.strictObject({
  url: UrlSchema,
  description: text().trim().max(200).default(''),
  events: z.array(WebhookEventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES.length),
});

export const WebhookUpdateSchema = z.strictObject({
  url: UrlSchema.optional(),
  description: text().trim().max(200).optional(),
  events: z.array(WebhookEventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES.length).optional(),
  enabled: z.boolean().optional().describe('true re-enables a disabled subscription'),
});

export const WebhookResponseSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEventTypeSchema),
  enabled: z.boolean(),
  failingSince: InstantResponseSchema.nullable().describe('Every delivery has failed since then'),
  disabledAt: InstantResponseSchema.nullable(),
  disabledReason: z.string().nullable(),
  createdAt: InstantResponseSchema,
  updatedAt: InstantResponseSchema,
});

export const WebhookCreatedResponseSchema = WebhookResponseSchema.extend({
  secret: z.string().describe('The signing secret: shown this once, never again'),
});

export const WebhookListResponseSchema = z.object({ items: z.array(WebhookResponseSchema) });

export const WebhookDeliveryStatusSchema = z
  .enum(['pending', 'sending', 'delivered', 'failed'])
  .describe('pending: waiting (its turn or a retry); failed: given up after the last try');

export const WebhookDeliveryResponseSchema = z.object({
  id: z.number().int(),
  subscriptionId: z.number().int(),
  eventId: z.number().int(),
  eventType: z.string(),
  status: WebhookDeliveryStatusSchema,
  attempts: z.number().int(),
  nextAttemptAt: InstantResponseSchema,
  responseStatus: z.number().int().nullable().describe('The last try’s HTTP status; null: no response'),
  durationMs: z.number().int().nullable(),
  responseExcerpt: z.string().nullable().describe('The first bytes of the last response body'),
  lastError: z.string().nullable(),
  lastAttemptAt: InstantResponseSchema.nullable(),
  deliveredAt: InstantResponseSchema.nullable(),
  createdAt: InstantResponseSchema,
});

export const WebhookDeliveryListQuerySchema = PageQuerySchema.extend({
  status: WebhookDeliveryStatusSchema.optional(),
}).strict();

export const WebhookDeliveryPageSchema = pageOf(WebhookDeliveryResponseSchema);

export const WebhookIdParamSchema = IdParamSchema;

export const WebhookDeliveryParamSchema = z.strictObject({
  id: IdParamSchema.shape.id,
  deliveryId: IdParamSchema.shape.id,
});

export const WebhookEmptySchema = z.strictObject({});

export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;
export type WebhookPayloadResponse = z.infer<typeof WebhookPayloadResponseSchema>;
export type WebhookCreate = z.infer<typeof WebhookCreateSchema>;
export type WebhookUpdate = z.infer<typeof WebhookUpdateSchema>;
export type WebhookResponse = z.infer<typeof WebhookResponseSchema>;
export type WebhookCreatedResponse = z.infer<typeof WebhookCreatedResponseSchema>;
export type WebhookListResponse = z.infer<typeof WebhookListResponseSchema>;
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatusSchema>;
export type WebhookDeliveryResponse = z.infer<typeof WebhookDeliveryResponseSchema>;
export type WebhookDeliveryListQuery = z.infer<typeof WebhookDeliveryListQuerySchema>;
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPageSchema>;
export type WebhookEventTypeListResponse = z.infer<typeof WebhookEventTypeListResponseSchema>;
