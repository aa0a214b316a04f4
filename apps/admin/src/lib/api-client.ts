import type { Problem as ContractProblem } from '@timetracker/contracts';

import { currentLanguage, i18n } from '@/i18n/i18n';

/** RFC 9457 problem details, as the API's exception filter writes them. */
export type Problem = Partial<ContractProblem>;

/**
 * A request that reached the API (or something answering in its place) but did not succeed.
 * `status` is 0 when the API could not be reached at all.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown = undefined,
  ) {
    super(message);
  }

  get problem(): Problem | undefined {
    return isObject(this.body) ? (this.body as Problem) : undefined;
  }

  /** Field errors of a 400 VALIDATION problem, keyed by dotted path ('' = the whole body). */
  get fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) errors[e.path] ??= e.message;
    return errors;
  }
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface WriteOptions extends RequestOptions {
  body?: unknown;
}

// The session's CSRF token: the API wants it echoed as X-CSRF-Token on every cookie-authenticated
// write. It lives in memory only; /auth/me hands it out again after a reload.
let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401 to a signed-in request: the session expired or was revoked. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** `path?a=1&b=x,y` without the empty values, so optional filters can be passed as they are. */
export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function apiGet<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return apiRequest<T>('GET', path, options);
}

export function apiPost<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return apiRequest<T>('POST', path, { ...options, body });
}

export function apiPatch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return apiRequest<T>('PATCH', path, { ...options, body });
}

export function apiPut<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return apiRequest<T>('PUT', path, { ...options, body });
}

export function apiDelete<T = void>(path: string, options: RequestOptions = {}): Promise<T> {
  return apiRequest<T>('DELETE', path, options);
}

export async function apiRequest<T>(method: string, path: string, options: WriteOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body; // the browser sets the multipart boundary itself
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    // Callers abort on unmount or retry; that is not a failure to report.
    if (options.signal?.aborted) throw error;
    throw new ApiError(`Cannot reach the API (${errorMessage(error)})`, 0);
  }

  if (response.status === 204) return undefined as T;
  const body_ = await readJson(response);
  if (!response.ok) {
    // A wrong password is a 401 too, but it is an answer to the sign-in form, not an expiry.
    if (response.status === 401 && !path.startsWith('/api/v1/auth/')) {
      for (const listener of unauthenticatedListeners) listener();
    }
    throw new ApiError(failureMessage(response, body_), response.status, body_);
  }
  if (body_ === undefined) {
    // A dev server or proxy answering with its HTML fallback means the API is not behind /api.
    throw new ApiError(
      `Expected JSON from ${path} but got ${contentType(response) || 'no content type'}`,
      response.status,
    );
  }
  return body_ as T;
}

function contentType(response: Response): string {
  return response.headers.get('content-type') ?? '';
}

/** Both application/json and application/problem+json count; anything else yields undefined. */
async function readJson(response: Response): Promise<unknown> {
  if (!/^application\/(?:[\w.-]+\+)?json\b/i.test(contentType(response))) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function failureMessage(response: Response, body: unknown): string {
  const problem = isObject(body) ? (body as Problem) : undefined;
  const text = problem?.detail ?? problem?.title ?? response.statusText;
  return text ? `${response.status} ${text}` : `HTTP ${response.status}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Problems whose English `detail` names what is wrong ("The username "ada" is taken"): in another
// language the translated code comes first and the detail follows, rather than being lost.
const SPECIFIC_CODES = new Set(['VALIDATION', 'CONFLICT', 'INVALID_STATE', 'FORBIDDEN', 'BUDGET_EXCEEDED']);

/**
 * What to show a person for any error thrown by a query or mutation. The API's `detail` is
 * English; other languages show the problem's stable `code` from the `problems` catalog (see
 * docs/api-errors.md), falling back to the detail for a code the catalog does not know.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const problem = error.problem;
  const detail = problem?.detail ?? error.message;
  if (currentLanguage() === 'en') return detail;
  if (error.status === 0) return i18n.t('cannotReachApi');
  const code = problem?.code;
  if (!code || !i18n.exists(`problems:${code}`)) return detail;
  const message = i18n.t(`problems:${code}` as 'problems:INTERNAL', { requestId: problem.requestId ?? '—' });
  return SPECIFIC_CODES.has(code) && problem.detail
    ? i18n.t('problems:withDetail', { message, detail: problem.detail })
    : message;
}
