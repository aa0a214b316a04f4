// The baseline for bench/api: node:http + pg sending the API's own statements for the two
// measured operations, in the same order, with no framework: the bearer-token lookup, the
// activity stamp of a write, a user's newest entries with their total, and a timer start or stop
// in a transaction under the per-user advisory lock (taken in BEGIN's round trip) whose write
// reads the entry back in the same statement. A start also reads the user's finished entries
// that end after it (the overlap policy, in the timer-state statement as the API reads them);
// the stop's state read skips that part, as the API's does. The state read also carries the
// approval and lockdown check (settings.locked_before and the user's locked weeks); the project
// check carries the visibility rule (public, or a member directly or through a team); each write
// records its audit event in the same statement. The SQL is copied from packages/core
// (time-entries-list.repository.ts, time-entries.repository.ts, time/locks.repository.ts,
// audit/audit-log.repository.ts, api-tokens.repository.ts, users.repository.ts);
// apps/api/test/timer-statements.e2e.test.ts prints what the API sends. Keep them in step.
// Usage: node bare-server.mjs <url> <port>
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

const [url, port] = process.argv.slice(2);
// The API's connections run without JIT (packages/db createPrismaClient); so do these.
const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off' });

const iso = (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const entryRowsOf = (source) => `
  SELECT te.id, te.user_id AS "userId", (SELECT u.username FROM users u WHERE u.id = te.user_id) AS username,
         te.project_id AS "projectId", p.name AS "projectName", p.client_id AS "clientId",
         (SELECT c.name FROM clients c WHERE c.id = p.client_id) AS "clientName",
         te.task_id AS "taskId", (SELECT t.name FROM tasks t WHERE t.id = te.task_id) AS "taskName",
         ${iso('te.start_time')} AS "startTime", ${iso('te.end_time')} AS "endTime",
         te.duration_seconds AS "durationSeconds", te.notes,
         ARRAY(SELECT tg.name FROM time_entry_tags l JOIN tags tg ON tg.id = l.tag_id
                WHERE l.time_entry_id = te.id ORDER BY l.position, tg.id) AS tags, te.source, te.billable,
         te.invoice_item_id AS "invoiceItemId", inv.status AS "invoiceStatus", inv.invoice_number AS "invoiceNumber",
         ${iso('te.created_at')} AS "createdAt", ${iso('te.updated_at')} AS "updatedAt",
         te.stopped_reason AS "stoppedReason", ${iso('te.auto_stopped_at')} AS "autoStoppedAt",
         te.break_seconds AS "breakSeconds", ${iso('te.paused_at')} AS "pausedAt"
    FROM ${source} te
    LEFT JOIN projects p ON p.id = te.project_id
    LEFT JOIN LATERAL (
      SELECT i.status, i.invoice_number FROM invoice_items ii JOIN invoices i ON i.id = ii.invoice_id
       WHERE ii.id = te.invoice_item_id) inv ON TRUE`;

/** An entry as the audit log keeps it (audit-log.repository.ts), from `te`. */
const auditSnapshot = `jsonb_build_object(
  'userId', te.user_id, 'projectId', te.project_id,
  'projectName', (SELECT p.name FROM projects p WHERE p.id = te.project_id),
  'taskId', te.task_id, 'taskName', (SELECT t.name FROM tasks t WHERE t.id = te.task_id),
  'startTime', ${iso('te.start_time')}, 'endTime', ${iso('te.end_time')},
  'durationSeconds', te.duration_seconds, 'breakSeconds', te.break_seconds,
  'pausedAt', ${iso('te.paused_at')}, 'notes', te.notes,
  'tags', to_jsonb(ARRAY(SELECT t.name FROM time_entry_tags l JOIN tags t ON t.id = l.tag_id
                          WHERE l.time_entry_id = te.id ORDER BY l.position, t.id)),
  'billable', te.billable, 'source', te.source, 'stoppedReason', te.stopped_reason)`;

/** A write of one entry with its audit event, reading the entry back: one statement. */
const auditedWrite = (before, write, actorParam, action) => `
  WITH before AS (${before}),
  written AS (${write}),
  audited AS (
    INSERT INTO audit_events (actor_id, actor_username, via, entity, entity_id, action, before, after)
    SELECT $${actorParam}::int, $${actorParam + 1}::varchar, 'token'::varchar, 'time_entry'::varchar, r."entityId",
           '${action}'::varchar, r.before, r.after
      FROM (SELECT te.id AS "entityId", b.snap AS before, ${auditSnapshot} AS after
              FROM written te LEFT JOIN before b ON b.id = te.id) r)
  ${entryRowsOf('written')}`;

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function authenticate(req) {
  const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return null;
  const hash = createHash('sha256').update(token).digest('hex');
  const now = new Date();
  const { rows } = await pool.query(
    `SELECT t.id, t.last_used_at AS "lastUsedAt", u.id AS "userId", u.username, u.role, u.timezone,
            u.week_start AS "weekStart"
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL
        AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.is_active`,
    [hash, now],
  );
  const row = rows[0];
  if (row && (!row.lastUsedAt || now - row.lastUsedAt > 60_000))
    await pool.query(`UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, [now, row.id]);
  return row ?? null;
}

// The API's list statements for a user's newest page (entryListStatements in
// time-entries-list.repository.ts): the page's ids from the user's start-time index, then their
// rows; the total counted apart, in parallel, up to EXACT_TOTAL_LIMIT + 1.
const PAGE_SIZE = 50;
const EXACT_TOTAL_LIMIT = 100_000;
async function list(userId) {
  const [items, total] = await Promise.all([
    pool.query(
      `WITH page AS MATERIALIZED (
         SELECT te.id, te.start_time AS c, to_char(te.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS k
           FROM time_entries te WHERE TRUE AND te.user_id = $1
          ORDER BY te.start_time DESC, te.id DESC LIMIT $2)
       SELECT r.*, page.k AS "sortKey"
         FROM page JOIN (${entryRowsOf(`(SELECT te.* FROM time_entries te WHERE te.id IN (SELECT id FROM page))`)}) r
           ON r.id = page.id
        ORDER BY page.c DESC, page.id DESC`,
      [userId, PAGE_SIZE + 1],
    ),
    pool.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM time_entries te WHERE TRUE AND te.user_id = $1 LIMIT $2) m`,
      [userId, EXACT_TOTAL_LIMIT + 1],
    ),
  ]);
  const more = items.rows.length > PAGE_SIZE;
  const rows = (more ? items.rows.slice(0, PAGE_SIZE) : items.rows).map(({ sortKey: _key, ...row }) => row);
  const last = more ? items.rows[PAGE_SIZE - 1] : undefined;
  const nextCursor = last
    ? Buffer.from(JSON.stringify({ k: last.sortKey, id: last.id })).toString('base64url')
    : null;
  return {
    items: rows,
    total: total.rows[0].n,
    totalIsEstimate: false,
    page: 1,
    pageSize: PAGE_SIZE,
    nextCursor,
  };
}

const touchActivity = (userId) =>
  pool.query(`UPDATE users SET last_activity_at = $1, updated_at = CURRENT_TIMESTAMP WHERE id = $2`, [
    new Date(),
    userId,
  ]);

const elapsed = (start, end) => Math.floor((end.getTime() - start.getTime()) / 1000);

async function timer(user, action, projectId) {
  const { userId, username } = user;
  await touchActivity(userId);
  let project;
  if (action === 'start') {
    project = (
      await pool.query(
        `SELECT p.id, p.name, p.status, p.billable, c.name AS "clientName", c.status AS "clientStatus"
           FROM projects p LEFT JOIN clients c ON c.id = p.client_id
          WHERE p.id = $1
            AND (p.visibility = 'public'
                 OR EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = $2)
                 OR EXISTS (SELECT 1 FROM project_teams pt JOIN team_members tm ON tm.team_id = pt.team_id
                             WHERE pt.project_id = p.id AND tm.user_id = $2))`,
        [projectId, userId],
      )
    ).rows[0];
    if (!project) throw Object.assign(new Error('no project'), { status: 404 });
  }
  const now = new Date();
  const client = await pool.connect();
  let entry;
  try {
    await client.query(
      `BEGIN; SET LOCAL lock_timeout = 15000; SELECT pg_advisory_xact_lock(${0x7117}, ${userId})`,
    );
    const state = (
      await client.query(
        `SELECT s.id IS NOT NULL AS "settingsFound", s.rounding_minutes AS "roundingMinutes",
                s.rounding_mode AS "roundingMode", s.single_active_timer AS "singleActiveTimer",
                s.idle_timeout_minutes AS "idleTimeoutMinutes", s.timezone,
                s.max_entry_duration_seconds AS "maxEntryDurationSeconds",
                s.overlap_policy AS "overlapPolicy", to_char(s.locked_before, 'YYYY-MM-DD') AS "lockedBefore",
                (SELECT COALESCE(json_agg(json_build_object(
                          'status', wa.status, 'weekStart', to_char(wa.week_start, 'YYYY-MM-DD'),
                          'startsAt', wa.starts_at, 'endsAt', wa.ends_at)), '[]')
                   FROM week_approvals wa
                  WHERE wa.user_id = $1 AND wa.status IN ('submitted', 'approved')
                    AND ($3::timestamptz IS NULL OR wa.starts_at <= $3)
                    AND wa.ends_at > LEAST($2::timestamptz,
                          (SELECT min(le.start_time) FROM running_timers lr
                             JOIN time_entries le ON le.id = lr.entry_id AND le.end_time IS NULL
                            WHERE lr.user_id = $1))) AS weeks,
                e.id, e.start_time AS "startTime", e.paused_at AS "pausedAt",
                e.resumed_at AS "resumedAt", e.break_seconds AS "breakSeconds",
                (SELECT COALESCE(p.rounding_minutes, c.rounding_minutes) FROM projects p
                   LEFT JOIN clients c ON c.id = p.client_id WHERE p.id = e.project_id) AS "ruleMinutes",
                (SELECT CASE WHEN p.rounding_minutes IS NOT NULL THEN p.rounding_mode ELSE c.rounding_mode END
                   FROM projects p LEFT JOIN clients c ON c.id = p.client_id WHERE p.id = e.project_id) AS "ruleMode",
                (SELECT COALESCE(json_agg(f ORDER BY f."startTime", f.id), '[]')
                   FROM (SELECT te.id, p.name AS "projectName", te.start_time AS "startTime",
                                te.end_time AS "endTime"
                           FROM time_entries te LEFT JOIN projects p ON p.id = te.project_id
                          WHERE $2::timestamptz IS NOT NULL
                            AND (SELECT overlap_policy FROM settings WHERE id = 1) IS DISTINCT FROM 'allow'
                            AND te.user_id = $1
                            AND te.start_time >= (SELECT CASE WHEN b.seconds <= 10000000000
                                                              THEN $2::timestamptz - make_interval(secs => b.seconds)
                                                              ELSE '-infinity'::timestamptz END
                                                    FROM (SELECT GREATEST(86400, max(l.longest_seconds)) AS seconds
                                                            FROM user_longest_entries l WHERE l.user_id = $1) b)
                            AND te.end_time > $2::timestamptz) f
                ) AS "finishedAfter"
           FROM (SELECT 1) one
           LEFT JOIN settings s ON s.id = 1
           LEFT JOIN (running_timers r JOIN time_entries e ON e.id = r.entry_id AND e.end_time IS NULL)
                  ON r.user_id = $1`,
        [userId, action === 'start' ? now : null, null],
      )
    ).rows;
    const running = state.filter((r) => r.id !== null);
    const stop = async (entryId, at, seconds) =>
      (
        await client.query(
          auditedWrite(
            `SELECT te.id, ${auditSnapshot} AS snap FROM time_entries te WHERE te.id = $1`,
            `UPDATE time_entries SET end_time = $2, duration_seconds = $3, paused_at = NULL,
                    updated_at = CURRENT_TIMESTAMP
              WHERE id = $1 AND end_time IS NULL RETURNING *`,
            4,
            'stop',
          ),
          [entryId, at, seconds, userId, username],
        )
      ).rows[0];
    if (action === 'start') {
      for (const r of state[0].singleActiveTimer ? running : [])
        await stop(r.id, now, elapsed(r.startTime, now));
      const { rows } = await client.query(
        auditedWrite(
          `SELECT NULL::int AS id, NULL::jsonb AS snap WHERE false`,
          `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds,
                                     break_seconds, notes, source, billable)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
          11,
          'start',
        ),
        [userId, project.id, null, now, null, null, 0, null, 'auto', project.billable, userId, username],
      );
      entry = rows[0];
    } else {
      if (running.length !== 1) throw Object.assign(new Error('no timer'), { status: 409 });
      entry = await stop(running[0].id, now, elapsed(running[0].startTime, now));
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  return entry;
}

const readBody = (req) =>
  new Promise((resolve) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => resolve(body ? JSON.parse(body) : {}));
  });

createServer((req, res) => {
  (async () => {
    const body = await readBody(req);
    const principal = await authenticate(req);
    if (!principal) return json(res, 401, { code: 'UNAUTHENTICATED' });
    if (req.method === 'GET' && req.url.startsWith('/api/v1/time-entries'))
      return json(res, 200, await list(principal.userId));
    if (req.method === 'POST' && req.url === '/api/v1/timer/start')
      return json(res, 201, await timer(principal, 'start', body.projectId));
    if (req.method === 'POST' && req.url === '/api/v1/timer/stop')
      return json(res, 200, await timer(principal, 'stop'));
    json(res, 404, { code: 'NOT_FOUND' });
  })().catch((err) => json(res, err.status ?? 500, { detail: err.message }));
}).listen(Number(port), '127.0.0.1', () => console.log('bare server ready'));
