import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, adminApi, openPage, type RunningStack, screenshot, startStack } from './support';

// A browser set to German gets the dashboard in German, with German numbers, money and dates,
// without anyone choosing anything; the language menu switches it at once, and it stays.

let stack: RunningStack;
let invoiceId: number;
let projectId: number;

beforeAll(async () => {
  stack = await startStack();
  const api = await adminApi(stack);
  await api('PATCH', '/api/v1/settings', { currency: 'EUR' });
  const client = await api<{ id: number }>('POST', '/api/v1/clients', { name: 'Müller GmbH' });
  const project = await api<{ id: number }>('POST', '/api/v1/projects', {
    name: 'Website',
    clientId: client.id,
  });
  projectId = project.id;
  const invoice = await api<{ id: number }>('POST', '/api/v1/invoices', { projectId: project.id });
  invoiceId = invoice.id;
  await api('POST', `/api/v1/invoices/${invoice.id}/items`, {
    description: 'Beratung',
    quantity: '2.50',
    unitPrice: '1250.00',
  });
});

afterAll(async () => {
  await stack?.stop();
});

async function signInAs(
  page: Page,
  labels: { username: string; password: string; submit: string; nav: string },
) {
  await page.getByLabel(labels.username).fill(ADMIN.username);
  await page.getByLabel(labels.password).fill(ADMIN.password);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.getByRole('navigation', { name: labels.nav }).waitFor();
}

const GERMAN = { username: 'Benutzername', password: 'Passwort', submit: 'Anmelden', nav: 'Hauptnavigation' };

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('languages', () => {
  it('follows a German browser: text, money, numbers and dates', async () => {
    const { page, context, errors } = await openPage(stack, { locale: 'de-DE' });
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await screenshot(page, 'i18n-sign-in-de');
    await signInAs(page, GERMAN);

    await page.goto('/invoices');
    await page.getByRole('heading', { name: 'Rechnungen' }).waitFor();
    const table = page.getByRole('table', { name: 'Rechnungen' });
    await table.getByRole('columnheader', { name: 'Ausgestellt' }).waitFor();
    // 2.5 × 1250 = 3125: German grouping and decimal comma, the euro sign after the amount.
    await table.getByText('3.125,00 €').waitFor();
    const issued = await table.locator('tbody tr td').nth(2).textContent();
    expect(issued).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    await page.getByText('1 Rechnung', { exact: true }).waitFor();
    await screenshot(page, 'i18n-invoices-de');

    await page.goto(`/invoices/${invoiceId}`);
    const lines = page.getByRole('table', { name: 'Rechnungspositionen' });
    await lines.getByRole('columnheader', { name: 'Einzelpreis' }).waitFor();
    await lines.getByText('1.250,00 €').waitFor();
    await lines.getByText('2,5', { exact: true }).waitFor();
    await page.getByText(/^Ausgestellt am \d{2}\.\d{2}\.\d{4}, fällig am \d{2}\.\d{2}\.\d{4}$/).waitFor();
    await screenshot(page, 'i18n-invoice-de');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('switches language at run time from the menu, and keeps it after a reload', async () => {
    const { page, context, errors } = await openPage(stack, { locale: 'de-DE' });
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Anmelden' }).waitFor();
    await page.getByRole('textbox', { name: 'Sprache' }).click();
    await page.getByRole('option', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
    expect(await page.getByRole('button', { name: 'Anmelden' }).count()).toBe(0);
    await screenshot(page, 'i18n-sign-in-fr');
    await signInAs(page, {
      username: 'Nom d’utilisateur',
      password: 'Mot de passe',
      submit: 'Se connecter',
      nav: 'Navigation principale',
    });

    await page.goto('/invoices');
    await page.getByRole('heading', { name: 'Factures' }).waitFor();
    // French groups thousands with a narrow no-break space.
    await page
      .getByRole('table', { name: 'Factures' })
      .getByText(/^3\s125,00\s€$/)
      .waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Factures' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tracks time in German: dashboard, entries and calendar, on a desktop and a phone', async () => {
    const api = await adminApi(stack);
    const end = Date.now() - 3_600_000;
    await api('POST', '/api/v1/time-entries', {
      projectId,
      startTime: new Date(end - 2 * 3_600_000).toISOString(),
      endTime: new Date(end).toISOString(),
      breakSeconds: 1800,
      notes: 'Konzeptbesprechung',
    });
    await api('POST', '/api/v1/favourites', { projectId, notes: 'Tägliche Abstimmung' });
    await api('POST', '/api/v1/timer/start', { projectId, notes: 'Fehlerbehebung' });

    for (const mobile of [false, true]) {
      const { page, context, errors } = await openPage(stack, { mobile, locale: 'de-DE' });
      const suffix = mobile ? 'de-phone' : 'de';
      await page.goto('/sign-in');
      await signInAs(page, GERMAN);
      await page.getByRole('heading', { name: 'Übersicht' }).waitFor();
      await page.getByTestId('running-timer').getByText('Läuft').waitFor();
      await page.getByRole('heading', { name: 'Favoriten' }).waitFor();
      await page.getByRole('heading', { name: 'Letzte Einträge' }).waitFor();
      expect(await overflow(page)).toBe(0);
      await screenshot(page, `i18n-dashboard-${suffix}`);

      await page.goto('/time-entries');
      await page.getByRole('heading', { name: 'Zeiteinträge' }).waitFor();
      await page.getByText('1:30:00').first().waitFor();
      await page.getByText('Pause 0:30').first().waitFor();
      expect(await overflow(page)).toBe(0);
      await screenshot(page, `i18n-time-entries-${suffix}`);

      await page.goto('/calendar');
      await page.getByRole('heading', { name: 'Kalender' }).waitFor();
      await page.getByRole('button', { name: 'Eintrag hinzufügen' }).waitFor();
      expect(await overflow(page)).toBe(0);
      await screenshot(page, `i18n-calendar-${suffix}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('fits a phone in Spanish, the longest of the sign-in titles', async () => {
    const { page, context, errors } = await openPage(stack, { mobile: true, locale: 'es-ES' });
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await page.getByRole('textbox', { name: 'Idioma' }).waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await screenshot(page, 'i18n-sign-in-es-phone');
    expect(errors).toEqual([]);
    await context.close();
  });
});
