/** RFC 9457 problem details, as the API's exception filter writes them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  requestId?: string;
}

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
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export async function apiGet<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { Accept: 'application/json, application/problem+json' },
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    // Callers abort on unmount or retry; that is not a failure to report.
    if (options.signal?.aborted) throw error;
    throw new ApiError(`Cannot reach the API (${errorMessage(error)})`, 0);
  }

  const body = await readJson(response);
  if (!response.ok) {
    throw new ApiError(failureMessage(response, body), response.status, body);
  }
  if (body === undefined) {
    // A dev server or proxy answering with its HTML fallback means the API is not behind /api.
    throw new ApiError(
      `Expected JSON from ${path} but got ${contentType(response) || 'no content type'}`,
      response.status,
    );
  }
  return body as T;
}

function contentType(response: Response): string {
  return response.headers.get('content-type') ?? '';
}

/** Both application/json and application/problem+json count; anything else yields undefined. */
async function readJson(response: Response): Promise<unknown> {
  if (!/^application\/([\w.-]+\+)?json\b/i.test(contentType(response))) return undefined;
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
