import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Session, signIn, signInNewUser, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

// An entry's task belongs to the entry's project. The service checks the pair, then writes; an
// admin's move of the task between the two must not leave the entry on a task of another
// project: the foreign key (task_id, project_id) → tasks (id, project_id) refuses the write.
// Each race holds the task's row lock as the move does (TasksRepository.updateUnlessTracked),
// sends the entry write, waits until it waits on that lock, then moves the task and commits.
let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let alice: Session;
let projects = 0;

const sql = sqlOn(() => db.url);

const post = (who: typeof alice, url: string, body: object) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

/** Two fresh projects and a task in the first (the projects API belongs to another module). */
async function taskToMove() {
  const [from, to] = await sql<{ id: number }>(`INSERT INTO projects (name) VALUES ($1), ($2) RETURNING id`, [
    `From ${++projects}`,
    `To ${projects}`,
  ]);
  const task = await post(admin, '/api/v1/tasks', { projectId: from!.id, name: 'Moving task' }).expect(201);
  return { from: from!.id, to: to!.id, taskId: task.body.id as number };
}

/** Entries whose task is in another project than theirs: there must never be any. */
const mismatched = async () =>
  (
    await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM time_entries e JOIN tasks t ON t.id = e.task_id
        WHERE e.project_id <> t.project_id`,
    )
  )[0]!.n;

/** Holds the task's row lock as an admin's move does, until `move` commits the move. */
async function holdTask(id: number) {
  const c = new Client({ connectionString: db.url });
  await c.connect();
  await c.query('BEGIN');
  await c.query('SELECT 1 FROM tasks WHERE id = $1 FOR UPDATE', [id]);
  return {
    async waitForLockWaiter() {
      for (let tries = 0; ; tries++) {
        // Not on `c`: inside its transaction pg_stat_activity would be read once and kept.
        const [row] = await sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%time_entries%'`,
        );
        if (row!.n >= 1) return;
        if (tries > 1000) throw new Error('the entry write never waited on the task');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async move(to: number) {
      await c.query('UPDATE tasks SET project_id = $2 WHERE id = $1', [id, to]);
      await c.query('COMMIT');
      await c.end();
    },
  };
}

describe('an entry write against a move of its task', () => {
  const writes = {
    'a manual entry': (t: { from: number; taskId: number }) =>
      post(alice, '/api/v1/time-entries', {
        projectId: t.from,
        taskId: t.taskId,
        startTime: '2026-03-02T08:00:00Z',
        endTime: '2026-03-02T09:00:00Z',
      }),
    'a timer start': (t: { from: number; taskId: number }) =>
      post(alice, '/api/v1/timer/start', { projectId: t.from, taskId: t.taskId }),
    'a bulk create': (t: { from: number; taskId: number }) =>
      post(alice, '/api/v1/time-entries/bulk', {
        projectId: t.from,
        taskId: t.taskId,
        from: '2026-03-02',
        to: '2026-03-03',
        startTime: '08:00',
        endTime: '09:00',
      }),
  };

  // Overlaps refused: the write's own checks and the write run under the user's timer lock.
  const policies = ['warn', 'refuse'] as const;
  const cases = (Object.keys(writes) as (keyof typeof writes)[]).flatMap((what) =>
    policies.map((policy) => [what, policy] as const),
  );

  it.each(cases)(
    '%s (overlaps: %s) checked before the move and written after it is refused (409)',
    async (what, policy) => {
      await sql(`UPDATE settings SET overlap_policy = $1`, [policy]);
      const t = await taskToMove();
      const hold = await holdTask(t.taskId);
      const write = writes[what](t).then((res) => res);
      await hold.waitForLockWaiter();
      await hold.move(t.to);
      const res = await write;
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT' });
      expect(res.body.detail).toContain('moved to another project');
      expect(await sql(`SELECT id FROM time_entries WHERE task_id = $1`, [t.taskId])).toEqual([]);
      expect(await mismatched()).toBe(0);
    },
  );

  it.each(policies.map((policy, i) => [policy, i] as const))(
    'an edit (overlaps: %s) that puts an entry on the task before the move and writes after it is refused (409)',
    async (policy, i) => {
      await sql(`UPDATE settings SET overlap_policy = $1`, [policy]);
      const t = await taskToMove();
      const entry = await post(alice, '/api/v1/time-entries', {
        projectId: t.from,
        startTime: `2026-04-0${i + 1}T08:00:00Z`,
        endTime: `2026-04-0${i + 1}T09:00:00Z`,
      }).expect(201);
      const hold = await holdTask(t.taskId);
      const write = alice.agent
        .patch(`/api/v1/time-entries/${entry.body.id as number}`)
        .set('X-CSRF-Token', alice.csrf)
        .send({ taskId: t.taskId })
        .then((res) => res);
      await hold.waitForLockWaiter();
      await hold.move(t.to);
      const res = await write;
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT' });
      const [kept] = await sql(`SELECT project_id, task_id FROM time_entries WHERE id = $1`, [entry.body.id]);
      expect(kept).toEqual({ project_id: t.from, task_id: null });
      expect(await mismatched()).toBe(0);
    },
  );
});

describe('the (task, project) pair in the database', () => {
  it('the API refuses an entry on a task of another project (4xx), and so does plain SQL', async () => {
    const t = await taskToMove();
    const res = await post(alice, '/api/v1/time-entries', {
      projectId: t.to,
      taskId: t.taskId,
      startTime: '2026-03-05T08:00:00Z',
      endTime: '2026-03-05T09:00:00Z',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await expect(
      sql(
        `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds)
         VALUES ($1, $2, $3, now() - interval '1 hour', now(), 3600)`,
        [alice.user.id, t.to, t.taskId],
      ),
    ).rejects.toMatchObject({ code: '23503', constraint: 'fk_time_entries_task_project' });
    expect(await mismatched()).toBe(0);
  });

  it('a task with time cannot move, even by SQL; an entry without a task is not checked', async () => {
    const t = await taskToMove();
    await sql(
      `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds)
       VALUES ($1, $2, $3, now() - interval '1 hour', now(), 3600), ($1, $4, NULL, now(), NULL, NULL)`,
      [alice.user.id, t.from, t.taskId, t.to],
    );
    await expect(
      sql(`UPDATE tasks SET project_id = $2 WHERE id = $1`, [t.taskId, t.to]),
    ).rejects.toMatchObject({
      code: '23503',
    });
    await sql(`UPDATE time_entries SET end_time = now() WHERE end_time IS NULL AND user_id = $1`, [
      alice.user.id,
    ]);
  });

  it('deleting a task keeps its entries, without the task', async () => {
    const t = await taskToMove();
    const entry = await post(alice, '/api/v1/time-entries', {
      projectId: t.from,
      taskId: t.taskId,
      startTime: '2026-03-06T08:00:00Z',
      endTime: '2026-03-06T09:00:00Z',
    }).expect(201);
    await sql(`DELETE FROM tasks WHERE id = $1`, [t.taskId]);
    const [kept] = await sql(`SELECT project_id, task_id FROM time_entries WHERE id = $1`, [entry.body.id]);
    expect(kept).toEqual({ project_id: t.from, task_id: null });
    // And deleting a project with tasks and entries still cascades to both.
    await sql(`DELETE FROM projects WHERE id = $1`, [t.from]);
  });
});
