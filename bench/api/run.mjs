// API benchmark: a user's newest entries (GET /time-entries?pageSize=50, with total) and timer
// start+stop pairs, on >= 1M entries across 1,000 users, at 16 connections, for the real API and
// for a bare node:http + pg server running the same SQL, in the same run.
// BENCH_ROUNDS rounds, each on new processes of both servers: both warmed up (the API has far
// more code for the JIT to compile), then measured alternately, API then bare; the table gives
// the median of each, so that neither a slow spell of the machine nor one process's luck with
// the JIT decides the result.
// The timer runs twice: on a public project, and on a private one (issue #18's speed scenario:
// each bench user may track on 10 private projects among 500, one through a team), so that the
// ratio of the two prices the visibility rule in the same run. The list is of the user's own
// entries, which carries no visibility rule.
// Usage: npm run bench:api   (BENCH_SECONDS=10, BENCH_ROUNDS=3 by default; TEST_DATABASE_URL to
// use your server; BENCH_API_NODE_ARGS='--max-semi-space-size=4' to start the API, not the bare
// server, with those Node flags)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import startup from '@timetracker/startup';
import { benchDatabase, freePort, insertApiToken, median, startApi, waitFor } from '../lib.mjs';

const { seedDemoData } = startup;

const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const USERS = 1000;
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const CONNECTIONS = 16;
// Long enough for the API's throughput to level off (it still rises after 5 s).
const WARM_UP_SECONDS = 12;
const API_NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

const database = await benchDatabase('api');
const url = database.url;
const db = new pg.Client({ connectionString: url });
await db.connect();
const t0 = performance.now();
// `npm run seed:demo`'s generator: 1,000 users and 1M finished entries over two years.
await seedDemoData(db, { users: USERS, entries: ENTRIES, days: 730 });
const tokens = Array.from({ length: CONNECTIONS }, (_, i) => `ttpat_bench${String(i).padStart(40, '0')}`);
for (const [i, token] of tokens.entries()) {
  const { rows } = await db.query(`SELECT id FROM users WHERE username = $1`, [`demo${i + 1}`]);
  await insertApiToken(db, rows[0].id, token);
}
// 500 private projects; bench user i is a member of 10 of them: 9 directly and one through a
// team of their own, the one their private timer starts on (the longer of the rule's two paths).
const { rows: privateProjects } = await db.query(
  `INSERT INTO projects (name, client_id, visibility)
   SELECT 'Bench private ' || n, (SELECT min(id) FROM clients), 'private' FROM generate_series(1, 500) n
   RETURNING id`,
);
const privateProjectOf = [];
for (const [i] of tokens.entries()) {
  const mine = privateProjects.slice(i * 10, i * 10 + 10).map((p) => p.id);
  const {
    rows: [user],
  } = await db.query(`SELECT id FROM users WHERE username = $1`, [`demo${i + 1}`]);
  await db.query(`INSERT INTO project_members (project_id, user_id) SELECT unnest($1::int[]), $2`, [
    mine.slice(1),
    user.id,
  ]);
  const {
    rows: [team],
  } = await db.query(`INSERT INTO teams (name) VALUES ($1) RETURNING id`, [`Bench team ${i + 1}`]);
  await db.query(`INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)`, [team.id, user.id]);
  await db.query(`INSERT INTO project_teams (project_id, team_id) VALUES ($1, $2)`, [mine[0], team.id]);
  privateProjectOf.push(mine[0]);
}
// A settled database, as a live one is: without this, autovacuum works through the million
// fresh rows during the first measurements, and whichever server runs then pays for it.
await db.query('VACUUM ANALYZE');
await db.query('CHECKPOINT');
const seedMs = performance.now() - t0;
const seededUpTo = (await db.query('SELECT max(id) AS id FROM time_entries')).rows[0].id;

/**
 * The same database for every measurement. Every timer run adds thousands of entries (the list's
 * count reads all of a user's entries) and leaves dead row versions in users (each write stamps
 * the user's activity), time_entries and running_timers; and a checkpoint falling inside a run
 * makes PostgreSQL write whole pages to its WAL again. Without this, throughput fell from round
 * to round and whichever server ran later paid for it.
 */
async function resetDatabase() {
  await db.query('DELETE FROM time_entries WHERE id > $1', [seededUpTo]);
  await db.query('VACUUM time_entries, running_timers, users, api_tokens');
  await db.query('CHECKPOINT');
}

/** Fresh processes of both servers: the API's (built, as `npm start` runs it) and the bare one. */
async function startServers() {
  const api = await startApi(url, {}, API_NODE_ARGS);
  const barePort = await freePort();
  const bare = spawn(process.execPath, [path.join(here, 'bare-server.mjs'), url, String(barePort)], {
    stdio: 'ignore',
  });
  await waitFor(`http://127.0.0.1:${barePort}/`);
  return {
    ports: { API: api.port, bare: barePort },
    async stop() {
      bare.kill('SIGTERM');
      await api.stop();
    },
  };
}

/**
 * Each connection is its own user (its own token), so timers of different users never share a
 * lock. The token is pinned to the connection's client: autocannon gives setupRequest a fresh
 * context each time it starts the request list again, so a token kept there moved to another
 * connection every start+stop pair, and two connections now and then acted for one user at once
 * (one's stop found the timer the other had stopped: the odd 409). The header is set on every
 * request: autocannon rebuilds headers for requests with a body.
 */
function load(port, requests, duration = seconds) {
  let next = 0;
  const withToken = (req, context) => ({
    ...req,
    headers: {
      ...req.headers,
      authorization: `Bearer ${context.token}`,
      'content-type': 'application/json',
    },
  });
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    requests: requests.map((r) => ({
      ...r,
      setupRequest: (req, context) => withToken(r.setupRequest ? r.setupRequest(req, context) : req, context),
    })),
    setupClient(client) {
      // The context every pass over the request list starts from (autocannon's RequestIterator).
      const iterator = client.requestIterator;
      const i = next++ % tokens.length;
      iterator.initialContext = { token: tokens[i], privateProject: privateProjectOf[i] };
      iterator.resetContext();
      iterator.rebuildRequest();
    },
  });
}
const listRequests = [{ method: 'GET', path: '/api/v1/time-entries?pageSize=50' }];
const timerRequests = [
  { method: 'POST', path: '/api/v1/timer/start', body: JSON.stringify({ projectId: 1 }) },
  { method: 'POST', path: '/api/v1/timer/stop', body: '{}' },
];
const projectId = (await db.query(`SELECT id FROM projects WHERE name = 'Demo Project 1'`)).rows[0].id;
timerRequests[0].body = JSON.stringify({ projectId });
/** The start names the connection's user's private project (see setupClient). */
const privateTimerRequests = [
  {
    method: 'POST',
    path: '/api/v1/timer/start',
    setupRequest: (req, context) => ({ ...req, body: JSON.stringify({ projectId: context.privateProject }) }),
  },
  timerRequests[1],
];

const operations = {
  list: listRequests,
  'start+stop': timerRequests,
  'start+stop private': privateTimerRequests,
};
const runs = {};
for (let round = 0; round < rounds; round++) {
  // New processes each round: how well V8 optimizes a process varies from one to the next (the
  // same API used 1.4 to 2.1 ms of CPU per timer start+stop pair in different processes).
  const servers = await startServers();
  // Warm-up (JIT, pools, caches) of both servers on both operations before anything is measured.
  for (const port of Object.values(servers.ports))
    for (const requests of Object.values(operations)) await load(port, requests, WARM_UP_SECONDS);
  for (const [op, requests] of Object.entries(operations)) {
    for (const [server, port] of Object.entries(servers.ports)) {
      await resetDatabase();
      const r = await load(port, requests);
      const run = {
        rps: r.requests.average / requests.length,
        p99: r.latency.p99,
        failed: r.non2xx + r.errors,
      };
      (runs[`${op}: ${server}`] ??= []).push(run);
      if (run.failed)
        console.error(
          `${op}: ${server}: status codes ${JSON.stringify(r.statusCodeStats)}, ${r.errors} errors`,
        );
    }
  }
  await servers.stop();
}
await db.end();
await database.drop();

console.log(
  `${ENTRIES.toLocaleString('en')} entries, ${USERS} users, ${CONNECTIONS} connections, ${WARM_UP_SECONDS} s warm-up, then ${seconds} s per server and operation, in ${rounds} rounds on new processes; seeding took ${(seedMs / 1000).toFixed(1)} s`,
);
console.log('');
console.log(
  '| operation | API ops/s | bare ops/s | API / bare | API p99 | bare p99 | API non-2xx | bare non-2xx |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
const list = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
for (const op of Object.keys(operations)) {
  const a = runs[`${op}: API`];
  const b = runs[`${op}: bare`];
  const [aRps, bRps] = [median(a.map((r) => r.rps)), median(b.map((r) => r.rps))];
  console.log(
    `| ${{ list: 'GET /time-entries?pageSize=50', 'start+stop': 'timer start+stop pairs', 'start+stop private': 'timer start+stop, private project' }[op]} | ${aRps.toFixed(0)} | ${bRps.toFixed(0)} | ${(aRps / bRps).toFixed(2)} | ${median(a.map((r) => r.p99))} ms | ${median(b.map((r) => r.p99))} ms | ${a.reduce((n, r) => n + r.failed, 0)} | ${b.reduce((n, r) => n + r.failed, 0)} |`,
  );
}
const pairs = (op, server) => median(runs[`${op}: ${server}`].map((r) => r.rps));
console.log('');
console.log(
  `Visibility (private / public project, start+stop pairs): API ${(pairs('start+stop private', 'API') / pairs('start+stop', 'API')).toFixed(2)}, bare ${(pairs('start+stop private', 'bare') / pairs('start+stop', 'bare')).toFixed(2)}`,
);
console.log('');
console.log('Every round (ops/s; p99 in ms):');
for (const [name, xs] of Object.entries(runs))
  console.log(`- ${name}: ${list(xs.map((r) => r.rps))}; p99 ${list(xs.map((r) => r.p99))}`);
