import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BackupResponse } from '@timetracker/contracts';
import { describe, expect, it, vi } from 'vitest';

import { BACKUP_POLL_MS } from '../api/backups';
import { emptyPage, mockApi, problem, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const done: BackupResponse = {
  id: 1,
  trigger: 'schedule',
  status: 'ok',
  requestedAt: '2026-03-01T01:00:00Z',
  requestedBy: null,
  startedAt: '2026-03-01T01:00:02Z',
  finishedAt: '2026-03-01T01:10:09Z',
  fileName: 'timetracker-20260301T010002Z-1.tar',
  sizeBytes: 5_452_595,
  schemaVersion: '20260101000000_init',
  progress: { tablesDone: 14, tablesTotal: 14, rowsDone: 12345 },
  error: null,
  downloadable: true,
};

const page = (items: BackupResponse[]) => ({ items, total: items.length, page: 1, pageSize: 20 });

describe('backups', () => {
  it('is under Administration and says what to do when there are none', async () => {
    mockApi({ ...signedInRoutes(), 'GET /api/v1/backups': () => emptyPage });
    renderApp('/backups');
    expect(await screen.findByText(/No backups yet/)).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Backups' })).toHaveAttribute('aria-current', 'page');
  });

  it('lists backups with size, times and a download link', async () => {
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/backups': () =>
        page([
          {
            ...done,
            id: 2,
            trigger: 'manual',
            requestedBy: { id: 1, username: 'admin' },
            status: 'failed',
            error: 'disk full',
            sizeBytes: null,
            fileName: null,
            downloadable: false,
          },
          done,
        ]),
    });
    renderApp('/backups');
    const table = await screen.findByRole('table', { name: 'Backups' });
    const ok = within(table).getByTestId('backup-1');
    const failed = () => within(table).getByTestId('backup-2');
    expect(within(ok).getByText('Completed')).toBeInTheDocument();
    expect(within(failed()).getByText('Failed')).toBeInTheDocument();
    expect(within(ok).getByText('5.20 MB')).toBeInTheDocument();
    expect(within(ok).getByText('daily schedule')).toBeInTheDocument();
    // Times in the settings' zone (Europe/Rome, UTC+1 in March): finished at 01:10Z.
    expect(within(ok).getByText('03/01/2026, 02:10')).toBeInTheDocument();
    expect(within(ok).getByRole('link', { name: /Download backup/ })).toHaveAttribute(
      'href',
      '/api/v1/backups/1/download',
    );
    expect(within(failed()).getByText('disk full')).toBeInTheDocument();
    expect(within(failed()).getByText('by admin')).toBeInTheDocument();
    expect(within(failed()).queryByRole('link', { name: /Download/ })).not.toBeInTheDocument();
  });

  it('requests a backup, then follows it from waiting through running to done', async () => {
    const requested: BackupResponse = {
      ...done,
      id: 3,
      trigger: 'manual',
      requestedBy: { id: 1, username: 'admin' },
      status: 'requested',
      requestedAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      fileName: null,
      sizeBytes: null,
      progress: { tablesDone: 0, tablesTotal: 0, rowsDone: 0 },
      downloadable: false,
    };
    // What the worker does between two polls.
    const states: BackupResponse[] = [
      requested,
      {
        ...requested,
        status: 'running',
        startedAt: requested.requestedAt,
        progress: { tablesDone: 3, tablesTotal: 12, rowsDone: 420 },
      },
      { ...requested, status: 'ok', finishedAt: requested.requestedAt, sizeBytes: 2048, downloadable: true },
    ];
    let step = -1;
    const { calls } = mockApi({
      ...signedInRoutes(),
      'GET /api/v1/backups': () => (step < 0 ? emptyPage : page([states[Math.min(step++, 2)]!])),
      'POST /api/v1/backups': () => {
        step = 0;
        return new Response(JSON.stringify(requested), {
          status: 202,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    // Timers the test can run ahead at the end (they follow the real clock until then).
    vi.useFakeTimers({
      shouldAdvanceTime: true,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
    renderApp('/backups');
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await screen.findByRole('button', { name: 'Back up now' }));

    expect(await screen.findByText('A worker picks it up within seconds.')).toBeInTheDocument();
    expect(screen.getByText('Waiting')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Back up now' })).toBeDisabled();
    expect(calls.find((c) => c.method === 'POST')?.headers.get('X-CSRF-Token')).toBe('csrf-123');

    expect(await screen.findByText(/3 of 12 tables, 420 rows/)).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Backup 3 progress' })).toHaveAttribute(
      'aria-valuenow',
      '25',
    );
    expect(await screen.findByText('2.00 kB', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Download backup/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Back up now' })).toBeEnabled();

    // Done: no more polling.
    const polls = calls.filter((c) => c.path === '/api/v1/backups' && c.method === 'GET').length;
    await vi.advanceTimersByTimeAsync(BACKUP_POLL_MS * 5);
    expect(calls.filter((c) => c.path === '/api/v1/backups' && c.method === 'GET').length).toBe(polls);
    vi.useRealTimers();
  });

  it('shows an error with a retry when the list cannot be read', async () => {
    let fail = true;
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/backups': () => (fail ? problem(500, 'The backup directory is not readable') : emptyPage),
    });
    renderApp('/backups');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The backup directory is not readable');
    fail = false;
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText(/No backups yet/)).toBeInTheDocument();
  });
});
