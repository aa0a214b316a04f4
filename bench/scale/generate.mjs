// The scale benchmark's data (issue #19): a company's history, generated in SQL (INSERT … SELECT
// over generate_series), deterministic for a seed. Every pseudo-random choice is a hash of the
// seed and the thing it is about (user, day, entry number), so the same seed and the same largest
// scale give the same rows, whichever steps they are generated in.
//
// Shape: 10,000 users, of whom 10 are far heavier (30–50 entries a working day, the whole
// history) and 190 heavier (9–16), the rest 3–8 entries on about 85 % of their working days
// (Monday to Friday) and each employed for a stretch of the history (about a tenth of it), so
// that about a thousand work at any one time; 200 teams (one lead each, role manager), 200
// clients, 2,000 projects (10 per team; every tenth private, open to its team through
// project_teams and to five direct members), 5 tasks each; each user tracks on two public
// projects of their team and the team's private one. Entries are sequential within a working
// day from about 08:00 local time, with a lunch break inside one entry on a third of the days;
// tags (0–2 of 40) on 60 % of entries; durations rounded by the project's or client's rule where
// they have one; dated billable rates (client rates rising yearly, project, user and member
// rates) and cost rates for every user; and, for a third of the clients, one invoice a month per
// billable project, older than last month, linked from its entries (time_entries.invoice_item_id).
//
// The history ends yesterday (settings.timezone) and grows backwards: step k adds the older days
// that take the table to the step's size, so "this month" and "this year" keep their size from
// step to step while "all time" grows, as a company's history does.
import core from '@timetracker/core';

const { hashPassword } = core;

/** The seeded hash of up to three integers (SQL expressions): a non-negative int4. */
const hashOf =
  (seed) =>
  (a, b = '0', c = '0') =>
    `(hashint8((${a})::bigint * 1000003 + (${b})::bigint * 8191 + (${c})::bigint * 131071 + ${seed * 2_147_483_647}) & 2147483647)`;

export const USERS = 10_000;
export const TEAMS = 200;
export const CLIENTS = 200;
export const PROJECTS = 2_000;
export const TASKS_PER_PROJECT = 5;
export const TAGS = 40;
export const HEAVY_USERS = 10;
const HEAVIER_USERS = 200; // users 11–200: the 190 heavier ones
// Entries per tracked working day by class (0 heavy, 1 heavier, 2 the rest): mean and span.
const DENSITY = { 0: [30, 21], 1: [9, 8], 2: [3, 6] };
const TRACKED_PERCENT = { 0: 95, 1: 85, 2: 85 };

/**
 * Users, teams, clients, projects, tasks, tags and rates, and the plan of the history: which days
 * each step adds. `maxEntries` (the largest step) decides how long the history is. Uses temporary
 * tables on `db`, so later steps must run on the same connection.
 */
export async function createScaleBase(db, { seed, maxEntries, steps }) {
  const H = hashOf(seed);
  const q = (sql, params) => db.query(sql, params);
  const {
    rows: [s],
  } = await q(
    `SELECT timezone, ((now() AT TIME ZONE timezone)::date - 1)::text AS last_day,
            (now() AT TIME ZONE timezone)::date::text AS today FROM settings WHERE id = 1`,
  );
  const tz = s.timezone;
  const adminId = (await q(`SELECT id FROM users WHERE username = 'admin'`)).rows[0].id;
  const passwordHash = await hashPassword('scale-password-123');

  // Users as fractions of the history (its length in days follows from the entries wanted).
  await q(`
    CREATE TEMP TABLE scale_users AS
    SELECT i, CASE WHEN i <= ${HEAVY_USERS} THEN 0 WHEN i <= ${HEAVIER_USERS} THEN 1 ELSE 2 END AS cls,
           CASE WHEN i <= ${HEAVY_USERS} THEN 0 ELSE -0.02 + 0.99 * (${H('i', 1)} % 1000000) / 1e6 END AS hire_frac,
           0.03 + 0.14 * (${H('i', 2)} % 1000000) / 1e6 AS tenure_frac,
           1 + ${H('i', 3)} % ${TEAMS} AS team
      FROM generate_series(1, ${USERS}) i`);
  await q(`
    ALTER TABLE scale_users ADD COLUMN leave_frac float8, ADD COLUMN pa int, ADD COLUMN pb int, ADD COLUMN pc int,
                            ADD COLUMN id int, ADD COLUMN hire_date date, ADD COLUMN leave_date date`);
  await q(`
    UPDATE scale_users SET leave_frac = CASE WHEN cls = 0 THEN 2 ELSE hire_frac + tenure_frac END,
           pa = (team - 1) * 10 + 1 + ${H('i', 4)} % 9, pb = (team - 1) * 10 + 1 + ${H('i', 5)} % 9, pc = team * 10`);
  const densitySql = `CASE cls ${Object.entries(DENSITY)
    .map(([c, [lo, span]]) => `WHEN ${c} THEN ${lo + (span - 1) / 2}`)
    .join(' ')} END * CASE cls ${Object.entries(TRACKED_PERCENT)
    .map(([c, p]) => `WHEN ${c} THEN ${p / 100}`)
    .join(' ')} END`;
  const {
    rows: [k],
  } = await q(`SELECT sum((least(leave_frac, 1) - greatest(hire_frac, 0)) * ${densitySql}) * 5 / 7 AS per_day
                 FROM scale_users`);
  // 4 % more days than the mean needs, so that the largest step is reached before the history's start.
  const days = Math.ceil((maxEntries * 1.04) / Number(k.per_day));
  const {
    rows: [frame],
  } = await q(`SELECT ($1::date - $2::int + 1)::text AS first_day`, [s.last_day, days]);
  await q(
    `UPDATE scale_users SET hire_date = $1::date + floor(greatest(hire_frac, 0) * $2)::int,
            leave_date = CASE WHEN leave_frac < 1 THEN $1::date + floor(leave_frac * $2)::int END`,
    [frame.first_day, days],
  );
  await q(
    `INSERT INTO users (username, role, password_hash, is_active, created_at, updated_at, last_activity_at)
     SELECT 'scale' || lpad(i::text, 5, '0'), 'user', $1, leave_date IS NULL,
            (hire_date::timestamp AT TIME ZONE $2), (hire_date::timestamp AT TIME ZONE $2),
            (coalesce(leave_date, $3::date)::timestamp AT TIME ZONE $2)
       FROM scale_users ORDER BY i`,
    [passwordHash, tz, s.last_day],
  );
  await q(
    `UPDATE scale_users su SET id = u.id FROM users u WHERE u.username = 'scale' || lpad(su.i::text, 5, '0')`,
  );
  await q(`CREATE UNIQUE INDEX ON scale_users (id)`);

  // Teams, their leads (the lowest-numbered member; role manager), clients and projects.
  await q(
    `INSERT INTO teams (name) SELECT 'Scale team ' || lpad(t::text, 3, '0') FROM generate_series(1, ${TEAMS}) t`,
  );
  await q(`
    INSERT INTO team_members (team_id, user_id, is_lead)
    SELECT tm.id, su.id, su.i = min(su.i) OVER (PARTITION BY su.team)
      FROM scale_users su JOIN teams tm ON tm.name = 'Scale team ' || lpad(su.team::text, 3, '0')`);
  await q(`UPDATE users SET role = 'manager' WHERE id IN (SELECT user_id FROM team_members WHERE is_lead)`);
  await q(`
    INSERT INTO clients (name, status, rounding_minutes, rounding_mode, email)
    SELECT 'Scale client ' || lpad(c::text, 3, '0'), 'active',
           CASE WHEN c % 10 = 0 THEN 15 END, CASE WHEN c % 10 = 0 THEN 'up' END,
           'billing' || c || '@client.example'
      FROM generate_series(1, ${CLIENTS}) c`);
  await q(`
    CREATE TEMP TABLE scale_projects AS
    SELECT j, 1 + (j * 37) % ${CLIENTS} AS c, (j - 1) / 10 + 1 AS team, j % 10 = 0 AS private, j % 7 <> 0 AS billable,
           CASE WHEN j % 25 = 0 THEN 6 END AS rmin, CASE WHEN j % 25 = 0 THEN 'nearest' END AS rmode
      FROM generate_series(1, ${PROJECTS}) j`);
  await q(
    `
    INSERT INTO projects (name, client_id, billable, status, visibility, rounding_minutes, rounding_mode, created_at)
    SELECT 'Scale project ' || lpad(sp.j::text, 4, '0'), cl.id, sp.billable, 'active',
           CASE WHEN sp.private THEN 'private' ELSE 'public' END, sp.rmin, sp.rmode, $1::date
      FROM scale_projects sp JOIN clients cl ON cl.name = 'Scale client ' || lpad(sp.c::text, 3, '0')
     ORDER BY sp.j`,
    [frame.first_day],
  );
  // The project's id, client, effective rounding rule and whether its months are invoiced.
  await q(`
    ALTER TABLE scale_projects ADD COLUMN id int, ADD COLUMN client_id int, ADD COLUMN client_name text,
                               ADD COLUMN step int, ADD COLUMN mode text, ADD COLUMN invoiced boolean`);
  await q(`
    UPDATE scale_projects sp SET id = p.id, client_id = cl.id, client_name = cl.name,
           step = coalesce(sp.rmin, cl.rounding_minutes, 1) * 60, mode = coalesce(sp.rmode, cl.rounding_mode, 'nearest'),
           invoiced = sp.billable AND sp.c % 3 = 0 AND sp.c % 20 <> 0
      FROM projects p JOIN clients cl ON cl.id = p.client_id
     WHERE p.name = 'Scale project ' || lpad(sp.j::text, 4, '0')`);
  await q(`CREATE UNIQUE INDEX ON scale_projects (j)`);
  // The global rule (settings) for projects and clients without their own.
  await q(`
    UPDATE scale_projects sp SET step = s.rounding_minutes * 60, mode = s.rounding_mode
      FROM settings s, projects p JOIN clients cl ON cl.id = p.client_id
     WHERE s.id = 1 AND p.id = sp.id AND p.rounding_minutes IS NULL AND cl.rounding_minutes IS NULL`);
  await q(`
    INSERT INTO project_teams (project_id, team_id)
    SELECT sp.id, tm.id FROM scale_projects sp JOIN teams tm ON tm.name = 'Scale team ' || lpad(sp.team::text, 3, '0')
     WHERE sp.private`);
  await q(`
    INSERT INTO project_members (project_id, user_id)
    SELECT DISTINCT sp.id, su.id FROM scale_projects sp CROSS JOIN generate_series(1, 5) m
      JOIN scale_users su ON su.i = 1 + ${H('sp.j', 40, 'm')} % ${USERS}
     WHERE sp.private`);
  await q(
    `INSERT INTO tasks (project_id, name, status, created_by, created_at)
     SELECT sp.id, t.name, 'in_progress', $1, $2::date
       FROM scale_projects sp CROSS JOIN unnest(ARRAY['Design', 'Build', 'Review', 'Support', 'Meetings']) WITH ORDINALITY t(name, k)
      ORDER BY sp.j, t.k`,
    [adminId, frame.first_day],
  );
  await q(`
    CREATE TEMP TABLE scale_tasks AS
    SELECT sp.j, (row_number() OVER (PARTITION BY sp.j ORDER BY t.id) - 1)::int AS k, t.id
      FROM scale_projects sp JOIN tasks t ON t.project_id = sp.id`);
  await q(`CREATE UNIQUE INDEX ON scale_tasks (j, k)`);
  await q(`
    INSERT INTO tags (name, colour)
    SELECT 'scale-tag-' || lpad(n::text, 2, '0'), '#' || lpad(to_hex(${H('n', 50)} % 16777216), 6, '0')
      FROM generate_series(0, ${TAGS - 1}) n`);
  await q(
    `CREATE TEMP TABLE scale_tags AS SELECT substring(name FROM 11)::int AS n, id FROM tags WHERE name LIKE 'scale-tag-%'`,
  );

  // Dated rates: clients (every twentieth without one; most rise 4 % each new year), projects (a
  // third; half of those change mid-history), users (every fiftieth, from their hire), project
  // members (every hundredth, on their first project), and a cost rate for every user.
  const firstYear = Number(frame.first_day.slice(0, 4));
  await q(
    `INSERT INTO rates (kind, client_id, effective_from, amount)
     SELECT 'billable', cl.id, CASE WHEN y = 0 THEN DATE '2000-01-01' ELSE make_date($1 + y, 1, 1) END,
            round((60 + ${H('c', 20)} % 90) * (1 + 0.04 * y), 2)
       FROM generate_series(1, ${CLIENTS}) c
       JOIN clients cl ON cl.name = 'Scale client ' || lpad(c::text, 3, '0')
      CROSS JOIN generate_series(0, extract(year FROM $2::date)::int - $1) y
      WHERE c % 20 <> 0 AND (y = 0 OR c % 4 <> 3)`,
    [firstYear, s.last_day],
  );
  await q(
    `INSERT INTO rates (kind, project_id, effective_from, amount)
     SELECT 'billable', sp.id, x.since, x.amount FROM scale_projects sp
      CROSS JOIN LATERAL (VALUES (DATE '2000-01-01', 80 + ${H('sp.j', 21)} % 60, true),
                                 ($1::date + $2::int / 2, 90 + ${H('sp.j', 21)} % 60, sp.j % 6 = 0)) x(since, amount, wanted)
      WHERE sp.j % 3 = 0 AND x.wanted`,
    [frame.first_day, days],
  );
  await q(`
    INSERT INTO rates (kind, user_id, effective_from, amount)
    SELECT 'billable', id, hire_date, 95 + ${H('i', 22)} % 30 FROM scale_users WHERE i % 50 = 0`);
  await q(`
    INSERT INTO rates (kind, project_id, user_id, effective_from, amount)
    SELECT 'billable', sp.id, su.id, su.hire_date, 120 FROM scale_users su JOIN scale_projects sp ON sp.j = su.pa
     WHERE su.i % 100 = 1`);
  await q(
    `INSERT INTO rates (kind, user_id, effective_from, amount)
     SELECT 'cost', su.id, x.since, x.amount FROM scale_users su
      CROSS JOIN LATERAL (VALUES (DATE '2000-01-01', 25 + ${H('su.i', 23)} % 40, true),
                                 ($1::date + $2::int / 2, 30 + ${H('su.i', 23)} % 40, su.i % 2 = 0)) x(since, amount, wanted)
      WHERE x.wanted`,
    [frame.first_day, days],
  );

  // The tracked working days of every user with their number of entries, and per day the total.
  await q(
    `CREATE TEMP TABLE scale_days AS
     SELECT su.id AS user_id, su.i, su.cls, su.pa, su.pb, su.pc, d::date AS day, x.dn,
            CASE su.cls ${Object.entries(DENSITY)
              .map(([c, [lo, span]]) => `WHEN ${c} THEN ${lo} + ${H('su.i', 'x.dn', 6)} % ${span}`)
              .join(' ')} END AS n
       FROM scale_users su
      CROSS JOIN LATERAL generate_series(greatest(su.hire_date, $1::date),
                                         least(coalesce(su.leave_date - 1, $2::date), $2::date), interval '1 day') d
      CROSS JOIN LATERAL (SELECT d::date - DATE '2000-01-01' AS dn) x
      WHERE extract(isodow FROM d) < 6
        AND ${H('su.i', 'x.dn', 7)} % 100 < CASE su.cls ${Object.entries(TRACKED_PERCENT)
          .map(([c, p]) => `WHEN ${c} THEN ${p}`)
          .join(' ')} END`,
    [frame.first_day, s.last_day],
  );
  await q(`CREATE INDEX ON scale_days (day)`);
  await q(`ANALYZE scale_days`);
  const perDay = (
    await q(`SELECT day::text, sum(n)::int AS n FROM scale_days GROUP BY day ORDER BY day DESC`)
  ).rows;
  await q(
    `CREATE TEMP TABLE scale_invoice_map (project_id int, month date, item_id int, PRIMARY KEY (project_id, month))`,
  );

  // Each step's days: from the newest backwards until the step's size is reached (whole days).
  const plan = [];
  let i = 0;
  let total = 0;
  for (const target of steps) {
    const start = i;
    while (i < perDay.length && total < target) total += perDay[i++].n;
    plan.push({
      target,
      from: i > start ? perDay[i - 1].day : undefined,
      to: perDay[start]?.day,
      expected: total,
    });
  }
  return { H, tz, adminId, firstDay: frame.first_day, lastDay: s.last_day, today: s.today, days, plan, db };
}

/** Adds the days of `step` (one of base.plan): invoices, entries, tags, invoice totals. */
export async function generateStep(base, step) {
  const q = (sql, params) => base.db.query(sql, params);
  if (!step.from) return 0;
  // The rows are valid by construction (foreign keys included) and need none of the triggers on
  // time_entries: no entry runs, none lasts over a day, no budget exists. Replica mode skips
  // them (foreign-key checks are triggers too), which roughly halves the time of a step.
  await q(`SET session_replication_role = replica`);
  try {
    return await insertStep(base, step);
  } finally {
    await q(`SET session_replication_role = DEFAULT`);
  }
}

async function insertStep(base, step) {
  const { H, tz, adminId, db } = base;
  const q = (sql, params) => db.query(sql, params);
  // Invoices: one per invoiced project and month, for months that end before last month began.
  await q(
    `WITH months AS (
       SELECT m::date AS month FROM generate_series(date_trunc('month', $1::date), $2::date, interval '1 month') m
        WHERE m < date_trunc('month', $3::date) - interval '1 month'),
     todo AS (
       SELECT sp.id AS project_id, sp.client_name, mo.month FROM scale_projects sp CROSS JOIN months mo
        WHERE sp.invoiced AND NOT EXISTS (SELECT 1 FROM scale_invoice_map x WHERE x.project_id = sp.id AND x.month = mo.month)),
     inv AS (
       INSERT INTO invoices (invoice_number, project_id, client_name, issue_date, due_date, status, created_by, created_at)
       SELECT 'SCALE-' || project_id || '-' || to_char(month, 'YYYYMM'), project_id, client_name,
              (month + interval '1 month 2 days')::date, (month + interval '1 month 32 days')::date,
              CASE WHEN month < $3::date - 120 THEN 'paid' ELSE 'sent' END, $4,
              (month + interval '1 month 2 days')::timestamp AT TIME ZONE $5
         FROM todo RETURNING id, project_id, issue_date),
     item AS (
       INSERT INTO invoice_items (invoice_id, description, quantity, unit_price, total_amount)
       SELECT id, 'Services', 0, 0, 0 FROM inv RETURNING id, invoice_id)
     INSERT INTO scale_invoice_map (project_id, month, item_id)
     SELECT inv.project_id, date_trunc('month', inv.issue_date - interval '1 month')::date, item.id
       FROM inv JOIN item ON item.invoice_id = inv.id`,
    [step.from, step.to, base.today, adminId, tz],
  );
  // Days in chunks of about 200,000 entries: each statement's transition tables (the budgets
  // trigger) stay small.
  const days = (
    await q(
      `SELECT day::text, sum(n)::int AS n FROM scale_days WHERE day BETWEEN $1 AND $2 GROUP BY day ORDER BY day`,
      [step.from, step.to],
    )
  ).rows;
  const e = `(sd.dn::bigint * 64 + g.en)`; // one number per user-day entry, with sd.i
  let inserted = 0;
  for (let i = 0; i < days.length;) {
    let n = 0;
    const first = days[i].day;
    let last = first;
    while (i < days.length && n < 200_000) {
      n += days[i].n;
      last = days[i++].day;
    }
    const chunkStart = Number((await q(`SELECT coalesce(max(id), 0) AS id FROM time_entries`)).rows[0].id);
    const r = await q(
      `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds, notes, source,
                                 billable, break_seconds, invoice_item_id, created_at, updated_at)
       SELECT sd.user_id, sp.id, st.id, t.s, t.e, t.dur, t.notes, t.source, t.billable, t.brk, im.item_id, t.created, t.created
         FROM scale_days sd
        CROSS JOIN LATERAL generate_series(0, sd.n - 1) AS g(en)
        CROSS JOIN LATERAL (
          SELECT (27000 + ${H('sd.i', 'sd.dn', 8)} % 3600) / sd.n AS slot,
                 sd.cls = 2 AND ${H('sd.i', 'sd.dn', 10)} % 3 = 0 AS lunch,
                 1800 + ${H('sd.i', 'sd.dn', 11)} % 1800 AS lunch_seconds,
                 (sd.day + time '07:30' + make_interval(secs => ${H('sd.i', 'sd.dn', 9)} % 5400)) AT TIME ZONE $3 AS day_start,
                 CASE WHEN ${H('sd.i', e, 13)} % 10 < 5 THEN sd.pa WHEN ${H('sd.i', e, 13)} % 10 < 8 THEN sd.pb ELSE sd.pc END AS j
        ) d
        JOIN scale_projects sp ON sp.j = d.j
        CROSS JOIN LATERAL (
          SELECT d.slot - 30 - ${H('sd.i', e, 12)} % greatest(1, d.slot / 8) AS len,
                 CASE WHEN d.lunch AND g.en = sd.n / 2 THEN d.lunch_seconds ELSE 0 END AS brk,
                 d.day_start + make_interval(secs => g.en * d.slot + CASE WHEN d.lunch AND g.en > sd.n / 2 THEN d.lunch_seconds ELSE 0 END) AS s
        ) w
        CROSS JOIN LATERAL (
          SELECT w.s, w.s + make_interval(secs => w.len + w.brk) AS e, w.brk,
                 CASE WHEN sp.step <= 60 THEN w.len
                      WHEN sp.mode = 'up' THEN ceil(w.len::numeric / sp.step)::int * sp.step
                      WHEN sp.mode = 'down' THEN floor(w.len::numeric / sp.step)::int * sp.step
                      ELSE floor(w.len::numeric / sp.step + 0.5)::int * sp.step END AS dur,
                 CASE WHEN ${H('sd.i', e, 14)} % 5 = 0 THEN NULL ELSE 'Ticket ' || (10000 + ${H('sd.i', e, 15)} % 90000) END AS notes,
                 CASE WHEN ${H('sd.i', e, 16)} % 10 < 7 THEN 'auto' ELSE 'manual' END AS source,
                 sp.billable AND ${H('sd.i', e, 17)} % 10 <> 0 AS billable,
                 least(now(), w.s + make_interval(secs => w.len + w.brk + CASE WHEN ${H('sd.i', e, 16)} % 10 < 7 THEN 0 ELSE ${H('sd.i', e, 18)} % 86400 END)) AS created
        ) t
        LEFT JOIN scale_tasks st ON st.j = sp.j AND st.k = ${H('sd.i', e, 19)} % 5 AND ${H('sd.i', e, 19)} % 10 < 8
        LEFT JOIN scale_invoice_map im ON t.billable AND im.project_id = sp.id AND im.month = date_trunc('month', sd.day)::date
        WHERE sd.day BETWEEN $1 AND $2
        ORDER BY sd.day, sd.i, g.en`,
      [first, last, tz],
    );
    inserted += r.rowCount;
    // Tags: none on 40 % of the entries, one on 40 %, two on 20 %.
    await q(
      `INSERT INTO time_entry_tags (time_entry_id, tag_id, position)
       SELECT te.id, tg.id, x.pos FROM time_entries te
        CROSS JOIN LATERAL (VALUES (0, ${H('te.id', 30)} % ${TAGS}), (1, ${H('te.id', 31)} % ${TAGS})) x(pos, n)
        JOIN scale_tags tg ON tg.n = x.n
        WHERE te.id > $1
          AND ((x.pos = 0 AND ${H('te.id', 32)} % 10 >= 4)
            OR (x.pos = 1 AND ${H('te.id', 32)} % 10 >= 8 AND ${H('te.id', 31)} % ${TAGS} <> ${H('te.id', 30)} % ${TAGS}))`,
      [chunkStart],
    );
  }
  // The invoices' lines and totals from their entries: hours at the rate in force when the month
  // began (the project's, else the client's).
  await q(
    `UPDATE invoice_items ii SET quantity = round(x.seconds / 3600.0, 9), unit_price = x.rate,
            total_amount = round(x.seconds * x.rate / 3600, 2),
            description = 'Services ' || to_char(x.month, 'YYYY-MM') || ' (' || round(x.seconds / 3600.0, 2) || ' h)'
       FROM (SELECT m.item_id, m.month, coalesce(sum(te.duration_seconds), 0) AS seconds,
                    coalesce((SELECT r.amount FROM rates r WHERE r.kind = 'billable' AND r.project_id = m.project_id
                                 AND r.user_id IS NULL AND r.effective_from <= m.month ORDER BY r.effective_from DESC LIMIT 1),
                             (SELECT r.amount FROM rates r JOIN projects p ON p.client_id = r.client_id
                               WHERE r.kind = 'billable' AND p.id = m.project_id AND r.effective_from <= m.month
                               ORDER BY r.effective_from DESC LIMIT 1), 0) AS rate
               FROM scale_invoice_map m LEFT JOIN time_entries te ON te.invoice_item_id = m.item_id
              WHERE m.month BETWEEN date_trunc('month', $1::date) AND $2::date
              GROUP BY m.item_id, m.month, m.project_id) x
      WHERE ii.id = x.item_id`,
    [step.from, step.to],
  );
  await q(
    `UPDATE invoices i SET subtotal = ii.total_amount, total_amount = ii.total_amount
       FROM invoice_items ii JOIN scale_invoice_map m ON m.item_id = ii.id
      WHERE ii.invoice_id = i.id AND m.month BETWEEN date_trunc('month', $1::date) AND $2::date`,
    [step.from, step.to],
  );
  return inserted;
}
