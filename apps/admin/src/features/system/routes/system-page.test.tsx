import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { mockApi, problem, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const systemRoutes = {
  ...signedInRoutes(),
  'GET /api/v1/health': () => ({ status: 'ok', version: '1.2.3', uptimeSeconds: 3725 }),
  'GET /api/v1/health/ready': () => ({
    status: 'ready',
    checks: { database: { status: 'up', latencyMs: 2 }, migrations: { status: 'up' }, jobs: [] },
  }),
  'GET /api/v1/admin/usage': () => ({
    from: '2026-02-01',
    to: '2026-03-01',
    enabled: false,
    items: [],
    totals: [],
  }),
};

describe('system page', () => {
  it('shows the database size in MB and the PostgreSQL version', async () => {
    mockApi({
      ...systemRoutes,
      'GET /api/v1/admin/system': () => ({
        version: '1.2.3',
        databaseSizeBytes: 12_897_484,
        serverVersion: '16.4',
      }),
    });
    renderApp('/system');
    expect(await screen.findByTestId('database-size')).toHaveTextContent('12.3 MB on disk · PostgreSQL 16.4');
    expect(screen.getByText('answers in 2 ms')).toBeInTheDocument();
  });

  it('still shows whether the database is up when its size cannot be read', async () => {
    mockApi({ ...systemRoutes, 'GET /api/v1/admin/system': () => problem(500, 'Internal error') });
    renderApp('/system');
    expect(await screen.findByText(/Size unknown/)).toBeInTheDocument();
    expect(screen.getByText('answers in 2 ms')).toBeInTheDocument();
  });
});
