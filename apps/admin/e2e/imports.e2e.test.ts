import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ImportResponse, TimeEntryResponse } from '@timetracker/contracts';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ADMIN,
  ADMIN_DIR,
  adminApi,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
  startWorker,
} from './support';

// Import (issue #20 §1): an admin uploads a Toggl export with a bad row, sees it refused with its
// row number and reason in the dry run, imports the rest with a real worker, finds the entries in
// the entry list, and undoes the import. The screen fits a phone.

let stack: RunningStack;
let worker: ReturnType<typeof startWorker>;
let dir: string;

type ImportedEntry = Pick<
  TimeEntryResponse,
  'userId' | 'projectName' | 'startTime' | 'endTime' | 'notes' | 'tags'
>;

const TOGGL = readFileSync(path.join(ADMIN_DIR, '../worker/test/fixtures/import/toggl.csv'), 'utf8');
// Row 5 (the header is row 1): it ends before it starts.
const BAD_ROW =
  'Anna Berg,anna@example.test,,Website,,Backwards,Yes,2026-03-31,10:00:00,2026-03-31,09:00:00,01:00:00,,';

beforeAll(async () => {
  stack = await startStack();
  // The import poll every second (the default is every two).
  worker = startWorker(stack, { WORKER_IMPORT_CRON: '* * * * * *' });
  dir = mkdtempSync(path.join(tmpdir(), 'tt-import-e2e-'));
  const api = await adminApi(stack);
  for (const name of ['anna', 'ben'])
    await api('POST', '/api/v1/users', {
      username: name,
      email: `${name}@example.test`,
      password: 'amber-lantern-4242',
      role: 'user',
    });
});

afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('import screen', () => {
  it('dry-runs a Toggl export, shows the refused row, imports it and undoes it', async () => {
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/');
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    await page.getByText('No imports yet.').waitFor();
    await page.getByText(/at most 50\.0 MB/).waitFor();

    // A file that is not UTF-8 is refused, and the reason is said plainly.
    const utf16 = path.join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('User,Email\n', 'utf16le')]));
    await page.locator('input[type=file]').setInputFiles(utf16);
    await page.getByRole('alert').getByText('The file is not UTF-8 text').waitFor();

    const file = path.join(dir, 'toggl-export.csv');
    writeFileSync(file, `${TOGGL.trimEnd()}\n${BAD_ROW}\n`);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText('toggl-export.csv').first().waitFor();
    // Detected as Toggl, with the columns each field is read from.
    await expect(page.getByRole('textbox', { name: 'Format' }).inputValue()).resolves.toBe('Toggl Track');
    await page.getByRole('table', { name: 'Columns' }).getByText('Start date').waitFor();

    // The times are Berlin's: one row crosses the March DST change.
    const zone = page.getByRole('textbox', { name: 'Time zone of the file' });
    await zone.click();
    await zone.fill('Europe/Berl');
    const patched = page.waitForResponse(
      (r) => r.url().includes('/api/v1/imports/') && r.request().method() === 'PATCH',
    );
    await page.getByRole('option', { name: 'Europe/Berlin' }).click();
    expect((await patched).status()).toBe(200);
    await expect(zone.inputValue()).resolves.toBe('Europe/Berlin');

    await page.getByRole('button', { name: 'Dry run' }).click();
    const rows = page.getByRole('table', { name: 'Rows of the file' });
    await rows.waitFor({ timeout: 30_000 });
    await page.getByTestId('import-counts').getByText('3 to create · 0 skipped · 1 refused').waitFor();
    const bad = page.getByTestId('import-row-5');
    await expect(bad.getByText('Refused').isVisible()).resolves.toBe(true);
    // Worded by the dashboard from the row's code, its times in the user's format.
    await bad
      .getByText(/^Ends \(03\/31\/2026, \d\d:00\) before it starts \(03\/31\/2026, \d\d:00\)$/)
      .waitFor();
    // Only the refused rows.
    await page.getByText('1 refused', { exact: true }).click();
    await page.getByTestId('import-row-2').waitFor({ state: 'detached' });
    await expect(rows.locator('tbody tr').count()).resolves.toBe(1);
    await screenshot(page, 'imports-dry-run');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').getByText('Imported', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByText('The entries are in.', { exact: false }).waitFor();
    await page.getByTestId('import-counts').getByText('3 created · 0 skipped · 1 refused').waitFor();
    await screenshot(page, 'imports-done');

    // The entries are in the entry list.
    await page.getByRole('link', { name: 'Time entries' }).click();
    await page.getByText('Landing page, hero').waitFor();
    await page.getByText('Standup').waitFor();

    // Undo from the list of past imports.
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    const past = page.getByRole('table', { name: 'Past imports' });
    await past.getByText('Imported').waitFor();
    await past.getByRole('button', { name: 'toggl-export.csv' }).click();
    await page.getByRole('button', { name: 'Undo import' }).click();
    await page.getByRole('dialog').getByText('The 3 entries this import made are deleted.').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Undo import' }).click();
    await page.getByText(/^Undone on/).waitFor();
    const id = new URL(page.url()).searchParams.get('id');

    await page.getByRole('link', { name: 'Time entries' }).click();
    await page.getByRole('heading', { name: 'Time entries' }).waitFor();
    await page.getByText('Landing page, hero').waitFor({ state: 'detached' });
    await page.getByText('Standup').waitFor({ state: 'detached' });
    const left = await (await adminApi(stack))<{ total: number }>('GET', '/api/v1/time-entries');
    expect(left.total).toBe(0);
    await screenshot(page, 'imports-undone-entries');

    expect(errors).toEqual([]);
    await context.close();

    // A phone: the upload card and past imports, then the import, as cards; nothing sideways.
    const phone = await openPage(stack, { mobile: true, touch: true });
    await signIn(phone.page, ADMIN, '/imports');
    await phone.page.getByText('Past imports').waitFor();
    await screenshot(phone.page, 'imports-phone-list');
    await phone.page.goto(`/imports?id=${id}`);
    await phone.page.getByRole('table', { name: 'Rows of the file' }).waitFor();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(phone.page, 'imports-phone-detail');
    // The refused row's reason in the dashboard's language (French here), worded from its code.
    await phone.page.evaluate(() => localStorage.setItem('timetracker.language', 'fr'));
    await phone.page.reload();
    await phone.page
      .getByTestId('import-row-5')
      .getByText(/^Se termine \(.+\) avant de commencer \(.+\)$/)
      .waitFor();
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});

// A generic CSV (issue #20 §1): its columns have names no format knows, so the admin picks each
// field's column, then maps the one person nobody matched to a user, and imports. Its own stack:
// the test above expects an empty list of imports and no entries when it starts.
describe('import of a generic CSV', () => {
  let own: RunningStack;
  let ownWorker: ReturnType<typeof startWorker>;
  let users: Record<'anna' | 'ben', number>;

  beforeAll(async () => {
    own = await startStack();
    ownWorker = startWorker(own, { WORKER_IMPORT_CRON: '* * * * * *' });
    const api = await adminApi(own);
    const made = await Promise.all(
      (['anna', 'ben'] as const).map((name) =>
        api<{ id: number }>('POST', '/api/v1/users', {
          username: name,
          email: `${name}@example.test`,
          password: 'amber-lantern-4242',
          role: 'user',
        }),
      ),
    );
    users = { anna: made[0].id, ben: made[1].id };
  });

  afterAll(async () => {
    await ownWorker?.stop();
    await own?.stop();
  });

  it('reads the columns picked for each field and maps an unknown person to a user', async () => {
    const file = path.join(dir, 'timesheet.csv');
    writeFileSync(
      file,
      [
        'Began,Finished,Who,Job,Memo,Tags',
        '2026-04-06T08:00:00Z,2026-04-06T09:30:00Z,anna@example.test,Website,"Hero, second draft",draft',
        '2026-04-06T10:00:00Z,2026-04-06T10:45:00Z,ben@example.test,Internal,Planning,draft',
        '2026-04-07T13:15:00Z,2026-04-07T15:00:00Z,carla@elsewhere.test,Website,Copy review,draft',
        '',
      ].join('\n'),
    );
    const { page, context, errors } = await openPage(own);
    await signIn(page, ADMIN, '/imports');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText('timesheet.csv').first().waitFor();
    // No format knows these headers: a generic CSV, a picker per field, only Tags filled in (the
    // field's own name).
    await expect(page.getByRole('textbox', { name: 'Format' }).inputValue()).resolves.toBe('Generic CSV');
    const setup = page.getByRole('region', { name: 'Format and mapping' });
    const pick = async (field: string, column: string) => {
      const picker = setup.getByRole('textbox', { name: field, exact: true });
      await expect(picker.inputValue()).resolves.toBe('');
      const saved = page.waitForResponse(
        (r) => r.url().includes('/api/v1/imports/') && r.request().method() === 'PATCH',
      );
      await picker.click();
      await page.getByRole('option', { name: column, exact: true }).click();
      expect((await saved).status()).toBe(200);
      await expect.poll(() => picker.inputValue()).toBe(column);
    };
    await pick('Start', 'Began');
    await pick('End', 'Finished');
    await pick('Email', 'Who');
    await pick('Project', 'Job');
    await pick('Description', 'Memo');
    // Tags matched by name, but this file's tags are not wanted: cleared, the column stays out
    // (saved as not in the file), rather than being matched again by its name.
    const tags = setup.getByRole('textbox', { name: 'Tags', exact: true });
    await expect(tags.inputValue()).resolves.toBe('Tags');
    const cleared = page.waitForResponse(
      (r) => r.url().includes('/api/v1/imports/') && r.request().method() === 'PATCH',
    );
    // Mantine hides the clear button from assistive tech (the picker itself is reachable): by label.
    await setup.locator('[aria-label="Tags: not in the file"]').click();
    expect((await cleared).status()).toBe(200);
    await expect.poll(() => tags.inputValue()).toBe('');
    await page.getByText('Unknown people are listed after a dry run.').waitFor();

    // The dry run: carla is nobody here, so her row is refused and she is listed to be mapped.
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByTestId('import-counts').getByText('2 to create · 0 skipped · 1 refused').waitFor({
      timeout: 30_000,
    });
    await page
      .getByTestId('import-row-4')
      .getByText('Unknown user “carla@elsewhere.test”: map it to a user or allow placeholder users')
      .waitFor();
    // Each row says who it goes to: anna by her email; carla to nobody yet.
    const userOf = (rowNumber: number) =>
      page.getByTestId(`import-row-${rowNumber}`).getByTestId('import-row-user').textContent();
    await expect.poll(() => userOf(2)).toBe('anna@example.test → anna');
    await expect.poll(() => userOf(4)).toBe('carla@elsewhere.test');
    const carla = setup.getByRole('textbox', { name: 'User for carla@elsewhere.test' });
    await expect(carla.getAttribute('placeholder')).resolves.toBe('Not mapped: rows refused');
    await screenshot(page, 'imports-generic-unknown-person');

    const mapped = page.waitForResponse(
      (r) => r.url().includes('/api/v1/imports/') && r.request().method() === 'PATCH',
    );
    await carla.click();
    await carla.fill('be');
    await page.getByRole('option', { name: 'ben', exact: true }).click();
    expect((await mapped).status()).toBe(200);
    await expect.poll(() => carla.inputValue()).toBe('ben');

    // The mapping is saved, not only shown: read back, every pick is there.
    const id = Number(new URL(page.url()).searchParams.get('id'));
    const api = await adminApi(own);
    const saved = await api<ImportResponse>('GET', `/api/v1/imports/${id}`);
    expect(saved.mapping).toEqual({
      columns: {
        start: 'Began',
        end: 'Finished',
        email: 'Who',
        project: 'Job',
        description: 'Memo',
        tags: null,
      },
      users: { 'carla@elsewhere.test': users.ben },
    });

    // A second dry run with carla mapped: every row is to be created.
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByTestId('import-counts').getByText('3 to create · 0 skipped · 0 refused').waitFor({
      timeout: 30_000,
    });
    await expect(carla.inputValue()).resolves.toBe('ben');
    await expect(tags.inputValue()).resolves.toBe('');
    // carla's row now goes to ben, as mapped.
    await expect.poll(() => userOf(4)).toBe('carla@elsewhere.test → ben');
    await expect.poll(() => userOf(3)).toBe('ben@example.test → ben');
    await screenshot(page, 'imports-generic-mapped');
    // On a phone the row is a card: the user line says who the row goes to, nothing sideways.
    const phone = await openPage(own, { mobile: true, touch: true });
    await signIn(phone.page, ADMIN, `/imports?id=${id}`);
    const card = phone.page.getByTestId('import-row-4');
    await card.getByText('carla@elsewhere.test → ben').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone.page, 'imports-generic-mapped-phone');
    expect(phone.errors).toEqual([]);
    await phone.context.close();

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').getByText('Imported', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByTestId('import-counts').getByText('3 created · 0 skipped · 0 refused').waitFor();

    // Each entry with its person, project, times and notes from the picked columns.
    const entries = await api<{ items: ImportedEntry[] }>(
      'GET',
      '/api/v1/time-entries?sort=startTime&pageSize=10',
    );
    expect(
      entries.items.map((e) => ({
        userId: e.userId,
        projectName: e.projectName,
        start: new Date(e.startTime).toISOString(),
        end: e.endTime && new Date(e.endTime).toISOString(),
        notes: e.notes,
        tags: e.tags,
      })),
    ).toEqual([
      {
        userId: users.anna,
        projectName: 'Website',
        start: '2026-04-06T08:00:00.000Z',
        end: '2026-04-06T09:30:00.000Z',
        notes: 'Hero, second draft',
        tags: [],
      },
      {
        userId: users.ben,
        projectName: 'Internal',
        start: '2026-04-06T10:00:00.000Z',
        end: '2026-04-06T10:45:00.000Z',
        notes: 'Planning',
        tags: [],
      },
      {
        userId: users.ben,
        projectName: 'Website',
        start: '2026-04-07T13:15:00.000Z',
        end: '2026-04-07T15:00:00.000Z',
        notes: 'Copy review',
        tags: [],
      },
    ]);
    // carla was mapped, so no placeholder user was made for her.
    const all = await api<{ items: { username: string }[] }>('GET', '/api/v1/users?pageSize=100');
    expect(all.items.map((u) => u.username)).not.toContain('carla@elsewhere.test');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('two picks saved in quick succession both stay: the saves reach the server in order', async () => {
    const file = path.join(dir, 'quick-picks.csv');
    writeFileSync(
      file,
      ['Began,Finished,Who', '2026-04-08T08:00:00Z,2026-04-08T09:00:00Z,anna@example.test', ''].join('\n'),
    );
    const { page, context, errors } = await openPage(own);
    await signIn(page, ADMIN, '/imports');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText('quick-picks.csv').first().waitFor();
    const id = Number(new URL(page.url()).searchParams.get('id'));

    // The first save is held in the browser until the second pick is made: the server sees it late.
    // A save sent while it is held (the screen did not wait its turn) goes through at once.
    let held: (route: Route) => void;
    const first = new Promise<Route>((resolve) => (held = resolve));
    const meanwhile: Promise<void>[] = [];
    let patches = 0;
    await page.route(
      (url) => url.pathname === `/api/v1/imports/${id}`,
      async (route) => {
        if (route.request().method() !== 'PATCH') return route.fallback();
        patches += 1;
        if (patches === 1) return held(route);
        const answered = route.fetch().then((response) => route.fulfill({ response }));
        meanwhile.push(answered);
        await answered;
      },
    );
    let answers = 0;
    const bothAnswered = new Promise<void>((resolve) =>
      page.on('response', (r) => {
        if (r.request().method() === 'PATCH' && (answers += 1) === 2) resolve();
      }),
    );

    const setup = page.getByRole('region', { name: 'Format and mapping' });
    const start = setup.getByRole('textbox', { name: 'Start', exact: true });
    const end = setup.getByRole('textbox', { name: 'End', exact: true });
    await start.click();
    await page.getByRole('option', { name: 'Began', exact: true }).click();
    const held1 = await first;
    await end.click();
    await page.getByRole('option', { name: 'Finished', exact: true }).click();
    // Both picks show while the saves wait.
    await expect.poll(() => end.inputValue()).toBe('Finished');
    await expect(start.inputValue()).resolves.toBe('Began');
    await Promise.all(meanwhile);
    await held1.continue();
    await bothAnswered;

    // Read back through the API: the later save, holding both picks, was applied last.
    const api = await adminApi(own);
    const saved = await api<ImportResponse>('GET', `/api/v1/imports/${id}`);
    expect(saved.mapping.columns).toEqual({ start: 'Began', end: 'Finished' });
    // And the screen, read back from the server, still shows both.
    await expect.poll(() => start.inputValue()).toBe('Began');
    await expect.poll(() => end.inputValue()).toBe('Finished');
    expect(patches).toBe(2);
    expect(errors).toEqual([]);
    await context.close();
  });
});
