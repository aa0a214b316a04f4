import { hashPassword } from '@timetracker/core';
import type { Client } from 'pg';

export interface DemoOptions {
  /** Users demo1 … demoN (role user), all with `password`. */
  users: number;
  /** Finished time entries, spread evenly over the last `days` days before `now`. */
  entries: number;
  days?: number;
  password?: string;
  now?: Date;
}

export interface DemoResult {
  users: number;
  clients: number;
  projects: number;
  tasks: number;
  entries: number;
}

export const DEMO_PASSWORD = 'demo-password-123';
const CLIENTS = 5;
const PROJECTS_PER_CLIENT = 4;
const TASKS_PER_PROJECT = 3;

/**
 * Demo data for trying the product and for the benchmarks: users, clients with rates (one
 * without), projects (a third with their own rate, every tenth not billable), tasks, and
 * finished entries with mixed durations, tags and billable flags. Set-based SQL, so a million
 * entries take seconds. Users, clients and projects are reused when they exist (by name);
 * entries are always added.
 */
export async function seedDemoData(client: Client, options: DemoOptions): Promise<DemoResult> {
  const now = options.now ?? new Date();
  const days = options.days ?? 365;
  const hash = await hashPassword(options.password ?? DEMO_PASSWORD);
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO users (username, role, password_hash, is_active)
       SELECT 'demo' || g, 'user', $2, true FROM generate_series(1, $1::int) g
       ON CONFLICT (username) DO NOTHING`,
      [options.users, hash],
    );
    await client.query(
      `INSERT INTO clients (name, status)
       SELECT 'Demo Client ' || g, 'active' FROM generate_series(1, $1::int) g
       ON CONFLICT (name) DO NOTHING`,
      [CLIENTS],
    );
    // Rates since the earliest day an entry may have (rates table, issue #18 §2).
    await client.query(
      `INSERT INTO rates (kind, client_id, effective_from, amount)
       SELECT 'billable', c.id, DATE '1970-01-01', 50 + g * 10.25
         FROM generate_series(1, $1::int - 1) g JOIN clients c ON c.name = 'Demo Client ' || g
        WHERE NOT EXISTS (SELECT 1 FROM rates r WHERE r.client_id = c.id)`,
      [CLIENTS],
    );
    await client.query(
      `INSERT INTO projects (name, client_id, billable, status)
       SELECT 'Demo Project ' || g, c.id, g % 10 <> 0, 'active'
         FROM generate_series(1, $1::int) g
         JOIN clients c ON c.name = 'Demo Client ' || (1 + (g - 1) % $2)
        WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.name = 'Demo Project ' || g)`,
      [CLIENTS * PROJECTS_PER_CLIENT, CLIENTS],
    );
    await client.query(
      `INSERT INTO rates (kind, project_id, effective_from, amount)
       SELECT 'billable', p.id, DATE '1970-01-01', 70 + g
         FROM generate_series(3, $1::int, 3) g JOIN projects p ON p.name = 'Demo Project ' || g
        WHERE NOT EXISTS (SELECT 1 FROM rates r WHERE r.project_id = p.id)`,
      [CLIENTS * PROJECTS_PER_CLIENT],
    );
    await client.query(
      `INSERT INTO tasks (project_id, name, status, created_by)
       SELECT p.id, t.name, 'in_progress', (SELECT min(id) FROM users WHERE role = 'admin')
         FROM projects p
        CROSS JOIN unnest($1::text[]) AS t(name)
        WHERE p.name LIKE 'Demo Project %'
          AND NOT EXISTS (SELECT 1 FROM tasks x WHERE x.project_id = p.id AND x.name = t.name)`,
      [['Design', 'Build', 'Review'].slice(0, TASKS_PER_PROJECT)],
    );
    // Entry g: user g mod N, a project picked by g, and the task of that project picked by g;
    // starts evenly spaced over the period, durations of 10 to 90 minutes, ending before now.
    const inserted = await client.query(
      `WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE username ~ '^demo[0-9]+$'),
            p AS (SELECT array_agg(id ORDER BY id) AS ids FROM projects WHERE name LIKE 'Demo Project %'),
            period AS (SELECT $2::timestamptz - make_interval(days => $3) AS start,
                              ($3 * 86400.0 - 6000) / $1 AS step)
       INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds,
                                 notes, source, billable)
       SELECT u.ids[1 + g % cardinality(u.ids)], pid,
              (SELECT t.id FROM tasks t WHERE t.project_id = pid ORDER BY t.id OFFSET g % $4 LIMIT 1),
              s, s + make_interval(secs => d), d,
              'Demo entry ' || g, 'manual', g % 5 <> 0
         FROM generate_series(1, $1::int) g, u, p, period,
              LATERAL (SELECT p.ids[1 + (g * 7) % cardinality(p.ids)] AS pid,
                              period.start + make_interval(secs => g * period.step) AS s,
                              600 + g % 17 * 300 AS d) x`,
      [options.entries, now, days, TASKS_PER_PROJECT],
    );
    // Tags by entry number as before: every third entry dev and review, the next one meeting.
    await client.query(
      `INSERT INTO tags (name, colour) VALUES ('dev', '#228be6'), ('review', '#fab005'), ('meeting', '#40c057')
       ON CONFLICT ((lower(name))) DO NOTHING`,
    );
    await client.query(
      `INSERT INTO time_entry_tags (time_entry_id, tag_id, position)
       SELECT te.id, t.id, x.position
         FROM time_entries te
         CROSS JOIN LATERAL (SELECT substring(te.notes FROM '^Demo entry ([0-9]+)$')::int AS g) n
         JOIN (VALUES (0, 'dev', 0), (0, 'review', 1), (1, 'meeting', 0)) x(rest, name, position)
           ON x.rest = n.g % 3
         JOIN tags t ON lower(t.name) = x.name
        WHERE te.notes LIKE 'Demo entry %'
       ON CONFLICT DO NOTHING`,
    );
    await client.query('COMMIT');
    const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    return {
      users: await count(`SELECT count(*) AS n FROM users WHERE username ~ '^demo[0-9]+$'`),
      clients: await count(`SELECT count(*) AS n FROM clients WHERE name LIKE 'Demo Client %'`),
      projects: await count(`SELECT count(*) AS n FROM projects WHERE name LIKE 'Demo Project %'`),
      tasks: await count(
        `SELECT count(*) AS n FROM tasks t JOIN projects p ON p.id = t.project_id WHERE p.name LIKE 'Demo Project %'`,
      ),
      entries: inserted.rowCount ?? 0,
    };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}
