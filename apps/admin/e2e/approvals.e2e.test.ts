import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  adminApi,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
  userApi,
  createUser,
} from './support';

// Week approvals (issue #18 §4): a user submits their week on the timesheet; their team lead,
// a manager, finds it in the approval queue with its total, opens it and approves it.

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

async function sql(text: string, params: unknown[] = []) {
  const c = new Client({ connectionString: stack.database.url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

const newUser = (username: string, role: 'user' | 'manager' = 'user') => createUser(api, username, role);

describe('approvals', () => {
  it('a manager approves a week their team member submitted from the timesheet, on a desktop and a phone', async () => {
    const lead = await newUser('morgan', 'manager');
    const ada = await newUser('ada');
    const bo = await newUser('bo');
    const [team] = await sql(`INSERT INTO teams (name) VALUES ('Design') RETURNING id`);
    await sql(
      `INSERT INTO team_members (team_id, user_id, is_lead) VALUES ($1, $2, true), ($1, $3, false), ($1, $4, false)`,
      [team.id, lead.id, ada.id, bo.id],
    );
    for (const [userId, day, hours] of [
      [ada.id, '2026-11-02', 2],
      [ada.id, '2026-11-03', 1],
      [bo.id, '2026-11-04', 4],
    ] as const)
      await api('POST', '/api/v1/time-entries', {
        userId,
        projectId,
        startTime: `${day}T08:00:00Z`,
        endTime: `${day}T${String(8 + hours).padStart(2, '0')}:00:00Z`,
        notes: `Work of ${day}`,
      });
    await (
      await userApi(stack, bo)
    )('POST', '/api/v1/approvals', { week: '2026-11-04' });

    // Ada submits her week on the timesheet.
    const user = await openPage(stack);
    await signIn(user.page, ada, '/timesheet?week=2026-11-02');
    const status = user.page.getByLabel('Approval of this week');
    await status.getByText('Not submitted').waitFor();
    await status.getByRole('button', { name: 'Submit week' }).click();
    await status.getByText('Submitted', { exact: true }).waitFor();
    await status.getByRole('button', { name: 'Withdraw' }).waitFor();
    await screenshot(user.page, 'approvals-timesheet-submitted');
    expect(user.errors).toEqual([]);
    await user.context.close();

    // The manager's queue: both weeks, with their totals.
    const desk = await openPage(stack);
    await signIn(desk.page, lead, '/approvals');
    await desk.page.getByRole('heading', { name: 'Approvals' }).waitFor();
    const queue = desk.page.getByRole('table', { name: 'Weeks' });
    const adaRow = queue.getByRole('row').filter({ hasText: 'ada' });
    await expect.poll(() => adaRow.textContent()).toContain('3:00');
    expect(await queue.getByRole('row').filter({ hasText: 'bo' }).textContent()).toContain('4:00');
    await screenshot(desk.page, 'approvals-queue');

    await adaRow.getByRole('button', { name: 'Open ada’s week' }).click();
    const dialog = desk.page.getByRole('dialog');
    const entries = dialog.getByRole('table', { name: 'Entries of the week' });
    await entries.getByText('Work of 2026-11-02').waitFor();
    expect(await entries.getByRole('row').count()).toBe(3); // the header and two entries
    // Rejecting needs a note.
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.getByText('Say why the week is rejected.').waitFor();
    await dialog.getByLabel('Note').fill('Looks right');
    await screenshot(desk.page, 'approvals-week');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await desk.page.getByText('Week approved.').waitFor();
    await expect.poll(() => queue.getByRole('row').filter({ hasText: 'ada' }).count()).toBe(0);
    const [row] = await sql(`SELECT status, note, decided_by FROM week_approvals WHERE user_id = $1`, [
      ada.id,
    ]);
    expect(row).toEqual({ status: 'approved', note: 'Looks right', decided_by: lead.id });
    expect(desk.errors).toEqual([]);
    await desk.context.close();

    // On a phone: a card per week.
    const phone = await openPage(stack, { mobile: true });
    await signIn(phone.page, lead, '/approvals');
    const card = phone.page.getByRole('button', { name: 'Open bo’s week' });
    await card.waitFor();
    await card.click();
    await phone.page.getByRole('dialog').getByText('Work of 2026-11-04').waitFor();
    await screenshot(phone.page, 'approvals-phone');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});
