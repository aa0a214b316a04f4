import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  adminApi,
  ADMIN,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
  userApi,
} from './support';

// The audit log (issue #18 §4): an admin finds who changed an entry, before → after, from the
// entry itself and through the filters, on a desktop and a phone.

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

describe('audit log', () => {
  it("shows an entry's history from the time entries page, with the changed fields old → new", async () => {
    const creds = { username: 'audrey', password: 'amber-lantern-4242' };
    await api('POST', '/api/v1/users', creds);
    const audrey = await userApi(stack, creds);
    const entry = await audrey<{ id: number }>('POST', '/api/v1/time-entries', {
      projectId,
      startTime: '2026-11-02T08:00:00Z',
      endTime: '2026-11-02T09:00:00Z',
      notes: 'First draft',
    });
    await audrey('PATCH', `/api/v1/time-entries/${entry.id}`, { notes: 'Final text' });

    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/time-entries');
    await page.getByRole('heading', { name: 'Time entries' }).waitFor();
    await page.getByRole('link', { name: `History of entry #${entry.id}` }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const changes = page.getByRole('article');
    await expect.poll(() => changes.count()).toBe(2);
    const update = changes.filter({ hasText: 'Changed' });
    await update.getByText('By audrey').waitFor();
    // The field by its name in words (not the recorded `notes`), old → new.
    const notes = update.getByRole('row').filter({ hasText: 'First draft' });
    expect(await notes.getByRole('cell').first().innerText()).toBe('Notes');
    expect(await notes.innerText()).toMatch(/First draft\s+Final text/);
    await screenshot(page, 'audit-entry-history');

    // The same events through the filters: actions of this user only.
    await page.goto('/audit?action=create');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await expect.poll(() => page.getByRole('article').filter({ hasText: 'First draft' }).count()).toBe(1);
    expect(await page.getByRole('article').filter({ hasText: 'Final text' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();

    const phone = await openPage(stack, { mobile: true, touch: true });
    await signIn(phone.page, ADMIN, `/audit?entity=time_entry&entityId=${entry.id}`);
    await phone.page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await expect.poll(() => phone.page.getByRole('article').count()).toBe(2);
    // Nothing scrolls sideways on a phone.
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'audit-phone');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });

  it('is not offered to a user, and refused if they go there', async () => {
    const creds = { username: 'ursula', password: 'amber-lantern-4242' };
    await api('POST', '/api/v1/users', creds);
    const { page, context } = await openPage(stack);
    await signIn(page, creds, '/time-entries');
    await page.getByRole('heading', { name: 'Time entries' }).waitFor();
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await context.close();
  });
});
