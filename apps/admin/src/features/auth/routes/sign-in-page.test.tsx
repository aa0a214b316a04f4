import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { mockApi, problem, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

function signedOut(allowSelfRegister: boolean | 'error') {
  return {
    ...signedInRoutes(),
    'GET /api/v1/auth/me': () => problem(401, 'Not signed in'),
    'GET /api/v1/auth/options': () =>
      allowSelfRegister === 'error' ? problem(503, 'Database down') : { allowSelfRegister },
  };
}

describe('the sign-up link on the sign-in page', () => {
  it('is offered while an admin allows sign-up', async () => {
    mockApi(signedOut(true));
    renderApp('/sign-in');
    expect(await screen.findByRole('link', { name: 'Sign up' })).toHaveAttribute('href', '/sign-up');
  });

  it('is replaced by who to ask when sign-up is closed', async () => {
    mockApi(signedOut(false));
    renderApp('/sign-in');
    expect(await screen.findByText('No account? Ask an administrator for one.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Sign up' })).not.toBeInTheDocument();
  });

  it('is not offered when the server cannot say, and signing in still works', async () => {
    mockApi(signedOut('error'));
    const { queryClient } = renderApp('/sign-in');
    await screen.findByRole('button', { name: 'Sign in' });
    // Once the options request has failed, and React Query has told the page (it batches that
    // into the next macrotask), nothing may be offered.
    await waitFor(() =>
      expect(
        queryClient
          .getQueryCache()
          .findAll()
          .some((q) => q.state.status === 'error'),
      ).toBe(true),
    );
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(screen.queryByRole('link', { name: 'Sign up' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Ask an administrator/)).not.toBeInTheDocument();
  });
});
