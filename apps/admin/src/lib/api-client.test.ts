import { describe, expect, it, vi } from 'vitest';

import { ApiError, apiGet } from './api-client';

function stubFetch(response: Response | Error) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => {
      if (response instanceof Error) throw response;
      return response;
    }),
  );
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('apiGet', () => {
  it('returns the parsed JSON body', async () => {
    stubFetch(new Response('{"a":1}', { headers: { 'content-type': 'application/json; charset=utf-8' } }));
    await expect(apiGet('/api/v1/x')).resolves.toEqual({ a: 1 });
  });

  it('turns application/problem+json into an ApiError carrying the problem', async () => {
    const problem = { title: 'Not Found', status: 404, detail: 'No such entry', requestId: 'r1' };
    stubFetch(
      new Response(JSON.stringify(problem), {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
      }),
    );

    const error = await caught(apiGet('/api/v1/x'));
    expect(error.status).toBe(404);
    expect(error.message).toBe('404 No such entry');
    expect(error.problem?.requestId).toBe('r1');
  });

  it('rejects an HTML answer, which means the API is not behind /api', async () => {
    stubFetch(new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }));

    const error = await caught(apiGet('/api/v1/x'));
    expect(error.message).toBe('Expected JSON from /api/v1/x but got text/html');
  });

  it('reports a network failure with status 0', async () => {
    stubFetch(new TypeError('Failed to fetch'));

    const error = await caught(apiGet('/api/v1/x'));
    expect(error.status).toBe(0);
    expect(error.message).toBe('Cannot reach the API (Failed to fetch)');
  });

  it('passes an abort through untouched so callers can ignore it', async () => {
    const controller = new AbortController();
    controller.abort();
    stubFetch(new DOMException('aborted', 'AbortError'));

    await expect(apiGet('/api/v1/x', { signal: controller.signal })).rejects.not.toBeInstanceOf(ApiError);
  });
});
