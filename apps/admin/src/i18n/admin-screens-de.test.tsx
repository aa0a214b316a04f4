import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { adminUser, defaultPreferences, mockApi, session, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

import { setLanguage } from './i18n';
import de from './locales/de.json';
import en from './locales/en.json';

afterEach(async () => {
  localStorage.clear();
  await setLanguage('en');
});

/** Every English message that German words differently ("Name" reads the same and is left out). */
function englishOnly(): Set<string> {
  const out = new Set<string>();
  const walk = (a: unknown, b: unknown) => {
    if (typeof a === 'string') {
      if (a !== b && !a.includes('{{') && !a.includes('<')) out.add(a);
    } else if (a && typeof a === 'object') {
      for (const [k, v] of Object.entries(a)) walk(v, (b as Record<string, unknown> | undefined)?.[k]);
    }
  };
  walk(en, de);
  return out;
}

/**
 * Text, labels and placeholders still in English: a string that skipped t(). Only the page and its
 * dialogs: the navigation (src/app) is converted elsewhere.
 */
function leftoverEnglish(): string[] {
  const english = englishOnly();
  const found = new Set<string>();
  const root = document.querySelector('main') ?? document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    if (english.has(text)) found.add(text);
  }
  for (const el of root.querySelectorAll('[aria-label], [placeholder], [alt]')) {
    for (const name of ['aria-label', 'placeholder', 'alt']) {
      const value = el.getAttribute(name);
      if (value && english.has(value)) found.add(value);
    }
  }
  // components/tags.tsx (the tag filter's label) is outside these folders and still literal.
  found.delete('Tags');
  return [...found];
}

function germanRoutes(extra: Parameters<typeof mockApi>[0]) {
  return mockApi({
    ...signedInRoutes(),
    'GET /api/v1/auth/me': () => session(adminUser, { ...defaultPreferences, language: 'de' }),
    ...extra,
  });
}

const figures = {
  seconds: 9000,
  hours: '2.50',
  billableSeconds: 7200,
  billableHours: '2.00',
  billableAmount: '170.00',
  entries: 3,
  breakSeconds: 1800,
};

describe('the admin screens in German', () => {
  it('reports: totals with the breaks, table and legend', async () => {
    germanRoutes({
      'GET /api/v1/reports/summary': () => ({
        from: null,
        to: null,
        timezone: 'Europe/Rome',
        currency: 'EUR',
        groupBy: ['project'],
        priceAs: 'exact',
        totals: figures,
        rows: [{ ...figures, groups: [{ dimension: 'project', key: '3', label: 'Website' }] }],
      }),
    });
    renderApp('/reports');
    expect(await screen.findByRole('heading', { name: 'Berichte' })).toBeInTheDocument();
    const totals = await screen
      .findByRole('group', { name: 'Summen des Berichts' })
      .catch(() => screen.findByLabelText('Summen des Berichts'));
    expect(within(totals).getByText('Pausen (nicht gezählt)')).toBeInTheDocument();
    expect(within(totals).getByText('0:30:00')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Bericht' });
    expect(within(table).getByRole('columnheader', { name: 'Pausenstunden' })).toBeInTheDocument();
    const row = within(table).getByText('Website').closest('tr') as HTMLElement;
    expect(within(row).getByText('0,5 h')).toBeInTheDocument();
    expect(within(row).getByText(/^170,00\s€$/)).toBeInTheDocument();
    expect(leftoverEnglish()).toEqual([]);
  });

  it('clients', async () => {
    germanRoutes({});
    renderApp('/clients');
    expect(await screen.findByRole('heading', { name: 'Kunden' })).toBeInTheDocument();
    expect(await screen.findByText('Keine passenden Kunden.')).toBeInTheDocument();
    expect(leftoverEnglish()).toEqual([]);
  });

  it('projects', async () => {
    germanRoutes({});
    renderApp('/projects');
    expect(await screen.findByRole('heading', { name: 'Projekte' })).toBeInTheDocument();
    expect(await screen.findByText('Keine passenden Projekte.')).toBeInTheDocument();
    expect(leftoverEnglish()).toEqual([]);
  });

  it('tasks: statuses and priorities in words', async () => {
    germanRoutes({
      'GET /api/v1/tasks': () => ({
        items: [
          {
            id: 1,
            projectId: 3,
            projectName: 'General',
            name: 'Logo',
            description: null,
            status: 'in_progress',
            priority: 'urgent',
            assignedTo: null,
            assigneeUsername: null,
            createdBy: adminUser.id,
            dueDate: '2026-03-02',
            estimatedHours: null,
            actualHours: null,
            startedAt: null,
            completedAt: null,
            createdAt: '2026-01-01T00:00:00Z',
            updatedAt: '2026-01-01T00:00:00Z',
          },
        ],
        total: 1,
        page: 1,
        pageSize: 25,
      }),
    });
    renderApp('/tasks');
    const table = await screen.findByRole('table', { name: 'Aufgaben' });
    const row = within(table).getByText('Logo').closest('tr') as HTMLElement;
    expect(within(row).getByText('In Arbeit')).toBeInTheDocument();
    expect(within(row).getByText('Dringend')).toBeInTheDocument();
    expect(within(row).getByText('02.03.2026')).toBeInTheDocument();
    expect(screen.getByText('1 Aufgabe')).toBeInTheDocument();
    expect(leftoverEnglish()).toEqual([]);
  });

  it('users', async () => {
    germanRoutes({ 'GET /api/v1/users': () => ({ items: [adminUser], total: 1, page: 1, pageSize: 25 }) });
    renderApp('/users');
    const table = await screen.findByRole('table', { name: 'Benutzer' });
    expect(within(table).getByRole('columnheader', { name: /Letzte Anmeldung/ })).toBeInTheDocument();
    expect(within(table).getByText('Administrator')).toBeInTheDocument();
    expect(leftoverEnglish()).toEqual([]);
  });

  it('settings: sections keep their link targets', async () => {
    germanRoutes({});
    renderApp('/settings');
    expect(await screen.findByRole('heading', { name: 'Einstellungen' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Firma' })).toHaveAttribute('id', 'settings-company');
    expect(screen.getByRole('heading', { name: 'Zeiterfassung' })).toHaveAttribute(
      'id',
      'settings-time-tracking',
    );
    expect(leftoverEnglish()).toEqual([]);
  });
});
