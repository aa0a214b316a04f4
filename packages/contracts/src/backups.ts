import { z } from 'zod';
import { IdParamSchema, InstantResponseSchema } from './common/input';
import { pageOf, PageQuerySchema } from './common/pagination';

const isoDateTime = InstantResponseSchema;

export const BackupStatusSchema = z
  .enum(['requested', 'running', 'ok', 'failed'])
  .describe('requested: waiting for a worker (seconds); running: being written; ok: downloadable');

export const BackupTriggerSchema = z
  .enum(['schedule', 'manual'])
  .describe('schedule: the daily backup at settings.backupTime; manual: requested by an admin');

export const BackupResponseSchema = z.object({
  id: z.number().int(),
  trigger: BackupTriggerSchema,
  status: BackupStatusSchema,
  requestedAt: isoDateTime,
  requestedBy: z
    .object({ id: z.number().int(), username: z.string() })
    .nullable()
    .describe('The admin who asked for it; null for scheduled backups'),
  startedAt: isoDateTime.nullable(),
  finishedAt: isoDateTime.nullable(),
  fileName: z.string().nullable(),
  sizeBytes: z.number().int().nonnegative().nullable().describe('Size of the archive, once written'),
  schemaVersion: z.string().nullable().describe('The latest migration applied when it was taken'),
  progress: z
    .object({
      tablesDone: z.number().int().nonnegative(),
      tablesTotal: z.number().int().nonnegative(),
      rowsDone: z.number().int().nonnegative(),
    })
    .describe('Tables and rows copied so far (updated while it runs)'),
  error: z.string().nullable().describe('Why it failed'),
  downloadable: z.boolean().describe('True when the archive is on disk and can be downloaded'),
});

export const BackupListQuerySchema = PageQuerySchema.strict();

export const BackupIdParamSchema = IdParamSchema;

export const BackupCreateSchema = z
  .strictObject({})
  .describe('No options: a backup of everything, made by a worker within seconds');

export const BackupPageSchema = pageOf(BackupResponseSchema);

export type BackupStatus = z.infer<typeof BackupStatusSchema>;
export type BackupTrigger = z.infer<typeof BackupTriggerSchema>;
export type BackupResponse = z.infer<typeof BackupResponseSchema>;
export type BackupListQuery = z.infer<typeof BackupListQuerySchema>;
export type BackupPage = z.infer<typeof BackupPageSchema>;
