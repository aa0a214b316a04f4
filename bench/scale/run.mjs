// Scale benchmark (issue #19): a company's history generated at a chosen size (generate.mjs),
// grown step by step in one database, and at each step what the product costs through the real
// API (built, as a child process):
// - lists: a user's page and an admin's page of all entries, first and deep (page 2,000, or the
//   last full page when there are fewer), for every sort the API offers, with the total; p99 at
//   16 connections (target < 100 ms);
// - reports: the summary (no grouping, each groupBy dimension and two pairs), every series, over
//   the last 30 days, the last 365 days and all time, and the dashboard; sequential, p50 (target
//   < 300 ms) and p99 (target < 1 s);
// - writes: timer start+stop pairs and entry creation at 16 connections, against the same writes
//   on the same users before any history existed, in the same run (target: lose at most 10 %);
// - export: the CSV and the XLSX of the last 365 days for everyone, each one's time and peak RSS
//   (VmHWM of an API process started for it; target < 200 MB).
// No figure is estimated: each comes from requests made in this run, and the tables say how many.
//
// Usage: npm run bench:scale
//   BENCH_SCALE_STEPS=1000000,3000000,10000000   grow one database through these sizes (the
//   default), or BENCH_SCALE_ENTRIES=10000000   one size only
//   BENCH_SCALE_SEED=1, BENCH_SCALE_LIST_SECONDS=5, BENCH_SCALE_WRITE_SECONDS=10,
//   BENCH_SCALE_REPORT_SECONDS=3, BENCH_SCALE_REPORT_RUNS=20 (each report runs until both are
//   used up or it ran 20 times, and at least BENCH_SCALE_MIN_REPORT_RUNS=3 times), and
//   BENCH_SCALE_MIN_LIST_REQUESTS=32 (each list runs about twice the list seconds' worth of
//   requests, judged from three sequential ones, and at least this many); TEST_DATABASE_URL to
//   use your server; BENCH_SCALE_PARTS=lists,reports,writes,export (the default: all) to measure
//   only some figures at each step (the data and the write reference are made whatever it says).
import { createHash } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import contracts from '@timetracker/contracts';
import { benchDatabase, insertApiToken, median, startApi } from '../lib.mjs';
import { HEAVY_USERS, createScaleBase, generateStep } from './generate.mjs';

const { REPORT_DIMENSIONS, REPORT_SERIES, TimeEntryListQuerySchema } = contracts;

const num = (name, fallback) => Number(process.env[name] ?? fallback);
// The growth curve the issue asks for by default; one size with BENCH_SCALE_ENTRIES.
const STEPS = (process.env.BENCH_SCALE_STEPS ?? process.env.BENCH_SCALE_ENTRIES ?? '1000000,3000000,10000000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const SEED = num('BENCH_SCALE_SEED', 1);
const LIST_SECONDS = num('BENCH_SCALE_LIST_SECONDS', 5);
const WRITE_SECONDS = num('BENCH_SCALE_WRITE_SECONDS', 10);
const WARM_UP_SECONDS = 3;
const REPORT_SECONDS = num('BENCH_SCALE_REPORT_SECONDS', 3);
const REPORT_RUNS = num('BENCH_SCALE_REPORT_RUNS', 20);
const MIN_REPORT_RUNS = num('BENCH_SCALE_MIN_REPORT_RUNS', 3);
const MIN_LIST_REQUESTS = num('BENCH_SCALE_MIN_LIST_REQUESTS', 32);
const CONNECTIONS = 16;
const PAGE_SIZE = 50;
const DEEP_PAGE = 2_000;
const TARGET = {
  listP99: 100,
  reportP50: 300,
  reportP99: 1000,
  writeShare: 0.9,
  exportRss: 200 * 1024 * 1024,
};
const SORTS = TimeEntryListQuerySchema.shape.sort.unwrap().options;
const GROUPINGS = ['', ...REPORT_DIMENSIONS, 'user,month', 'project,week'];
const MEASURED_PARTS = ['lists', 'reports', 'writes', 'export'];
const PARTS = new Set((process.env.BENCH_SCALE_PARTS ?? MEASURED_PARTS.join(',')).split(','));

const started = performance.now();
const database = await benchDatabase('scale');
const db = new pg.Client({ connectionString: database.url });
await db.connect();
console.log(
  `# Scale benchmark: ${STEPS.map((s) => s.toLocaleString('en')).join(' → ')} entries, seed ${SEED}; ${database.version}; ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the start`,
);

let t0 = performance.now();
const base = await createScaleBase(db, { seed: SEED, maxEntries: STEPS.at(-1), steps: STEPS });
const baseMs = performance.now() - t0;
console.log('');
console.log(
  `Users, teams, clients, projects, tasks, tags and rates: ${(baseMs / 1000).toFixed(1)} s; history of ${base.days} days, ${base.firstDay} to ${base.lastDay} (${base.tz})`,
);

// Tokens: the admin's, the heavy users' (a user's page: the longest lists) and 16 writers (active
// ordinary users, each on a public project of their own team).
const token = (name) => `ttpat_bench${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;
async function tokenFor(userId, name) {
  const t = token(name);
  await insertApiToken(db, userId, t);
  return t;
}
const adminContext = { token: await tokenFor(base.adminId, 'admin') };
const heavy = (await db.query(`SELECT id, i FROM scale_users WHERE cls = 0 ORDER BY i`)).rows;
const heavyContexts = [];
for (const u of heavy) heavyContexts.push({ token: await tokenFor(u.id, `heavy${u.i}`), userId: u.id });
const writers = (
  await db.query(
    `SELECT su.id, su.i, sp.id AS project_id FROM scale_users su JOIN scale_projects sp ON sp.j = su.pa
      WHERE su.cls = 2 AND su.leave_date IS NULL ORDER BY su.i LIMIT ${CONNECTIONS}`,
  )
).rows;
const writerContexts = [];
for (const w of writers)
  writerContexts.push({ token: await tokenFor(w.id, `writer${w.i}`), projectId: w.project_id });

/**
 * autocannon at 16 connections; each connection keeps one context (its token, its project) for
 * the whole run (see bench/api for why it is pinned to the client). `amount` runs a fixed number
 * of requests to the end (slow ones included); otherwise `duration` seconds.
 */
function load(port, contexts, requests, { duration, amount }) {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    ...(amount ? { amount } : { duration }),
    timeout: 600,
    requests: requests.map((r) => ({
      ...r,
      setupRequest: (req, context) => {
        const out = r.setupRequest ? r.setupRequest(req, context) : req;
        return {
          ...out,
          headers: {
            ...out.headers,
            authorization: `Bearer ${context.token}`,
            'content-type': 'application/json',
          },
        };
      },
    })),
    setupClient(client) {
      const iterator = client.requestIterator;
      iterator.initialContext = contexts[next++ % contexts.length];
      iterator.resetContext();
      iterator.rebuildRequest();
    },
  });
}

/** One GET read to the end, timed; the body parsed when asked. */
async function get(api, context, path, { json = false } = {}) {
  const start = performance.now();
  const res = await fetch(`${api.base}${path}`, { headers: { authorization: `Bearer ${context.token}` } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  let body;
  let bytes = 0;
  if (json) body = await res.json();
  else for await (const chunk of res.body) bytes += chunk.length;
  return { ms: performance.now() - start, body, bytes };
}

const p = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const ratio = (x) => x.toFixed(2);
const table = (head, rows) => {
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
};
/** figure → step label → value, for the growth tables at the end. */
const growth = new Map();
const record = (section, figure, step, value) => {
  const key = `${section}\u0000${figure}`;
  if (!growth.has(key)) growth.set(key, new Map());
  growth.get(key).set(step, value);
};

// ---- Writes --------------------------------------------------------------------------------
/** Entries are created on a day before the history, one minute apart: no overlap, no lock. */
const createDay = Date.parse(`${base.firstDay}T00:00:00Z`) - 90 * 86_400_000;
let createSlot = 0;
const WRITES = {
  'timer start+stop pairs': {
    perOp: 2,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/timer/start',
        setupRequest: (req, c) => ({ ...req, body: JSON.stringify({ projectId: c.projectId }) }),
      },
      { method: 'POST', path: '/api/v1/timer/stop', body: '{}' },
    ],
  },
  'entry creation (POST /time-entries)': {
    perOp: 1,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/time-entries',
        setupRequest: (req, c) => {
          const start = createDay + createSlot++ * 60_000;
          return {
            ...req,
            body: JSON.stringify({
              projectId: c.projectId,
              startTime: new Date(start).toISOString(),
              endTime: new Date(start + 50_000).toISOString(),
              notes: 'bench',
            }),
          };
        },
      },
    ],
  },
};

/** Writes on a fresh API; the rows they add are deleted after each, as bench/api does. */
async function measureWrites() {
  const mark = Number((await db.query(`SELECT coalesce(max(id), 0) AS id FROM time_entries`)).rows[0].id);
  const reset = async () => {
    // autocannon stops at its deadline with requests still in the API: wait until their
    // statements are done, so that the next measurement starts clean (a request still on its
    // way to the database may commit later: the last clean-up runs after the API stopped).
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            AND state <> 'idle'`,
      );
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await db.query(`DELETE FROM time_entries WHERE id > $1`, [mark]);
    await db.query(`VACUUM time_entries, time_entry_tags, running_timers, users, api_tokens`);
    await db.query(`CHECKPOINT`);
  };
  const api = await startApi(database.url);
  const out = {};
  try {
    for (const w of Object.values(WRITES))
      await load(api.port, writerContexts, w.requests, { duration: WARM_UP_SECONDS });
    for (const [name, w] of Object.entries(WRITES)) {
      await reset();
      const r = await load(api.port, writerContexts, w.requests, { duration: WRITE_SECONDS });
      out[name] = {
        ops: r.requests.average / w.perOp,
        p99: r.latency.p99,
        failed: r.non2xx + r.errors + r.timeouts,
      };
      if (out[name].failed)
        console.error(`${name}: status codes ${JSON.stringify(r.statusCodeStats)}, ${r.errors} errors`);
    }
  } finally {
    await api.stop();
  }
  // With the API gone, nothing can commit after this clean-up.
  await reset();
  return out;
}

// ---- Lists ---------------------------------------------------------------------------------
async function measureLists(api, stepLabel) {
  const rows = [];
  const heavyTotal = Number(
    (
      await db.query(
        `SELECT min(n) AS n FROM (SELECT count(*) AS n FROM time_entries WHERE user_id = ANY($1) GROUP BY user_id) x`,
        [heavyContexts.map((c) => c.userId)],
      )
    ).rows[0].n ?? 0,
  );
  const allTotal = Number((await db.query(`SELECT count(*) AS n FROM time_entries`)).rows[0].n);
  const deep = (total) => Math.max(1, Math.min(DEEP_PAGE, Math.floor(total / PAGE_SIZE)));
  const lists = [
    { who: "a user's page (heavy user)", contexts: heavyContexts, pages: [1, deep(heavyTotal)] },
    { who: "an admin's page (all entries)", contexts: [adminContext], pages: [1, deep(allTotal)] },
  ];
  // A deep page twice: by number (page=, reads the rows it skips in the sort's index) and by
  // cursor (the nextCursor of the page before it, as a client walking the list sends it; for
  // the heavy users the first one's cursor, the same position in time for the others).
  const variants = (pages) =>
    pages.flatMap((page) => (page === 1 ? [{ page }] : [{ page }, { page, cursor: true }]));
  for (const list of lists)
    for (const { page, cursor } of variants(list.pages))
      for (const sort of SORTS) {
        const base = `/api/v1/time-entries?pageSize=${PAGE_SIZE}&sort=${sort}`;
        const path = cursor
          ? `${base}&cursor=${(await get(api, list.contexts[0], `${base}&page=${page - 1}`, { json: true })).body.nextCursor}`
          : `${base}&page=${page}`;
        // Three sequential requests: the total, and how many requests fit the time given.
        const probe = [];
        let total;
        for (let i = 0; i < 3; i++) {
          const r = await get(api, list.contexts[0], path, { json: true });
          probe.push(r.ms);
          total = r.body.total;
        }
        const want = Math.ceil((LIST_SECONDS * 1000 * 2) / Math.max(1, median(probe)));
        const amount =
          Math.ceil(Math.min(5000, Math.max(MIN_LIST_REQUESTS, want)) / CONNECTIONS) * CONNECTIONS;
        const r = await load(api.port, list.contexts, [{ method: 'GET', path }], { amount });
        const failed = r.non2xx + r.errors + r.timeouts;
        const pageLabel =
          (page === 1 ? 'first' : page === DEEP_PAGE ? `deep (${page})` : `deep (${page}: last full page)`) +
          (cursor ? ', by cursor' : '');
        rows.push([
          list.who,
          pageLabel,
          `\`${sort}\``,
          total.toLocaleString('en'),
          String(r.requests.total ?? amount),
          ms(r.latency.p50),
          ms(r.latency.p99),
          `< ${TARGET.listP99} ms`,
          ratio(r.latency.p99 / TARGET.listP99),
          String(failed),
        ]);
        record(
          'list p99 (16 connections)',
          `${list.who}, ${page === 1 ? 'first' : cursor ? 'deep by cursor' : 'deep'}, ${sort}`,
          stepLabel,
          ms(r.latency.p99),
        );
      }
  console.log('');
  console.log(`Lists (pageSize ${PAGE_SIZE}, with the total), ${CONNECTIONS} connections:`);
  console.log('');
  table(
    ['list', 'page', 'sort', 'total', 'requests', 'p50', 'p99', 'target', 'ratio to target', 'failed'],
    rows,
  );
}

// ---- Reports -------------------------------------------------------------------------------
async function measureReports(api, stepLabel) {
  const now = Date.now();
  const periods = {
    '30 days': `&from=${new Date(now - 30 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`,
    '365 days': `&from=${new Date(now - 365 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`,
    'all time': '',
  };
  const figures = [];
  for (const [period, range] of Object.entries(periods)) {
    for (const g of GROUPINGS)
      figures.push({
        name: g ? `summary by ${g.replace(',', ' × ')}` : 'summary (totals)',
        period,
        path: `/api/v1/reports/summary?${g ? `groupBy=${g}` : ''}${range}`,
        context: adminContext,
      });
    for (const s of REPORT_SERIES)
      figures.push({
        name: `series ${s}`,
        period,
        path: `/api/v1/reports/series/${s}?${range.slice(1)}`,
        context: adminContext,
      });
  }
  figures.push({
    name: 'dashboard (heavy user)',
    period: 'today, week, month',
    path: '/api/v1/reports/dashboard',
    context: heavyContexts[0],
  });
  await get(api, adminContext, figures[0].path); // warm-up: JIT, pools
  const rows = [];
  for (const f of figures) {
    // Some series take a window of their own when asked for none (hours-by-day: this month;
    // weekly-trend: recent weeks): say which, from the range the API answers with.
    if (f.period === 'all time') {
      const { body } = await get(api, f.context, f.path, { json: true });
      if (body.from)
        f.period = `all time asked; the API used ${body.from.slice(0, 10)} to ${body.to.slice(0, 10)}`;
    }
    const times = [];
    const until = performance.now() + REPORT_SECONDS * 1000;
    while (times.length < MIN_REPORT_RUNS || (times.length < REPORT_RUNS && performance.now() < until))
      times.push((await get(api, f.context, f.path)).ms);
    const [p50, p99] = [p(times, 0.5), p(times, 0.99)];
    rows.push([
      f.name,
      f.period,
      String(times.length),
      ms(p50),
      ms(p99),
      ratio(p50 / TARGET.reportP50),
      ratio(p99 / TARGET.reportP99),
    ]);
    record('report p50 / p99 (sequential)', `${f.name}, ${f.period}`, stepLabel, `${ms(p50)} / ${ms(p99)}`);
  }
  console.log('');
  console.log(
    `Reports, sequential requests as the admin (everyone's time); p99 of fewer than 100 runs is their slowest. Targets: p50 < ${TARGET.reportP50} ms, p99 < ${TARGET.reportP99} ms:`,
  );
  console.log('');
  table(['report', 'period', 'runs', 'p50', 'p99', 'p50 ratio to target', 'p99 ratio to target'], rows);
}

// ---- Export --------------------------------------------------------------------------------
async function measureExport(stepLabel) {
  const now = Date.now();
  const range = `from=${new Date(now - 365 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`;
  // Each on its own process, so that VmHWM is that export's peak (and the start's), not the lists'.
  const measure = async (path) => {
    const api = await startApi(database.url);
    try {
      const rssBefore = api.rssBytes();
      const children = api.watchChildren();
      const r = await get(api, adminContext, path);
      return { ...r, rssBefore, peak: api.peakRssBytes(), childPeak: children.stop() };
    } finally {
      await api.stop();
    }
  };
  const csv = await measure(`/api/v1/exports/time-entries.csv?${range}`);
  // The same rows with the columns of the default CSV, as an XLSX workbook (streamed, zipped).
  const xlsx = await measure(`/api/v1/exports/time-entries.xlsx?${range}`);
  console.log('');
  console.log('Export of the last 365 days for everyone (admin), each on an API process started for it:');
  console.log('');
  // The export's own process (API_EXPORT_PROCESSES) is sampled every 50 ms; the ratio is the
  // larger of the two peaks'.
  const line = (name, r) => [
    name,
    mb(r.bytes),
    ms(r.ms),
    mb(r.rssBefore),
    mb(r.peak),
    r.childPeak ? mb(r.childPeak) : '—',
    `< ${mb(TARGET.exportRss)}`,
    ratio(Math.max(r.peak, r.childPeak) / TARGET.exportRss),
  ];
  table(
    [
      'export',
      'size',
      'time',
      'API RSS before',
      'API peak RSS (VmHWM)',
      "export process's peak RSS",
      'RSS target',
      'ratio to target',
    ],
    [line('CSV', csv), line('XLSX', xlsx)],
  );
  const peaks = (r) => `${mb(r.peak)}${r.childPeak ? ` + ${mb(r.childPeak)}` : ''}`;
  record(
    'export, last 365 days',
    'CSV time / peak RSS (API + export process)',
    stepLabel,
    `${ms(csv.ms)} / ${peaks(csv)}`,
  );
  record(
    'export, last 365 days',
    'XLSX time / peak RSS (API + export process)',
    stepLabel,
    `${ms(xlsx.ms)} / ${peaks(xlsx)}`,
  );
}

/** The writes at this step against the reference, as a table. */
async function reportWrites(label) {
  const writes = await measureWrites();
  console.log('');
  console.log(
    `Writes, ${CONNECTIONS} connections, ${WRITE_SECONDS} s each after a ${WARM_UP_SECONDS} s warm-up, against the same writes before any history (target: at least ${TARGET.writeShare} of it):`,
  );
  console.log('');
  table(
    ['operation', 'ops/s', 'p99', 'reference ops/s', 'share of reference', 'ratio to target', 'failed'],
    Object.entries(writes).map(([name, w]) => {
      const share = w.ops / reference[name].ops;
      record(
        'writes ops/s (16 connections)',
        name,
        label,
        `${w.ops.toFixed(0)} (${ratio(share)} of reference)`,
      );
      return [
        name,
        w.ops.toFixed(0),
        ms(w.p99),
        reference[name].ops.toFixed(0),
        ratio(share),
        ratio(TARGET.writeShare / share),
        String(w.failed),
      ];
    }),
  );
}

// ---- The run -------------------------------------------------------------------------------
await db.query('VACUUM ANALYZE');
const reference = await measureWrites();
console.log('');
console.log(
  `Writes before any history (the reference; ${WARM_UP_SECONDS} s warm-up, then ${WRITE_SECONDS} s each, ${CONNECTIONS} connections): ${Object.entries(
    reference,
  )
    .map(([n, r]) => `${n} ${r.ops.toFixed(0)}/s (p99 ${ms(r.p99)}, ${r.failed} failed)`)
    .join('; ')}`,
);

const generation = [];
for (const [index, step] of base.plan.entries()) {
  const label = step.target.toLocaleString('en');
  t0 = performance.now();
  const added = await generateStep(base, step);
  const genMs = performance.now() - t0;
  // The steps insert without triggers: the rollups are built whole, as after a restore or an adoption.
  t0 = performance.now();
  await db.query('SELECT entry_rollups_rebuild()');
  const rollupMs = performance.now() - t0;
  t0 = performance.now();
  await db.query('VACUUM ANALYZE');
  await db.query('CHECKPOINT');
  const vacuumMs = performance.now() - t0;
  const {
    rows: [size],
  } = await db.query(
    `SELECT (SELECT count(*) FROM time_entries) AS entries, (SELECT count(DISTINCT user_id) FROM time_entries) AS users,
            (SELECT count(*) FROM time_entries WHERE invoice_item_id IS NOT NULL) AS invoiced,
            (SELECT count(*) FROM time_entry_tags) AS tags, pg_database_size(current_database()) AS bytes,
            (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM entry_rollups) AS rollups`,
  );
  generation.push([
    label,
    Number(added).toLocaleString('en'),
    ms(genMs),
    ms(rollupMs),
    Number(size.rollups).toLocaleString('en'),
    ms(vacuumMs),
  ]);
  console.log('');
  console.log(`## Step ${index + 1}: ${label} entries`);
  console.log('');
  console.log(
    `Generated ${Number(added).toLocaleString('en')} entries (${step.from} to ${step.to}) in ${ms(genMs)}, rebuilt the rollups in ${ms(rollupMs)} (${Number(size.rollups).toLocaleString('en')} rows), then VACUUM ANALYZE + CHECKPOINT ${ms(vacuumMs)}. Now ${Number(size.entries).toLocaleString('en')} entries of ${Number(size.users).toLocaleString('en')} users, ${Number(size.tags).toLocaleString('en')} tag links, ${Number(size.invoiced).toLocaleString('en')} entries on ${Number(size.invoices).toLocaleString('en')} invoices; database ${mb(Number(size.bytes))}.`,
  );
  // Each part's wall time, so that the run's length can be read off the generation table.
  const spent = {};
  const timed = async (part, f) => {
    const t = performance.now();
    await f();
    spent[part] = performance.now() - t;
  };
  if (PARTS.has('lists') || PARTS.has('reports')) {
    const api = await startApi(database.url);
    try {
      if (PARTS.has('lists')) await timed('lists', () => measureLists(api, label));
      if (PARTS.has('reports')) await timed('reports', () => measureReports(api, label));
    } finally {
      await api.stop();
    }
  }
  if (PARTS.has('writes')) await timed('writes', () => reportWrites(label));
  if (PARTS.has('export')) await timed('export', () => measureExport(label));
  generation.at(-1).push(...MEASURED_PARTS.map((part) => (part in spent ? ms(spent[part]) : '—')));
}
await db.end();
await database.drop();

console.log('');
console.log('## Generation');
console.log('');
console.log(`Base (users, teams, clients, projects, tasks, tags, rates): ${ms(baseMs)}`);
console.log('');
table(
  [
    'step',
    'entries added',
    'generation',
    'rollups rebuilt',
    'rollup rows',
    'VACUUM ANALYZE + CHECKPOINT',
    ...MEASURED_PARTS,
  ],
  generation,
);
if (STEPS.length > 1) {
  console.log('');
  console.log('## Growth');
  const labels = STEPS.map((s) => s.toLocaleString('en'));
  const sections = [...new Set([...growth.keys()].map((k) => k.split('\u0000')[0]))];
  for (const section of sections) {
    console.log('');
    console.log(`${section}:`);
    console.log('');
    table(
      ['figure', ...labels],
      [...growth.entries()]
        .filter(([k]) => k.startsWith(`${section}\u0000`))
        .map(([k, v]) => [k.split('\u0000')[1], ...labels.map((l) => v.get(l) ?? '—')]),
    );
  }
}
console.log('');
console.log(`Whole run: ${ms(performance.now() - started)}; heavy users: ${HEAVY_USERS}`);
