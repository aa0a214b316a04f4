import { z } from 'zod';

export const HealthResponseSchema = z
  .object({
    status: z.literal('ok'),
    version: z.string().describe('Version of the running API'),
    uptimeSeconds: z.number().int().nonnegative(),
  })
  .describe('Liveness: the process is up. Never touches the database.');

export const ReadinessCheckSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number().nonnegative().optional(),
  error: z.string().optional().describe('Short reason when down; never a secret'),
});

export const ReadinessResponseSchema = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    checks: z.object({ database: ReadinessCheckSchema }),
  })
  .describe('Readiness: 200 when every dependency answers, 503 otherwise.');

export type HealthResponse = z.infer<typeof HealthResponseSchema>;
export type ReadinessCheck = z.infer<typeof ReadinessCheckSchema>;
export type ReadinessResponse = z.infer<typeof ReadinessResponseSchema>;
