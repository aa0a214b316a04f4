import { z } from 'zod';

/** RFC 9457 problem details, as every error response of the API (application/problem+json). */
export const ProblemSchema = z
  .object({
    type: z.string().describe('URI identifying the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z
      .string()
      .describe(
        'Stable machine-readable code: VALIDATION, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, …',
      ),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Field-level validation errors'),
    requestId: z.string().optional().describe('Quote it when reporting a problem; it is in the server logs'),
    instance: z.string().optional(),
  })
  .describe('An error, as application/problem+json');

export type Problem = z.infer<typeof ProblemSchema>;
