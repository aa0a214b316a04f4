import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { adminUser, emptyPage, mockApi, plainUser, problem, session, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const dashboardRoutes = {
  'GET /api/v1/reports/dashboard': () => ({
    timezone: 'Europe/Rome',
    currency: 'EUR',
    today: { seconds: 5400, hours: '1.50', billableAmount: '127.50' },
    week: { seconds: 36000, hours: '10.00', billableAmount: '850.00' },
    month: { seconds: 72000, hours: '20.00', billableAmount: '1700.00' },
    running: null,
  }),
  'GET /api/v1/time-entries': () => emptyPage,
  'GET /api/v1/reports/series/hours-by-day': () => ({ points: [] }),
  'GET /api/v1/reports/series/by-project': () => ({ points: [] }),
  'GET /api/v1/reports/series/billable-vs-non-billable': () => ({ points: [] }),
};

describe('signing in', () => {
  it('sends a signed-out visitor to sign in, refuses a wrong password, then opens the dashboard', async () => {
    let signedIn = false;
    const { calls } = mockApi({
      ...signedInRoutes(),
      ...dashboardRoutes,
      'GET /api/v1/auth/me': () => (signedIn ? session() : problem(401, 'Not signed in')),
      'POST /api/v1/auth/login': ({ body }) => {
        if ((body as { password: string }).password !== 'right password')
          return problem(401, 'Invalid credentials');
        signedIn = true;
        return session();
      },
    });
    const { router } = renderApp('/');
    const user = userEvent.setup();

    await screen.findByRole('heading', { name: 'Sign in' });
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your username')).toBeInTheDocument(); // checked before sending
    expect(calls.some((c) => c.path === '/api/v1/auth/login')).toBe(false);

    await user.type(screen.getByLabelText(/Username/), 'admin');
    await user.type(screen.getByLabelText(/Password/), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Wrong username or password.')).toBeInTheDocument();

    await user.clear(screen.getByLabelText(/Password/));
    await user.type(screen.getByLabelText(/Password/), 'right password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    // Totals in the settings currency.
    const totals = await screen.findByRole('region', { name: 'Totals' });
    expect(await within(totals).findByText('€850.00 billable')).toBeInTheDocument();
    expect(within(totals).getByText('1:30:00')).toBeInTheDocument();
  });

  it('after the session expires, asks to sign in again and returns to the page', async () => {
    let expired = false;
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/auth/me': () => (expired ? problem(401, 'Not signed in') : session()),
      'GET /api/v1/clients': () => (expired ? problem(401, 'Session expired') : emptyPage),
      'POST /api/v1/auth/login': () => {
        expired = false;
        return session();
      },
    });
    expired = false;
    const { router } = renderApp('/projects');
    // Signed in, then the session ends: the next request answers 401.
    await screen.findByRole('heading', { name: 'Projects' });
    expired = true;
    await router.navigate('/clients?status=all');

    expect(await screen.findByText(/Your session has ended/)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/clients?status=all');

    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Username/), 'admin');
    await user.type(screen.getByLabelText(/Password/), 'right password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Clients' })).toBeInTheDocument();
    expect(router.state.location.pathname + router.state.location.search).toBe('/clients?status=all');
  });
});

describe('admin screens', () => {
  it('are not in a non-admin’s navigation and say so when visited', async () => {
    mockApi(signedInRoutes(plainUser));
    renderApp('/settings');
    expect(await screen.findByText('This page is for administrators.', { exact: false })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Time entries' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Settings' })).not.toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
  });

  it('are listed for an admin', async () => {
    mockApi({ ...signedInRoutes(adminUser), 'GET /api/v1/users': () => emptyPage });
    renderApp('/users');
    expect(await screen.findByRole('heading', { name: 'Users' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    await waitFor(() => expect(within(nav).getByRole('link', { name: 'Settings' })).toBeInTheDocument());
    expect(await screen.findByText('No users match.')).toBeInTheDocument();
  });
});
