import { z } from 'zod';

export const SystemInfoResponseSchema = z
  .object({
    version: z.string().describe('Version of the running API'),
    databaseSizeBytes: z
      .number()
      .int()
      .nonnegative()
      .describe('pg_database_size of the current database: tables, indexes and TOAST, in bytes'),
    serverVersion: z.string().describe('The PostgreSQL server version, e.g. "16.4"'),
  })
  .describe('About this installation, for admins');

export type SystemInfoResponse = z.infer<typeof SystemInfoResponseSchema>;
