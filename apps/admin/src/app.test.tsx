import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { App } from './app';

type Route = () => Response | Promise<Response>;

function json(body: unknown, status = 200, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
}

const healthy = () => json({ status: 'ok', version: '1.4.0', uptimeSeconds: 42 });
const ready = () => json({ status: 'ready', checks: { database: { status: 'up', latencyMs: 3.2 } } });
const unavailable = () =>
  json({ status: 'unavailable', checks: { database: { status: 'down', error: 'connection refused' } } }, 503);

/** Stubs fetch with one handler per API path, so a request to anything else fails the test. */
function mockApi(routes: Record<string, Route>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const route = routes[path];
    if (!route) throw new Error(`unexpected request to ${path}`);
    return route();
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function statusRegion() {
  return within(screen.getByRole('status'));
}

describe('App', () => {
  it('shows the product name as the page heading', () => {
    mockApi({ '/api/v1/health': healthy, '/api/v1/health/ready': ready });
    render(<App />);

    expect(screen.getByRole('heading', { level: 1, name: 'TimeTracker' })).toBeInTheDocument();
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
  });

  it('shows a loading state, then the API version and database latency', async () => {
    const fetchMock = mockApi({ '/api/v1/health': healthy, '/api/v1/health/ready': ready });
    render(<App />);

    expect(statusRegion().getByText('Checking the API…')).toBeInTheDocument();
    expect(await statusRegion().findByText('API ok · version 1.4.0')).toBeInTheDocument();
    expect(statusRegion().getByText('Database: up (3 ms)')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'API health' })).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('reads the 503 readiness body as a database that is down, not an unreachable API', async () => {
    mockApi({ '/api/v1/health': healthy, '/api/v1/health/ready': unavailable });
    render(<App />);

    expect(await statusRegion().findByText('Database: down — connection refused')).toBeInTheDocument();
    expect(statusRegion().getByText('API ok · version 1.4.0')).toBeInTheDocument();
    expect(statusRegion().queryByText('The API is unreachable.')).not.toBeInTheDocument();
  });

  it('says when the API is unreachable and recovers when Retry succeeds', async () => {
    let reachable = false;
    const fetchMock = mockApi({
      '/api/v1/health': () => {
        if (!reachable) throw new TypeError('Failed to fetch');
        return healthy();
      },
      '/api/v1/health/ready': () => {
        if (!reachable) throw new TypeError('Failed to fetch');
        return ready();
      },
    });
    render(<App />);

    expect(await statusRegion().findByText('The API is unreachable.')).toBeInTheDocument();
    expect(statusRegion().getByText('Cannot reach the API (Failed to fetch)')).toBeInTheDocument();
    const callsBeforeRetry = fetchMock.mock.calls.length;

    reachable = true;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(statusRegion().getByText('Checking the API…')).toBeInTheDocument();
    expect(await statusRegion().findByText('API ok · version 1.4.0')).toBeInTheDocument();
    expect(statusRegion().getByText('Database: up (3 ms)')).toBeInTheDocument();
    expect(statusRegion().queryByText('The API is unreachable.')).not.toBeInTheDocument();
    expect(fetchMock.mock.calls.length).toBe(callsBeforeRetry + 2);
  });

  it('shows the problem detail when the API answers with an error', async () => {
    mockApi({
      '/api/v1/health': () =>
        json(
          { title: 'Internal Server Error', status: 500, detail: 'Something broke' },
          500,
          'application/problem+json',
        ),
      '/api/v1/health/ready': ready,
    });
    render(<App />);

    expect(await statusRegion().findByText('500 Something broke')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
