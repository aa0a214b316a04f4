// API benchmark: a user's newest entries (GET /time-entries?pageSize=50, with total) and timer
// start+stop pairs, on >= 1M entries across 1,000 users, at 16 connections, for the real API and
// for a bare node:http + pg server running the same SQL, in the same run.
// Usage: npm run bench:api   (BENCH_SECONDS=10 by default; TEST_DATABASE_URL to use your server)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import startup from '@timetracker/startup';
import { benchDatabase, freePort, startApi, waitFor } from '../lib.mjs';

const { seedDemoData } = startup;

const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const USERS = 1000;
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const CONNECTIONS = 16;
const WARM_UP_SECONDS = 3;

const database = await benchDatabase('api');
const url = database.url;
const db = new pg.Client({ connectionString: url });
await db.connect();
const t0 = performance.now();
// `npm run seed:demo`'s generator: 1,000 users and 1M finished entries over two years.
await seedDemoData(db, { users: USERS, entries: ENTRIES, days: 730 });
const tokens = Array.from({ length: CONNECTIONS }, (_, i) => `ttpat_bench${String(i).padStart(40, '0')}`);
for (const [i, token] of tokens.entries()) {
  await db.query(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix) SELECT id, 'bench', $2, 'ttpat_bench' FROM users WHERE username = $1`,
    [`demo${i + 1}`, createHash('sha256').update(token).digest('hex')],
  );
}
await db.query('ANALYZE');
const seedMs = performance.now() - t0;

const api = await startApi(url);
const apiPort = api.port;
const barePort = await freePort();
const bare = spawn(process.execPath, [path.join(here, 'bare-server.mjs'), url, String(barePort)], {
  stdio: 'ignore',
});
await waitFor(`http://127.0.0.1:${barePort}/`);

/**
 * Each connection is its own user (its own token), so timers of different users never share a
 * lock. The header is set on every request: autocannon rebuilds headers for requests with a body.
 */
function load(port, requests, duration = seconds) {
  let next = 0;
  const withToken = (req, context) => {
    context.token ??= tokens[next++ % tokens.length];
    return {
      ...req,
      headers: {
        ...req.headers,
        authorization: `Bearer ${context.token}`,
        'content-type': 'application/json',
      },
    };
  };
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    requests: requests.map((r) => ({ ...r, setupRequest: withToken })),
  });
}
const listRequests = [{ method: 'GET', path: '/api/v1/time-entries?pageSize=50' }];
const timerRequests = [
  { method: 'POST', path: '/api/v1/timer/start', body: JSON.stringify({ projectId: 1 }) },
  { method: 'POST', path: '/api/v1/timer/stop', body: '{}' },
];
const projectId = (await db.query(`SELECT id FROM projects WHERE name = 'Demo Project 1'`)).rows[0].id;
timerRequests[0].body = JSON.stringify({ projectId });

const results = {};
for (const [name, port, requests] of [
  ['list: API', apiPort, listRequests],
  ['list: bare', barePort, listRequests],
  ['start+stop: API', apiPort, timerRequests],
  ['start+stop: bare', barePort, timerRequests],
]) {
  // Warm-up (JIT, pools, caches) before the measured run, for both servers alike.
  await load(port, requests, WARM_UP_SECONDS);
  const r = await load(port, requests);
  const perOp = requests.length;
  results[name] = { rps: r.requests.average / perOp, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
  if (r.non2xx || r.errors)
    console.error(`${name}: status codes ${JSON.stringify(r.statusCodeStats)}, ${r.errors} errors`);
}
await api.stop();
bare.kill('SIGTERM');
await db.end();
await database.drop();

console.log(
  `${ENTRIES.toLocaleString('en')} entries, ${USERS} users, ${CONNECTIONS} connections, ${seconds} s each; seeding took ${(seedMs / 1000).toFixed(1)} s`,
);
console.log('');
console.log('| operation | API ops/s | bare ops/s | API / bare | API p99 | bare p99 | API non-2xx |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const op of ['list', 'start+stop']) {
  const a = results[`${op}: API`];
  const b = results[`${op}: bare`];
  console.log(
    `| ${op === 'list' ? 'GET /time-entries?pageSize=50' : 'timer start+stop pairs'} | ${a.rps.toFixed(0)} | ${b.rps.toFixed(0)} | ${(a.rps / b.rps).toFixed(2)} | ${a.p99} ms | ${b.p99} ms | ${a.non2xx + a.errors} |`,
  );
}
