import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ADMIN,
  adminApi,
  createUser,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
} from './support';

// The own address and digest choice, and the private calendar feed, on the account page (issue #20 §4, docs/calendar-feed.md): turned on,
// its URL copied and read like a calendar app would, made anew, turned off; and hidden when an
// admin switches feeds off in Settings.

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;
let projectId: number;

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
  const projects = await api<{ items: { id: number; name: string }[] }>('GET', '/api/v1/projects');
  projectId = projects.items.find((p) => p.name === 'General')!.id;
});

afterAll(async () => {
  await stack?.stop();
});

describe('calendar feed on the account page', () => {
  it('turns on, copies a URL a calendar app can read, makes a new one and turns off', async () => {
    const user = await createUser(api, 'ravi');
    const start = new Date(Date.now() - 2 * 86_400_000);
    await api('POST', '/api/v1/time-entries', {
      userId: user.id,
      projectId,
      startTime: start.toISOString(),
      endTime: new Date(start.getTime() + 3_600_000).toISOString(),
      notes: 'Sprint review',
    });
    const { page, context, errors } = await openPage(stack);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    await signIn(page, user, '/account');
    const section = page.getByRole('region', { name: 'Calendar feed' });
    await section.getByText('Your calendar feed is off.').waitFor();
    await section.getByRole('button', { name: 'Turn on calendar feed' }).click();

    const shown = section.getByTestId('calendar-feed-url');
    await shown.waitFor();
    const url = (await shown.textContent())!;
    expect(url).toMatch(new RegExp(`^${stack.baseUrl}/api/v1/calendar-feed/[\\w-]+\\.[\\w-]+\\.ics$`));
    await section.getByRole('button', { name: 'Copy URL' }).click();
    await section.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await section.getByText(/^On since/).waitFor();
    await screenshot(page, 'calendar-feed');

    // What a calendar app gets: no cookie, just the URL.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const body = await feed.text();
    expect(body).toContain('BEGIN:VEVENT');
    expect(body).toContain('SUMMARY:General');
    expect(body).toContain('DESCRIPTION:Sprint review');

    await section.getByRole('button', { name: 'Make a new URL' }).click();
    await shown.filter({ hasNotText: url }).waitFor();
    const second = (await shown.textContent())!;
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);

    await section.getByRole('button', { name: 'Turn off' }).click();
    await section.getByText('Your calendar feed is off.').waitFor();
    await expect.poll(() => shown.count()).toBe(0);
    expect((await fetch(second)).status).toBe(404);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sets the own address and the weekly digest; another user’s address is refused', async () => {
    const taken = await createUser(api, 'pia');
    await api('PATCH', `/api/v1/users/${taken.id}`, { email: 'pia@example.test' });
    const user = await createUser(api, 'quin');
    const { page, context, errors } = await openPage(stack);
    await signIn(page, user, '/account');
    const section = page.getByRole('region', { name: 'Email' });
    const address = section.getByRole('textbox', { name: 'Email address' });
    const save = section.getByRole('button', { name: 'Save email settings' });
    await address.fill('PIA@example.test');
    await save.click();
    await section.getByRole('alert').getByText('belongs to another user').waitFor();

    await address.fill('quin@example.test');
    const digest = section.getByRole('switch', { name: 'Weekly digest' });
    expect(await digest.isChecked()).toBe(true);
    await digest.focus();
    await page.keyboard.press('Space');
    await save.click();
    await page.getByText('Email settings saved').waitFor();
    const me = await fetch(`${stack.baseUrl}/api/v1/users/${user.id}`, {
      headers: { cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(me.status).toBe(403); // a plain user reads no user records…
    // …but the admin sees the address, and the account its choices after a reload.
    expect((await api<{ email: string }>('GET', `/api/v1/users/${user.id}`)).email).toBe('quin@example.test');
    await page.reload();
    await expect.poll(() => address.inputValue()).toBe('quin@example.test');
    expect(await digest.isChecked()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone screen', async () => {
    const user = await createUser(api, 'mina');
    const { page, context, errors } = await openPage(stack, { mobile: true, touch: true });
    await signIn(page, user, '/account');
    const section = page.getByRole('region', { name: 'Calendar feed' });
    await section.getByRole('button', { name: 'Turn on calendar feed' }).click();
    await section.getByTestId('calendar-feed-url').waitFor();
    await section.scrollIntoViewIfNeeded();
    // Nothing sticks out sideways: the long URL wraps, and all of it and the button are on screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const part of [
      section.getByTestId('calendar-feed-url'),
      section.getByRole('button', { name: 'Copy URL' }),
    ]) {
      const box = (await part.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    const url = section.getByTestId('calendar-feed-url');
    expect(await url.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await screenshot(page, 'calendar-feed-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is hidden once an admin switches calendar feeds off in Settings', async () => {
    const user = await createUser(api, 'oona');
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/settings');
    const access = page.getByRole('region', { name: 'Access and privacy' });
    const toggle = access.getByRole('switch', { name: 'Calendar feeds' });
    expect(await toggle.isChecked()).toBe(true);
    // By keyboard: the sticky header and save bar lie over a switch scrolled to an edge.
    await toggle.focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    expect((await api<{ calendarFeeds: boolean }>('GET', '/api/v1/settings')).calendarFeeds).toBe(false);
    await context.close();

    const other = await openPage(stack);
    const answered = other.page.waitForResponse((r) => r.url().endsWith('/api/v1/account/calendar-feed'));
    await signIn(other.page, user, '/account');
    expect(await (await answered).json()).toMatchObject({ available: false });
    await other.page.getByRole('region', { name: 'Sessions' }).waitFor();
    // The answer is in; two frames later React has rendered what it says.
    await other.page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    expect(await other.page.getByRole('region', { name: 'Calendar feed' }).count()).toBe(0);
    await api('PATCH', '/api/v1/settings', { calendarFeeds: true });
    await other.page.reload();
    await other.page.getByRole('region', { name: 'Calendar feed' }).waitFor();
    expect([...errors, ...other.errors]).toEqual([]);
    await other.context.close();
  });
});
