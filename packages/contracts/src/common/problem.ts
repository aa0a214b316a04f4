import { z } from 'zod';

/**
 * Every `code` a problem can carry (docs/api-errors.md says when each occurs). Clients branch on
 * it, and the dashboard translates it; `detail` is English prose for people and may change.
 */
export const PROBLEM_CODES = [
  'VALIDATION',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'INVALID_STATE',
  'TIME_LOCKED',
  'BUDGET_EXCEEDED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INTERNAL',
  'SERVICE_UNAVAILABLE',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** RFC 9457 problem details, as every error response of the API (application/problem+json). */
export const ProblemSchema = z
  .object({
    type: z.string().describe('URI identifying the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z
      .enum(PROBLEM_CODES)
      .describe('Stable machine-readable code (docs/api-errors.md): branch on it, not on `detail`'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Field-level validation errors'),
    requestId: z.string().optional().describe('Quote it when reporting a problem; it is in the server logs'),
    instance: z.string().optional(),
  })
  .describe('An error, as application/problem+json');

export type Problem = z.infer<typeof ProblemSchema>;
