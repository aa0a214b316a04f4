import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { setLanguage } from '@/i18n/i18n';
import { adminUser, mockApi, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

// The audit log names changed fields as people say them, in their language; a field the
// dashboard has no name for (added later, or recorded by an older version) shows as recorded.
const event = (id: number, entity: string, before: object, after: object) => ({
  id,
  at: '2026-11-02T09:00:00.000Z',
  actorId: 1,
  actorUsername: 'admin',
  via: 'session',
  entity,
  entityId: 7,
  action: 'update',
  before,
  after,
});

const events = () => ({
  items: [
    event(
      3,
      'time_entry',
      { notes: 'a', durationSeconds: 60, mystery: 1 },
      { notes: 'b', durationSeconds: 120, mystery: 2 },
    ),
    event(
      2,
      'rate',
      { amount: '80.00', effectiveFrom: '2026-01-01' },
      { amount: '90.00', effectiveFrom: '2026-02-01' },
    ),
    event(1, 'budget', { hours: '10.00' }, { hours: '20.00' }),
  ],
  total: 3,
  page: 1,
  pageSize: 50,
});

afterEach(async () => {
  await setLanguage('en');
});

const fieldsOf = (article: HTMLElement) =>
  within(article)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]!.textContent);

describe('audit field names', () => {
  it('reads as words per kind of record, unknown ones as recorded', async () => {
    mockApi({ ...signedInRoutes(adminUser), 'GET /api/v1/audit': events });
    renderApp('/audit');
    const articles = await screen.findAllByRole('article');
    expect(articles).toHaveLength(3);
    expect(fieldsOf(articles[0]!)).toEqual(['Notes', 'Duration (billed)', 'mystery']);
    expect(fieldsOf(articles[1]!)).toEqual(['Rate per hour', 'Effective from']);
    expect(fieldsOf(articles[2]!)).toEqual(['Hour limit']);
  });

  it('in German', async () => {
    await setLanguage('de');
    mockApi({ ...signedInRoutes(adminUser), 'GET /api/v1/audit': events });
    renderApp('/audit');
    const articles = await screen.findAllByRole('article');
    expect(fieldsOf(articles[1]!)).toEqual(['Satz pro Stunde', 'Gültig ab']);
    expect(fieldsOf(articles[0]!)).toContain('mystery');
  });
});
