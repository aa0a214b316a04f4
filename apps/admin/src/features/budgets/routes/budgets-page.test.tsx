import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { setLanguage } from '@/i18n/i18n';
import { mockApi, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const web = {
  id: 7,
  projectId: 3,
  clientId: null,
  name: 'Web',
  period: 'lifetime',
  periodStart: '1970-01-01',
  periodEnd: null,
  hours: { limit: '10.00', usedSeconds: 22_500, percent: 62.5 },
  money: { limit: '1000.00', used: '531.25', percent: 53.1 },
};

describe('budgets', () => {
  afterEach(() => setLanguage('en'));

  it('shows hours and money with their units on the Budgets page', async () => {
    mockApi({ ...signedInRoutes(), 'GET /api/v1/budgets': () => ({ items: [web] }) });
    renderApp('/budgets');
    expect(await screen.findByText('6.3 h of 10 h (62.5 %)', {}, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.getByText('€531.25 of €1,000.00 (53.1 %)')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Set a budget' })).toBeInTheDocument();
  });

  it('puts a Budgets card on the dashboard and counts unread notifications on the bell, in German', async () => {
    await setLanguage('de');
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/budgets': () => ({ items: [web] }),
      'GET /api/v1/budgets/notifications': () => ({ items: [], total: 2, page: 1, pageSize: 20, unread: 2 }),
    });
    renderApp('/');
    expect(await screen.findByRole('region', { name: 'Budgets' }, { timeout: 20_000 })).toBeInTheDocument();
    expect(await screen.findByText('6,3 Std. von 10 Std. (62,5 %)')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: '2 ungelesene Budget-Benachrichtigungen' }),
    ).toBeInTheDocument();
  });
});
