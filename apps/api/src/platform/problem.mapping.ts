import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { PROBLEM_CODES, type Problem, type ProblemCode } from '@timetracker/contracts';
import { budgetRefusal, DomainError, type DomainErrorCode, type FieldError } from '@timetracker/core';
import { Prisma } from '@timetracker/db';
import { ZodValidationException } from 'nestjs-zod';

/** Every problem `type` is this base plus the code, lowercased and dashed (`NOT_FOUND` → `not-found`). */
export const PROBLEM_TYPE_BASE = 'https://timetracker.dev/problems/';

/** What the filter needs to answer: the problem body minus what depends on the request. */
export interface MappedProblem {
  status: number;
  code: ProblemCode;
  detail: string;
  errors?: FieldError[];
  retryAfterSeconds?: number;
  /** A bug or an outage, not the caller's fault: log it with its stack, show nothing of it. */
  internal: boolean;
}

// Every DomainError code is a problem code (a type error here otherwise).
const DOMAIN_STATUS: Record<DomainErrorCode & ProblemCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  TIME_LOCKED: 409,
  BUDGET_EXCEEDED: 409,
  RATE_LIMITED: 429,
};

// Codes for HTTP statuses that Nest or the body parser raise; the rest are derived from the
// status text. 401 and 429 use the DomainError names so clients see one vocabulary.
const HTTP_CODES: Record<number, ProblemCode> = {
  401: 'UNAUTHENTICATED',
  429: 'RATE_LIMITED',
};
const KNOWN_CODES: ReadonlySet<string> = new Set(PROBLEM_CODES);

const INTERNAL_DETAIL = 'Something went wrong on our side. Quote the request id when reporting it.';

export function problemType(code: string): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replaceAll('_', '-');
}

export function problemTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Maps anything thrown while handling a request to the problem the client gets. */
export function mapException(exception: unknown): MappedProblem {
  if (exception instanceof DomainError) return fromDomainError(exception);
  // The budgets trigger refuses a time write from whichever path made it (prisma/sql/009).
  const budget = budgetRefusal(exception);
  if (budget) return fromDomainError(budget);
  if (exception instanceof ZodValidationException) return fromZodValidation(exception);
  if (exception instanceof Prisma.PrismaClientKnownRequestError) return fromPrisma(exception);
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isFastifyClientError(exception)) return fromFastifyError(exception);
  return internal();
}

function fromDomainError(error: DomainError): MappedProblem {
  const problem: MappedProblem = {
    status: DOMAIN_STATUS[error.code],
    code: error.code,
    detail: error.message,
    internal: false,
  };
  if (error.code === 'VALIDATION') problem.errors = error.extra.fieldErrors ?? [];
  if (error.code === 'RATE_LIMITED' && error.extra.retryAfterSeconds !== undefined) {
    problem.retryAfterSeconds = Math.max(1, Math.ceil(error.extra.retryAfterSeconds));
  }
  return problem;
}

interface IssueLike {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}

function fromZodValidation(exception: ZodValidationException): MappedProblem {
  const zodError = exception.getZodError() as { issues?: IssueLike[] } | undefined;
  const errors = (zodError?.issues ?? []).flatMap(toFieldErrors);
  return { status: 400, code: 'VALIDATION', detail: 'The request is invalid', errors, internal: false };
}

/** Dotted paths; an empty one means the whole body (or query) was wrong, e.g. not an object. */
function toFieldErrors(issue: IssueLike): FieldError[] {
  const at = (path: readonly PropertyKey[]) => path.map(String).join('.');
  // Strict schemas report unknown fields as one issue on the parent; name each field instead,
  // so a form can mark it.
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'Unknown field' }));
  }
  return [{ path: at(issue.path), message: issue.message }];
}

function fromPrisma(error: Prisma.PrismaClientKnownRequestError): MappedProblem {
  // Services should turn these into DomainErrors with a better message; this is the safety net,
  // so the detail stays generic (the Prisma message names tables and may quote values).
  switch (error.code) {
    case 'P2002':
      return {
        status: 409,
        code: 'CONFLICT',
        detail: 'A record with the same unique value already exists',
        internal: false,
      };
    case 'P2003':
      return {
        status: 409,
        code: 'CONFLICT',
        detail: 'The record is referenced by, or refers to, a record that does not allow it',
        internal: false,
      };
    case 'P2025':
      return { status: 404, code: 'NOT_FOUND', detail: 'The record was not found', internal: false };
    default:
      return isOutage(error) ? unavailable() : internal();
  }
}

/** Prisma codes of a database that is down, unreachable or saturated: worth retrying, not a bug. */
const OUTAGE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
/** What the driver adapter reports (inside P2010, a raw query) for the same situations. */
const OUTAGE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionAlreadyClosed',
]);

function isOutage(error: Prisma.PrismaClientKnownRequestError): boolean {
  if (OUTAGE_CODES.has(error.code)) return true;
  const meta = error.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined;
  return OUTAGE_KINDS.has(meta?.driverAdapterError?.cause?.kind ?? '');
}

/** 503 with Retry-After; still logged (`internal`) since someone has to look at the database. */
function unavailable(): MappedProblem {
  return {
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    detail: 'The database is unavailable or busy. Try again shortly.',
    retryAfterSeconds: 2,
    internal: true,
  };
}

function fromHttpException(exception: HttpException): MappedProblem {
  const status = exception.getStatus();
  // 5xx HttpExceptions (ZodSerializationException: a response that broke its own schema) are bugs.
  if (status >= 500) return internal();
  return { status, code: httpCode(status), detail: httpDetail(exception), internal: false };
}

/**
 * The documented code for a 4xx status: its name when the list has it (`METHOD_NOT_ALLOWED`),
 * else BAD_REQUEST, so that a client never meets a code docs/api-errors.md does not list.
 */
function httpCode(status: number): ProblemCode {
  const named = problemTitle(status)
    .toUpperCase()
    .replace(/[^A-Z]+/g, '_');
  return HTTP_CODES[status] ?? (KNOWN_CODES.has(named) ? (named as ProblemCode) : 'BAD_REQUEST');
}

/** What Fastify itself refuses before a route runs: a body over the limit, an unknown media type. */
interface FastifyClientError extends Error {
  code: string;
  statusCode: number;
}

function isFastifyClientError(e: unknown): e is FastifyClientError {
  const { code, statusCode } = (e ?? {}) as Partial<FastifyClientError>;
  return (
    e instanceof Error &&
    typeof code === 'string' &&
    code.startsWith('FST_') &&
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500
  );
}

function fromFastifyError(error: FastifyClientError): MappedProblem {
  const detail =
    error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
      ? 'The request body is larger than the server accepts (BODY_LIMIT)'
      : error.message;
  return { status: error.statusCode, code: httpCode(error.statusCode), detail, internal: false };
}

/** Nest's responses are a string or `{ message: string | string[] }`; both are meant for clients. */
function httpDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

function internal(): MappedProblem {
  return { status: 500, code: 'INTERNAL', detail: INTERNAL_DETAIL, internal: true };
}

/** The body sent for `mapped`, with what identifies the request. */
export function problemBody(mapped: MappedProblem, requestId: string, instance: string): Problem {
  return {
    type: problemType(mapped.code),
    title: problemTitle(mapped.status),
    status: mapped.status,
    detail: mapped.detail,
    code: mapped.code,
    ...(mapped.errors ? { errors: mapped.errors } : {}),
    requestId,
    instance,
  };
}
