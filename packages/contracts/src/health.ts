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

const instant = z.iso.datetime({ offset: true });

export const JobStatusSchema = z
  .object({
    job: z.string().describe('Job name, e.g. idle-timeout, overdue-invoices'),
    lastScheduledAt: instant.describe('Due time of the newest run'),
    lastStartedAt: instant,
    lastFinishedAt: instant.nullable().describe('null while it runs'),
    lastOutcome: z
      .enum(['running', 'ok', 'failed', 'skipped'])
      .describe('skipped = the previous run still held the job lock'),
    lastDurationMs: z.number().int().nonnegative().nullable(),
    lastCounts: z
      .record(z.string(), z.number())
      .nullable()
      .describe('What the run changed, e.g. {"stopped": 3}'),
    lastOkAt: instant.nullable().describe('When a run of this job last succeeded'),
  })
  .describe("A worker job's newest run, from job_runs (recorded by whichever worker ran it)");

export const ReadinessResponseSchema = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    checks: z.object({
      database: ReadinessCheckSchema,
      migrations: ReadinessCheckSchema.optional().describe(
        'Every migration this version needs is applied and none failed (down = run startup). ' +
          'Absent when the database is down.',
      ),
      jobs: z
        .array(JobStatusSchema)
        .optional()
        .describe(
          'Informational: the workers are not part of readiness (the API serves requests without ' +
            'them). Absent when the database is down.',
        ),
    }),
  })
  .describe('Readiness: 200 when every dependency answers, 503 otherwise.');

export type HealthResponse = z.infer<typeof HealthResponseSchema>;
export type ReadinessCheck = z.infer<typeof ReadinessCheckSchema>;
export type ReadinessResponse = z.infer<typeof ReadinessResponseSchema>;
export type JobStatus = z.infer<typeof JobStatusSchema>;
