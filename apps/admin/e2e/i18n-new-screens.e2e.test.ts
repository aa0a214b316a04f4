import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, openPage, type RunningStack, screenshot, signIn, startStack } from './support';

// The screens of the second i18n wave (account, first-run checklist, timesheet, calendar, tags)
// in German at desktop width and on a 390 px touch phone: German words, FullCalendar's German
// day names, the touch hint, and nothing wider than the screen. A fresh install: the admin
// sees the checklist. Nothing here changes data.
let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

const screens = [
  { path: '/', heading: 'TimeTracker einrichten', name: 'setup' },
  { path: '/account', heading: 'Mein Konto', name: 'account' },
  { path: '/timesheet?week=2026-11-30', heading: 'Stundenzettel', name: 'timesheet' },
  { path: '/calendar?date=2026-12-02', heading: 'Kalender', name: 'calendar' },
  { path: '/tags', heading: 'Schlagwörter', name: 'tags' },
];

describe.each([
  { label: 'desktop', mobile: false },
  { label: 'phone', mobile: true },
])('the new screens in German ($label)', ({ label, mobile }) => {
  it('are German, fit the screen, and the calendar speaks German too', async () => {
    const { context, page, errors } = await openPage(stack, { mobile, touch: mobile });
    try {
      await signIn(page, ADMIN);
      await page.evaluate(() => localStorage.setItem('timetracker.language', 'de'));
      for (const screen of screens) {
        await page.goto(screen.path);
        await page.getByRole('heading', { name: screen.heading }).first().waitFor();
        if (screen.name === 'calendar') {
          // FullCalendar's own German locale: its day names and our buttons.
          await page.getByRole('button', { name: 'Heute' }).waitFor();
          await page
            .getByText(/Mi\., 2\. Dez/)
            .first()
            .waitFor();
          // On a touch screen creating needs a long press: the hint says so.
          await page
            .getByText(mobile ? /^Halten Sie freie Fläche gedrückt/ : /^Ziehen Sie auf freier Fläche/)
            .waitFor();
        }
        await screenshot(page, `i18n-de-${screen.name}-${label}`);
        const width = mobile ? 390 : 1280;
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
