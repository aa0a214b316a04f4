// Where an export's memory goes: the time-entries CSV or XLSX of the last 365 days for everyone
// (as bench:scale's export), on an API process started for it that samples its own memory twice
// a second (memory-probe.mjs). Prints the API's peak RSS (VmHWM), the export process's (sampled
// every 50 ms; none with API_EXPORT_PROCESSES=0), the latency of the admin's first page of
// entries requested one at a time during the export, and the API's samples: RSS, V8's heap
// (committed, in use, the old generation's part), memory outside the heap and the ArrayBuffers in
// it (Buffers), so a reader sees whether the peak is live data or garbage awaiting a collection.
//
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/lists_scale \
//          node bench/scale/export-memory.mjs [xlsx|csv]
//   on a database made by bench/scale/data.mjs (kept; drop it when done); MEMORY_PROBE_MS=500.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { insertApiToken, startApi } from '../lib.mjs';

const url = process.env.DATABASE_URL;
const format = process.argv[2] ?? 'xlsx';
if (!url || !['xlsx', 'csv'].includes(format)) {
  console.error('Usage: DATABASE_URL=… node bench/scale/export-memory.mjs [xlsx|csv]');
  process.exit(2);
}
const probe = new URL('memory-probe.mjs', import.meta.url).href;
const samples = path.join(tmpdir(), `tt-export-memory-${process.pid}.jsonl`);

const db = new pg.Client({ connectionString: url });
await db.connect();
const admin = (await db.query(`SELECT id FROM users WHERE username = 'admin'`)).rows[0].id;
const token = `ttpat_${randomBytes(24).toString('hex')}`;
const tokenId = await insertApiToken(db, admin, token, 'export-memory');

const api = await startApi(url, { MEMORY_PROBE_FILE: samples }, ['--import', probe]);
let result;
try {
  const rssBefore = api.rssBytes();
  const children = api.watchChildren();
  const now = Date.now();
  const range = `from=${new Date(now - 365 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`;
  const start = performance.now();
  const res = await fetch(`${api.base}/api/v1/exports/time-entries.${format}?${range}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
  // Meanwhile, one request at a time, what every other user waits on: the first page of the
  // admin's entry list.
  let exporting = true;
  const latencies = [];
  const lists = (async () => {
    while (exporting) {
      const t = performance.now();
      const list = await fetch(`${api.base}/api/v1/time-entries?pageSize=50`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await list.arrayBuffer();
      latencies.push(performance.now() - t);
    }
  })();
  let bytes = 0;
  for await (const chunk of res.body) bytes += chunk.length;
  exporting = false;
  await lists;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  result = {
    lists: { n: latencies.length, p50: pct(50), p99: pct(99) },
    bytes,
    ms: performance.now() - start,
    rssBefore,
    peak: api.peakRssBytes(),
    childPeak: children.stop(),
  };
} finally {
  await api.stop();
  await db.query(`DELETE FROM api_tokens WHERE id = $1`, [tokenId]);
  await db.end();
}

const mb = (b) => (b / 1024 / 1024).toFixed(0);
console.log(
  `${format.toUpperCase()} of the last 365 days: ${mb(result.bytes)} MB in ${(result.ms / 1000).toFixed(1)} s; ` +
    `API: RSS ${mb(result.rssBefore)} MB before the request, peak (VmHWM) ${mb(result.peak)} MB; ` +
    `the export's process (sampled): ${result.childPeak ? `peak ${mb(result.childPeak)} MB` : 'none (API_EXPORT_PROCESSES=0)'}`,
);
console.log(
  `Meanwhile the admin's first page of entries, one request at a time: ${result.lists.n} requests, ` +
    `p50 ${result.lists.p50.toFixed(0)} ms, p99 ${result.lists.p99.toFixed(0)} ms`,
);
console.log('');
console.log(
  '| s | RSS | heap committed | heap in use | old generation in use | outside the heap | of it ArrayBuffers |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const line of readFileSync(samples, 'utf8').trim().split('\n')) {
  const s = JSON.parse(line);
  const cells = [s.rss, s.heapTotal, s.heapUsed, s.oldUsed, s.external, s.arrayBuffers].map(mb);
  console.log(`| ${(s.ms / 1000).toFixed(1)} | ${cells.join(' | ')} |`);
}
rmSync(samples, { force: true });
