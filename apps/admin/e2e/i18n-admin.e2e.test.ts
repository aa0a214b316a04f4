import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, adminApi, openPage, type RunningStack, screenshot, startStack } from './support';

// The admin screens of the second i18n wave in German, at desktop and phone width: German
// headings, the report's break totals, and no page wider than the screen (long German words).

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack();
  const api = await adminApi(stack);
  await api('PATCH', '/api/v1/settings', { currency: 'EUR' });
  const client = await api<{ id: number }>('POST', '/api/v1/clients', {
    name: 'Müller Maschinenbau GmbH',
    defaultHourlyRate: '85.00',
  });
  const project = await api<{ id: number }>('POST', '/api/v1/projects', {
    name: 'Internetauftritt',
    clientId: client.id,
  });
  await api('POST', '/api/v1/tasks', { projectId: project.id, name: 'Startseite', priority: 'urgent' });
  // This month, 3 h with a 30 min break: 2:30 worked.
  const start = new Date();
  start.setUTCDate(1);
  start.setUTCHours(8, 0, 0, 0);
  await api('POST', '/api/v1/time-entries', {
    projectId: project.id,
    startTime: start.toISOString(),
    endTime: new Date(start.getTime() + 3 * 3600_000).toISOString(),
    breakSeconds: 1800,
  });
});

afterAll(async () => {
  await stack?.stop();
});

async function signInGerman(page: Page) {
  await page.goto('/sign-in');
  await page.getByLabel('Benutzername').fill(ADMIN.username);
  await page.getByLabel('Passwort').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

const SCREENS = [
  { path: '/reports', heading: 'Berichte', name: 'reports' },
  { path: '/clients', heading: 'Kunden', name: 'clients' },
  { path: '/projects', heading: 'Projekte', name: 'projects' },
  { path: '/tasks', heading: 'Aufgaben', name: 'tasks' },
  { path: '/users', heading: 'Benutzer', name: 'users' },
  { path: '/settings', heading: 'Einstellungen', name: 'settings' },
];

describe('admin screens in German', () => {
  for (const mobile of [false, true]) {
    it(`read in German and fit the screen${mobile ? ' of a phone' : ''}`, async () => {
      const { page, context, errors } = await openPage(stack, { locale: 'de-DE', mobile });
      await signInGerman(page);
      for (const screen of SCREENS) {
        await page.goto(screen.path);
        await page.getByRole('heading', { name: screen.heading, exact: true }).first().waitFor();
        if (screen.name === 'reports') {
          const totals = page.getByLabel('Summen des Berichts');
          await totals.getByText('Pausen (nicht gezählt)').waitFor();
          await totals.getByText('0:30:00').waitFor();
          await totals.getByText('2:30:00').first().waitFor();
          await page.getByRole('columnheader', { name: 'Pausenstunden' }).waitFor();
          await page.getByText('Abrechenbar', { exact: true }).first().waitFor();
        }
        if (screen.name === 'tasks') await page.getByText('Dringend').first().waitFor();
        await screenshot(page, `i18n-${screen.name}-de${mobile ? '-phone' : ''}`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${screen.path} is wider than the screen`).toBeLessThanOrEqual(0);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
