import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemSchema } from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';
import { PROBLEM_CONTENT_TYPE } from './problem.filter';

/** `components.schemas.Problem` (hence no Dto suffix): every documented error response points at it. */
export class Problem extends createZodDto(ProblemSchema) {}

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503;

// What each status means in this API, with the `code`s a client can meet under it.
const DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'Invalid input: VALIDATION (field errors in `errors`), or BAD_REQUEST (e.g. malformed JSON)',
  401: 'UNAUTHENTICATED: no valid session cookie or API token',
  403: 'FORBIDDEN: signed in but not allowed (wrong role, another user’s data, missing CSRF token)',
  404: 'NOT_FOUND: no such resource, or not visible to you',
  409: 'CONFLICT (duplicate or referenced record) or INVALID_STATE (not allowed in the current state)',
  413: 'PAYLOAD_TOO_LARGE: the body exceeds the server’s limit',
  429: 'RATE_LIMITED: too many attempts; wait for Retry-After seconds',
  500: 'INTERNAL: unexpected server error; quote the requestId',
  503: 'The service is temporarily unavailable',
};

/**
 * Documents application/problem+json error responses on an endpoint (or a whole controller):
 * `@ApiProblems(400, 401, 404)`. The filter answers these at run time; this is only the docs.
 */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(Problem),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(Problem) } } },
        ...(status === 429
          ? {
              headers: {
                'Retry-After': {
                  description: 'Seconds to wait before trying again',
                  schema: { type: 'integer', minimum: 1 },
                },
              },
            }
          : {}),
      }),
    ),
  );
}
