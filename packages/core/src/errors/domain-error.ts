/**
 * The only errors business code throws. The API maps each code to an HTTP status once
 * (problem+json); services never know about HTTP.
 */
export type DomainErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_STATE'
  /** Time inside the lockdown or a submitted or approved week (time/locks.ts). */
  | 'TIME_LOCKED'
  | 'BUDGET_EXCEEDED'
  | 'RATE_LIMITED';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `tags.2` or `password`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly extra: { fieldErrors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }

  static notFound(what: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} not found`);
  }

  static forbidden(message = 'You are not allowed to do this'): DomainError {
    return new DomainError('FORBIDDEN', message);
  }

  static validation(message: string, fieldErrors: FieldError[] = []): DomainError {
    return new DomainError('VALIDATION', message, { fieldErrors });
  }
}
