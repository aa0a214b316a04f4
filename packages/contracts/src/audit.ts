import { z } from 'zod';
import { IdParamSchema, InstantResponseSchema, InstantSchema, QueryIdSchema, text } from './common/input';
import { pageOf, PageQuerySchema } from './common/pagination';

export const AUDIT_ENTITIES = ['time_entry', 'rate', 'budget', 'approval', 'user', 'lock'] as const;
export const AuditEntitySchema = z.enum(AUDIT_ENTITIES).describe('What the event is about');
export type AuditEntity = z.infer<typeof AuditEntitySchema>;

const Snapshot = z
  .record(z.string(), z.unknown())
  .nullable()
  .describe(
    'The record as it was (before) or became (after): its meaningful fields, names as they were then. null before a create and after a delete',
  );

export const AuditEventResponseSchema = z.object({
  id: z.number().int().describe('Increasing: a later event has a larger id'),
  at: InstantResponseSchema.describe('When the change committed'),
  actorId: z.number().int().nullable().describe('The user who made it; null for the system (worker, CLI)'),
  actorUsername: z.string().nullable().describe('Their username then (kept when the user is deleted)'),
  via: z.enum(['session', 'token', 'system']).describe('Signed in in a browser, an API token, or the system'),
  entity: AuditEntitySchema,
  entityId: z.number().int().nullable(),
  action: z
    .string()
    .describe(
      'create, update, delete; for time entries also start, stop, pause, resume, idle_stop; for users deactivate; for approvals submit, withdraw, approve, reject; for locks override, lockdown',
    ),
  before: Snapshot,
  after: Snapshot,
});

export const AuditListQuerySchema = PageQuerySchema.extend({
  entity: AuditEntitySchema.optional(),
  entityId: QueryIdSchema.optional().describe('With entity: the events of one record'),
  actorId: QueryIdSchema.optional().describe('The events of one user'),
  action: text().trim().min(1).max(40).optional(),
  from: InstantSchema.optional().describe('at >= from'),
  to: InstantSchema.optional().describe('at < to'),
})
  .strict()
  .describe('Newest first');

export const AuditPageSchema = pageOf(AuditEventResponseSchema);

export const AuditHistoryParamSchema = IdParamSchema;

export const AuditHistoryResponseSchema = z
  .object({ items: z.array(AuditEventResponseSchema) })
  .describe("Every event of the record, oldest first (the entry's whole life)");

export type AuditEventResponse = z.infer<typeof AuditEventResponseSchema>;
export type AuditListQuery = z.infer<typeof AuditListQuerySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
