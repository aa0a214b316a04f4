import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { ApiError, describeError } from '@/lib/api-client';
import { formatBytes, formatDateTime, formatDay, formatHourTick, formatMoney } from '@/lib/format';
import { friendlyServerMessage } from '@/lib/form-messages';
import { emptyPage, mockApi, problem, session, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

import { i18n, pickLanguage, setLanguage } from './i18n';

afterEach(async () => {
  localStorage.clear();
  await setLanguage('en');
});

describe('choosing the language', () => {
  it('takes the user’s preference, then this browser’s last pick, then the browser’s languages', () => {
    expect(pickLanguage('it', 'de', ['fr-FR'])).toBe('it');
    expect(pickLanguage(null, 'de', ['fr-FR'])).toBe('de');
    expect(pickLanguage(null, null, ['pt-BR', 'fr-CA', 'de'])).toBe('fr');
    expect(pickLanguage('xx', 'klingon', ['pt-BR'])).toBe('en');
    expect(pickLanguage(undefined, null, [])).toBe('en');
  });
});

describe('in German', () => {
  it('writes money, numbers, dates and sizes the German way', async () => {
    await setLanguage('de');
    expect(formatMoney('1234.5', 'EUR')).toBe('1.234,50\u00a0€');
    expect(formatDateTime('2026-03-01T01:10:00Z', 'Europe/Rome')).toBe('01.03.2026, 02:10');
    expect(formatDay('2026-03-02')).toBe('02.03.2026');
    expect(formatBytes(5.2 * 1024 * 1024)).toBe('5,20 MB');
    expect(formatHourTick(1.5)).toBe('1,5 h');
  });

  it('translates a problem by its code, keeping the English detail that names what is wrong', async () => {
    const conflict = new ApiError('409 taken', 409, {
      status: 409,
      code: 'CONFLICT',
      detail: 'The username "ada" is taken',
    });
    expect(describeError(conflict)).toBe('The username "ada" is taken');
    await setLanguage('de');
    expect(describeError(conflict)).toBe(
      'Das steht im Widerspruch zu bereits Vorhandenem. (The username "ada" is taken)',
    );
    expect(
      describeError(new ApiError('x', 503, { code: 'SERVICE_UNAVAILABLE', detail: 'The database…' })),
    ).toBe(
      'Der Server ist ausgelastet oder seine Datenbank nicht erreichbar. Versuchen Sie es gleich noch einmal.',
    );
    // A code the catalog does not know yet: the English detail rather than nothing.
    expect(describeError(new ApiError('x', 418, { code: 'TEAPOT', detail: 'I am a teapot' }))).toBe(
      'I am a teapot',
    );
    expect(describeError(new ApiError('Cannot reach the API (Failed to fetch)', 0))).toMatch(
      /nicht erreichbar/,
    );
  });

  it('words the API’s field errors in German', async () => {
    await setLanguage('de');
    expect(friendlyServerMessage('Too small: expected string to have >=1 characters')).toBe('Pflichtfeld');
    expect(friendlyServerMessage('Too big: expected string to have <=100 characters')).toBe(
      'Höchstens 100 Zeichen',
    );
  });
});

describe('the dashboard’s language', () => {
  it('follows the user’s preference from /auth/me', async () => {
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/auth/me': () => ({ ...session(), preferences: { language: 'fr' } }),
      'GET /api/v1/invoices': () => emptyPage,
    });
    renderApp('/invoices');
    expect(await screen.findByRole('heading', { name: 'Factures' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('fr');
  });

  it('switches at once from the language menu and remembers the choice', async () => {
    mockApi({
      ...signedInRoutes(),
      'GET /api/v1/auth/me': () => problem(401, 'Not signed in'),
      'GET /api/v1/auth/options': () => ({ allowSelfRegister: true }),
    });
    renderApp('/sign-in');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('textbox', { name: 'Language' }));
    // Mantine keeps the open dropdown's options out of the accessibility tree in jsdom (no layout).
    await user.click(await screen.findByRole('option', { name: 'Deutsch', hidden: true }));
    expect(await screen.findByRole('button', { name: 'Anmelden' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Benutzername/)).toBeInTheDocument();
    expect(i18n.language).toBe('de');
    expect(localStorage.getItem('timetracker.language')).toBe('de');
  });
});
