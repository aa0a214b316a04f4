import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { setLanguage } from '@/i18n/i18n';
import { mockApi, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const tags = {
  items: [
    {
      id: 1,
      name: 'Kundentermin',
      colour: null,
      archived: false,
      entries: 1234,
      createdAt: '2026-03-02T13:05:00Z',
    },
  ],
  total: 1,
  page: 1,
  pageSize: 50,
};

describe('the tags page in German', () => {
  afterEach(() => setLanguage('en'));

  it('says everything in German, counts the German way', async () => {
    await setLanguage('de');
    mockApi({ ...signedInRoutes(), 'GET /api/v1/tags': () => tags });
    renderApp('/tags');
    const table = await screen.findByRole('table', { name: 'Schlagwörter' });
    expect(screen.getByRole('heading', { name: 'Schlagwörter' })).toBeInTheDocument();
    expect(within(table).getByRole('columnheader', { name: 'Schlagwort' })).toBeInTheDocument();
    expect(within(table).getByText('In Gebrauch')).toBeInTheDocument();
    expect(within(table).getByText('1.234')).toBeInTheDocument();
    expect(screen.getByText('1 Schlagwort')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Neues Schlagwort' })).toBeInTheDocument();
  });
});
