import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { setLanguage } from '@/i18n/i18n';
import { mockApi, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

const empty = () => ({
  userId: 1,
  timeZone: 'Europe/Rome',
  from: '2026-11-29T23:00:00.000Z',
  to: '2026-12-06T23:00:00.000Z',
  items: [],
});

const realMatchMedia = window.matchMedia;

afterEach(async () => {
  window.matchMedia = realMatchMedia;
  await setLanguage('en');
});

/** As if the main pointer were a finger (a phone or tablet). */
function touchScreen() {
  window.matchMedia = (query: string) =>
    ({ ...realMatchMedia(query), matches: query === '(pointer: coarse)' }) as MediaQueryList;
}

describe('the calendar', () => {
  it('tells mouse users to drag', async () => {
    mockApi({ ...signedInRoutes(), 'GET /api/v1/calendar': empty });
    renderApp('/calendar?date=2026-12-02');
    expect(await screen.findByText(/^Drag on empty space to add time/)).toBeInTheDocument();
  });

  it('tells touch screens to press and hold, since creating needs a long press there', async () => {
    touchScreen();
    mockApi({ ...signedInRoutes(), 'GET /api/v1/calendar': empty });
    renderApp('/calendar?date=2026-12-02');
    expect(
      await screen.findByText(/^Press and hold empty space, then drag, to add time/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Drag on empty space/)).toBeNull();
  });

  it('speaks German, FullCalendar’s day names and buttons included', async () => {
    await setLanguage('de');
    mockApi({ ...signedInRoutes(), 'GET /api/v1/calendar': empty });
    renderApp('/calendar?date=2026-12-02');
    expect(await screen.findByRole('heading', { name: 'Kalender' }, { timeout: 10_000 })).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Heute' }, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Woche' })).toBeInTheDocument();
    // FullCalendar's German locale: "Mi., 2. Dez." over Wednesday's column.
    expect(screen.getAllByText(/^Mi\., 2\. Dez/).length).toBeGreaterThan(0);
    expect(screen.getByText(/^Ziehen Sie auf freier Fläche/)).toBeInTheDocument();
  });
});
