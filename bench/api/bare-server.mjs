// The baseline for bench/api: node:http + pg running the same SQL as the API for the two
// measured operations (bearer-token lookup, a user's newest entries with total, timer start and
// stop under the per-user advisory lock), with no framework. Usage: node bare-server.mjs <url> <port>
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

const [url, port] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 10 });

const ENTRY_SQL = `
  SELECT te.id, te.user_id, u.username, te.project_id, p.name AS project_name, p.client_id, c.name AS client_name,
         te.task_id, t.name AS task_name, te.start_time, te.end_time, te.duration_seconds, te.notes, te.tags,
         te.source, te.billable, te.invoice_item_id, i.status AS invoice_status, te.created_at, te.updated_at
    FROM time_entries te
    LEFT JOIN users u ON u.id = te.user_id
    LEFT JOIN projects p ON p.id = te.project_id
    LEFT JOIN clients c ON c.id = p.client_id
    LEFT JOIN tasks t ON t.id = te.task_id
    LEFT JOIN invoice_items ii ON ii.id = te.invoice_item_id
    LEFT JOIN invoices i ON i.id = ii.invoice_id`;

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function authenticate(req) {
  const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return null;
  const hash = createHash('sha256').update(token).digest('hex');
  const { rows } = await pool.query(
    `SELECT t.id, t.last_used_at, u.id AS user_id FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.is_active`,
    [hash],
  );
  return rows[0] ?? null;
}

async function list(userId) {
  const [items, total] = await Promise.all([
    pool.query(
      `${ENTRY_SQL} WHERE te.user_id = $1 ORDER BY te.start_time DESC, te.id DESC LIMIT 50 OFFSET 0`,
      [userId],
    ),
    pool.query(`SELECT count(*)::int AS n FROM time_entries WHERE user_id = $1`, [userId]),
  ]);
  return { items: items.rows, total: total.rows[0].n, page: 1, pageSize: 50 };
}

async function timer(userId, action) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(28951, $1::int)`, [userId]);
    const settings = (
      await client.query(`SELECT rounding_minutes, single_active_timer FROM settings WHERE id = 1`)
    ).rows[0];
    const running = (
      await client.query(
        `${ENTRY_SQL} WHERE te.user_id = $1 AND te.end_time IS NULL ORDER BY te.start_time DESC`,
        [userId],
      )
    ).rows;
    let row;
    if (action === 'start') {
      for (const r of settings.single_active_timer ? running : []) {
        await client.query(
          `UPDATE time_entries SET end_time = now(), duration_seconds = extract(epoch FROM now() - start_time)::int WHERE id = $1`,
          [r.id],
        );
      }
      const { rows } = await client.query(
        `INSERT INTO time_entries (user_id, project_id, start_time, source, billable) SELECT $1, id, now(), 'auto', billable FROM projects WHERE name = 'Demo Project 1' RETURNING id`,
        [userId],
      );
      row = (await client.query(`${ENTRY_SQL} WHERE te.id = $1`, [rows[0].id])).rows[0];
    } else {
      if (running.length !== 1) throw Object.assign(new Error('no timer'), { status: 409 });
      await client.query(
        `UPDATE time_entries SET end_time = now(), duration_seconds = extract(epoch FROM now() - start_time)::int WHERE id = $1`,
        [running[0].id],
      );
      row = (await client.query(`${ENTRY_SQL} WHERE te.id = $1`, [running[0].id])).rows[0];
    }
    await client.query(`UPDATE users SET last_activity_at = now() WHERE id = $1`, [userId]);
    await client.query('COMMIT');
    return row;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

createServer((req, res) => {
  (async () => {
    const principal = await authenticate(req);
    if (!principal) return json(res, 401, { code: 'UNAUTHENTICATED' });
    if (req.method === 'GET' && req.url.startsWith('/api/v1/time-entries'))
      return json(res, 200, await list(principal.user_id));
    if (req.method === 'POST' && req.url === '/api/v1/timer/start')
      return json(res, 201, await timer(principal.user_id, 'start'));
    if (req.method === 'POST' && req.url === '/api/v1/timer/stop')
      return json(res, 200, await timer(principal.user_id, 'stop'));
    json(res, 404, { code: 'NOT_FOUND' });
  })().catch((err) => json(res, err.status ?? 500, { detail: err.message }));
  req.resume();
}).listen(Number(port), '127.0.0.1', () => console.log('bare server ready'));
