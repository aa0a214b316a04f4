import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Session, signIn, signInNewUser, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

let db: TestDatabase;
let app: ApiApp;
const http = () => request(app.getHttpServer());

let admin: Session;
let alice: Session; // creates tasks
let bob: Session; // is assigned tasks
let carol: Session; // a stranger to them

const sql = sqlOn(() => db.url);

/** The projects API belongs to another module, so fixtures go in with SQL. */
async function project(name: string, status = 'active'): Promise<number> {
  const [row] = await sql<{ id: number }>(
    `INSERT INTO projects (name, status) VALUES ($1, $2) RETURNING id`,
    [name, status],
  );
  return row!.id;
}

function post(who: Session, body: object) {
  return who.agent.post('/api/v1/tasks').set('X-CSRF-Token', who.csrf).send(body);
}

function patch(who: Session, id: number, body: object) {
  return who.agent.patch(`/api/v1/tasks/${id}`).set('X-CSRF-Token', who.csrf).send(body);
}

/** Calendar date (YYYY-MM-DD) in `timeZone`, `days` from now. */
function dateIn(timeZone: string, days = 0): string {
  const shifted = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(shifted);
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'granite-peak-90' });
  bob = await signInNewUser(app, admin, { username: 'bob', password: 'amber-forest-19' });
  carol = await signInNewUser(app, admin, { username: 'carol', password: 'sunny-meadow-42' });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('tasks: create, read, update, delete', () => {
  it('creates a task for the signed-in user, with names, defaults and exact decimals', async () => {
    const projectId = await project('Website');
    const created = await post(alice, {
      projectId,
      name: '  Landing page ',
      assignedTo: bob.user.id,
      dueDate: '2031-05-17',
      estimatedHours: '12.5',
    }).expect(201);
    expect(created.body).toMatchObject({
      projectId,
      projectName: 'Website',
      name: 'Landing page',
      description: null,
      status: 'pending',
      priority: 'medium',
      assignedTo: bob.user.id,
      assigneeUsername: 'bob',
      createdBy: alice.user.id,
      dueDate: '2031-05-17',
      estimatedHours: '12.50',
      actualHours: null,
      startedAt: null,
      completedAt: null,
    });
    const [row] = await sql(`SELECT created_by, estimated_hours::text AS hours FROM tasks WHERE id = $1`, [
      created.body.id,
    ]);
    expect(row).toEqual({ created_by: alice.user.id, hours: '12.50' });

    // Everyone signed in reads it.
    const read = await carol.agent.get(`/api/v1/tasks/${created.body.id}`).expect(200);
    expect(read.body).toEqual(created.body);

    const updated = await patch(alice, created.body.id, {
      description: 'Hero, pricing, footer',
      priority: 'high',
      assignedTo: null,
      dueDate: null,
      estimatedHours: '0.75',
    }).expect(200);
    expect(updated.body).toMatchObject({
      description: 'Hero, pricing, footer',
      priority: 'high',
      assignedTo: null,
      assigneeUsername: null,
      dueDate: null,
      estimatedHours: '0.75',
    });

    await alice.agent.delete(`/api/v1/tasks/${created.body.id}`).set('X-CSRF-Token', alice.csrf).expect(204);
    await alice.agent.get(`/api/v1/tasks/${created.body.id}`).expect(404);
  });

  it('works with a personal API token (Bearer, no CSRF)', async () => {
    const projectId = await project('Scripts');
    const minted = await bob.agent.post('/api/v1/tokens').set('X-CSRF-Token', bob.csrf).send({ name: 'cli' });
    const bearer = `Bearer ${minted.body.token as string}`;
    const created = await http()
      .post('/api/v1/tasks')
      .set('Authorization', bearer)
      .send({ projectId, name: 'From the CLI', priority: 'urgent' })
      .expect(201);
    expect(created.body).toMatchObject({ createdBy: bob.user.id, priority: 'urgent' });
    const list = await http()
      .get(`/api/v1/tasks?projectId=${projectId}`)
      .set('Authorization', bearer)
      .expect(200);
    expect(list.body).toMatchObject({
      total: 1,
      page: 1,
      items: [{ id: created.body.id, name: 'From the CLI' }],
    });
  });
});

describe('status transitions', () => {
  it('records the first start, the completion, and resets on pending', async () => {
    const projectId = await project('Transitions');
    const task = (await post(alice, { projectId, name: 'Ship it', assignedTo: bob.user.id }).expect(201))
      .body;

    const t0 = Date.now();
    // The assignee moves the status.
    const started = (await patch(bob, task.id, { status: 'in_progress' }).expect(200)).body;
    expect(Date.parse(started.startedAt)).toBeGreaterThanOrEqual(t0 - 1000);
    expect(Date.parse(started.startedAt)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(started.completedAt).toBeNull();

    await patch(bob, task.id, { status: 'review' }).expect(200);
    const restarted = (await patch(bob, task.id, { status: 'in_progress' }).expect(200)).body;
    expect(restarted.startedAt).toBe(started.startedAt); // first time only

    const done = (await patch(bob, task.id, { status: 'done' }).expect(200)).body;
    expect(done).toMatchObject({ status: 'done', startedAt: started.startedAt });
    expect(Date.parse(done.completedAt)).toBeGreaterThanOrEqual(Date.parse(started.startedAt));
    const [row] = await sql<{ completed_at: Date }>(`SELECT completed_at FROM tasks WHERE id = $1`, [
      task.id,
    ]);
    expect(row!.completed_at.toISOString()).toBe(done.completedAt);

    const reopened = (await patch(bob, task.id, { status: 'review' }).expect(200)).body;
    expect(reopened).toMatchObject({ startedAt: started.startedAt, completedAt: null });

    const reset = (await patch(alice, task.id, { status: 'pending' }).expect(200)).body;
    expect(reset).toMatchObject({ status: 'pending', startedAt: null, completedAt: null });
  });

  it('applies the rules to a task created already in progress or done', async () => {
    const projectId = await project('Born started');
    const inProgress = (await post(alice, { projectId, name: 'a', status: 'in_progress' }).expect(201)).body;
    expect(inProgress.startedAt).not.toBeNull();
    const done = (await post(alice, { projectId, name: 'b', status: 'done' }).expect(201)).body;
    expect(done.completedAt).not.toBeNull();
  });
});

describe('listing', () => {
  it('sorts by priority rank, not alphabetically', async () => {
    const projectId = await project('Ranked');
    for (const priority of ['medium', 'urgent', 'low', 'high']) {
      await post(alice, { projectId, name: `p-${priority}`, priority }).expect(201);
    }
    const desc = await alice.agent.get(`/api/v1/tasks?projectId=${projectId}&sort=-priority`).expect(200);
    expect(desc.body.items.map((t: { priority: string }) => t.priority)).toEqual([
      'urgent',
      'high',
      'medium',
      'low',
    ]);
    const asc = await alice.agent.get(`/api/v1/tasks?projectId=${projectId}&sort=priority`).expect(200);
    expect(asc.body.items.map((t: { priority: string }) => t.priority)).toEqual([
      'low',
      'medium',
      'high',
      'urgent',
    ]);
    const paged = await alice.agent
      .get(`/api/v1/tasks?projectId=${projectId}&sort=-priority&page=2&pageSize=3`)
      .expect(200);
    expect(paged.body).toMatchObject({ total: 4, page: 2, pageSize: 3, items: [{ priority: 'low' }] });
    const byName = await alice.agent.get(`/api/v1/tasks?projectId=${projectId}&sort=-name`).expect(200);
    expect(byName.body.items.map((t: { name: string }) => t.name)).toEqual([
      'p-urgent',
      'p-medium',
      'p-low',
      'p-high',
    ]);
  });

  it('filters by status (one or several), search and assignee; "mine" is what is assigned to me', async () => {
    const projectId = await project('Filters');
    const a = (await post(alice, { projectId, name: 'Write 100% docs', assignedTo: bob.user.id }).expect(201))
      .body;
    const b = (await post(alice, { projectId, name: 'Fix bug', status: 'review' }).expect(201)).body;
    const c = (
      await post(carol, { projectId, name: 'Write tests', status: 'done', assignedTo: bob.user.id }).expect(
        201,
      )
    ).body;
    const ids = (res: request.Response) =>
      res.body.items.map((t: { id: number }) => t.id).sort((x: number, y: number) => x - y);
    const list = (who: Session, query: string) =>
      who.agent.get(`/api/v1/tasks?projectId=${projectId}&${query}`).expect(200);

    expect(ids(await list(bob, 'mine=true'))).toEqual([a.id, c.id]);
    expect(ids(await list(alice, 'mine=true'))).toEqual([]);
    expect(ids(await list(alice, `assignedTo=${bob.user.id}`))).toEqual([a.id, c.id]);
    expect(ids(await list(alice, 'status=review,done'))).toEqual([b.id, c.id]);
    expect(ids(await list(alice, 'status=pending&status=done'))).toEqual([a.id, c.id]);
    expect(ids(await list(alice, 'search=WRITE'))).toEqual([a.id, c.id]);
    // LIKE wildcards in the search are plain text.
    expect(ids(await list(alice, `search=${encodeURIComponent('100%')}`))).toEqual([a.id]);
    expect(ids(await list(alice, `search=${encodeURIComponent('_')}`))).toEqual([]);
  });

  it('finds overdue tasks by the date in the settings time zone', async () => {
    const projectId = await project('Deadlines');
    // 25 hours apart: at any moment Kiritimati's date is one or two days after Pago Pago's.
    const westToday = dateIn('Pacific/Pago_Pago');
    const eastToday = dateIn('Pacific/Kiritimati');
    const make = async (name: string, dueDate: string, status = 'pending') =>
      (await post(alice, { projectId, name, dueDate, status, assignedTo: bob.user.id }).expect(201)).body
        .id as number;
    const dueWestToday = await make('due west today', westToday);
    await make('due east today', eastToday); // not overdue anywhere
    const longAgo = await make('long ago', '2001-01-01');
    await make('long ago but done', '2001-01-01', 'done');
    await make('long ago but cancelled', '2001-01-01', 'cancelled');
    await make('next year', dateIn('Pacific/Kiritimati', 400));
    await post(alice, { projectId, name: 'no due date' }).expect(201);

    const overdue = async (who: Session, extra = '') =>
      (
        await who.agent
          .get(`/api/v1/tasks?projectId=${projectId}&overdue=true&sort=dueDate${extra}`)
          .expect(200)
      ).body.items.map((t: { id: number }) => t.id);
    try {
      await sql(`UPDATE settings SET timezone = 'Pacific/Kiritimati'`);
      expect(await overdue(alice)).toEqual([longAgo, dueWestToday]);
      expect(await overdue(bob, '&mine=true')).toEqual([longAgo, dueWestToday]);
      expect(await overdue(carol, '&mine=true')).toEqual([]);
      await sql(`UPDATE settings SET timezone = 'Pacific/Pago_Pago'`);
      expect(await overdue(alice)).toEqual([longAgo]);
    } finally {
      await sql(`UPDATE settings SET timezone = 'Europe/Rome'`);
    }
  });
});

describe('permissions', () => {
  it('lets the assignee change only the status, and nobody else but the creator and admins edit', async () => {
    const projectId = await project('Guarded');
    const task = (await post(alice, { projectId, name: 'Guarded task', assignedTo: bob.user.id }).expect(201))
      .body;

    const notStatus = await patch(bob, task.id, { status: 'in_progress', name: 'Renamed by bob' }).expect(
      403,
    );
    expect(notStatus.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(notStatus.body.detail).toContain('name');
    const stranger = await patch(carol, task.id, { status: 'done' }).expect(403);
    expect(stranger.body.code).toBe('FORBIDDEN');
    await carol.agent.delete(`/api/v1/tasks/${task.id}`).set('X-CSRF-Token', carol.csrf).expect(403);
    await bob.agent.delete(`/api/v1/tasks/${task.id}`).set('X-CSRF-Token', bob.csrf).expect(403);
    const unchanged = (await alice.agent.get(`/api/v1/tasks/${task.id}`).expect(200)).body;
    expect(unchanged).toMatchObject({ name: 'Guarded task', status: 'pending' });

    // The creator changes anything, including the assignee; admins manage every task.
    await patch(alice, task.id, { assignedTo: carol.user.id, name: 'Reassigned' }).expect(200);
    await patch(carol, task.id, { status: 'in_progress' }).expect(200);
    await patch(bob, task.id, { status: 'done' }).expect(403);
    await patch(admin, task.id, { priority: 'urgent' }).expect(200);
    await admin.agent.delete(`/api/v1/tasks/${task.id}`).set('X-CSRF-Token', admin.csrf).expect(204);
  });

  it('needs credentials', async () => {
    const res = await http().get('/api/v1/tasks').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    await http().post('/api/v1/tasks').send({ projectId: 1, name: 'x' }).expect(401);
  });
});

describe('unhappy paths', () => {
  it('rejects bad input with 400 and the field', async () => {
    const projectId = await project('Strict');
    const bad = async (body: object, path: string) => {
      const res = await post(alice, { projectId, name: 'x', ...body }).expect(400);
      expect(res.body.code).toBe('VALIDATION');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await bad({ createdBy: admin.user.id }, 'createdBy');
    await bad({ priority: 'critical' }, 'priority');
    await bad({ status: 'todo' }, 'status');
    await bad({ dueDate: '2025-02-30' }, 'dueDate');
    await bad({ dueDate: '2025-06-01T00:00:00Z' }, 'dueDate');
    await bad({ estimatedHours: '12.345' }, 'estimatedHours');
    await bad({ estimatedHours: 12.5 }, 'estimatedHours');
    await bad({ estimatedHours: '-1' }, 'estimatedHours');
    await bad({ name: '   ' }, 'name');
    await bad({ projectId: 999_999 }, 'projectId');
    await bad({ assignedTo: 999_999 }, 'assignedTo');
    const [inactive] = await sql<{ id: number }>(
      `INSERT INTO users (username, is_active) VALUES ('gone', false) RETURNING id`,
    );
    await bad({ assignedTo: inactive!.id }, 'assignedTo');

    const task = (await post(alice, { projectId, name: 'ok' }).expect(201)).body;
    await patch(alice, task.id, {}).expect(400);
    await patch(alice, task.id, { actualHours: '3.00' }).expect(400);
    await patch(alice, task.id, { status: 'finished' }).expect(400);
    await alice.agent.get('/api/v1/tasks?status=finished').expect(400);
    await alice.agent.get('/api/v1/tasks?sort=-status').expect(400);
    await alice.agent.get('/api/v1/tasks?overdue=yes').expect(400);
    await alice.agent.get('/api/v1/tasks/abc').expect(400);
  });

  it('answers 404 for a task that does not exist', async () => {
    await alice.agent.get('/api/v1/tasks/999999').expect(404);
    const res = await patch(alice, 999_999, { status: 'done' }).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await alice.agent.delete('/api/v1/tasks/999999').set('X-CSRF-Token', alice.csrf).expect(404);
  });

  it('takes no new tasks in an archived project (409 INVALID_STATE)', async () => {
    const archived = await project('Archived', 'archived');
    const res = await post(alice, { projectId: archived, name: 'Too late' }).expect(409);
    expect(res.body).toMatchObject({ code: 'INVALID_STATE' });
    expect(res.body.detail).toContain('archived');
    const task = (await post(alice, { projectId: await project('Live'), name: 'Movable' }).expect(201)).body;
    const moved = await patch(admin, task.id, { projectId: archived }).expect(409);
    expect(moved.body).toMatchObject({ code: 'INVALID_STATE' });
    expect(await sql(`SELECT 1 FROM tasks WHERE project_id = $1`, [archived])).toHaveLength(0);
  });
});

describe('moving a task to another project', () => {
  /** An entry of `userId` on the task, as the time-entries API would write it. */
  async function entryOn(task: { id: number; projectId: number }, userId: number): Promise<number> {
    const [row] = await sql<{ id: number }>(
      `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds)
       VALUES ($1, $2, $3, now() - interval '1 hour', now(), 3600) RETURNING id`,
      [userId, task.projectId, task.id],
    );
    return row!.id;
  }

  it('is for admins only: the creator may not move the task under other users’ entries (403)', async () => {
    const from = await project('Move from');
    const to = await project('Move to');
    const task = (await post(alice, { projectId: from, name: 'Shared work' }).expect(201)).body;
    await entryOn(task, bob.user.id);

    const res = await patch(alice, task.id, { projectId: to }).expect(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(res.body.detail).toContain('admins');
    // Even without time on it, and even with the same project's id alongside other changes.
    const untracked = (await post(alice, { projectId: from, name: 'Untracked' }).expect(201)).body;
    await patch(alice, untracked.id, { projectId: to }).expect(403);
    await patch(alice, untracked.id, { projectId: from, name: 'Renamed in place' }).expect(200);

    const rows = await sql<{ project_id: number }>(`SELECT project_id FROM tasks WHERE id = ANY($1)`, [
      [task.id, untracked.id],
    ]);
    expect(rows.map((r) => r.project_id)).toEqual([from, from]);
  });

  it('refuses an admin’s move of a task with time entries (409) and changes nothing', async () => {
    const from = await project('Tracked from');
    const to = await project('Tracked to');
    const task = (await post(alice, { projectId: from, name: 'Tracked task' }).expect(201)).body;
    const entry = await entryOn(task, bob.user.id);

    const res = await patch(admin, task.id, { projectId: to, name: 'Moved and renamed' }).expect(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT' });
    expect(res.body.detail).toContain('time entries');
    const [row] = await sql<{ project_id: number; name: string }>(
      `SELECT project_id, name FROM tasks WHERE id = $1`,
      [task.id],
    );
    expect(row).toEqual({ project_id: from, name: 'Tracked task' });
    const [kept] = await sql<{ project_id: number; task_id: number }>(
      `SELECT project_id, task_id FROM time_entries WHERE id = $1`,
      [entry],
    );
    expect(kept).toEqual({ project_id: from, task_id: task.id });
  });

  it('lets an admin move a task that has no time entries', async () => {
    const from = await project('Free from');
    const to = await project('Free to');
    const task = (await post(alice, { projectId: from, name: 'Free task' }).expect(201)).body;

    const res = await patch(admin, task.id, { projectId: to }).expect(200);
    expect(res.body).toMatchObject({ id: task.id, projectId: to, projectName: 'Free to' });
  });
});
