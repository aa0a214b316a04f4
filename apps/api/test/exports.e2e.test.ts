import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportWorld, type ReportWorld, type Session } from './report-fixtures';

let w: ReportWorld;
const URL = '/api/v1/exports/time-entries.csv';
const csv = async (who: Session, query = '') => {
  const res = await who.agent
    .get(`${URL}?${query}`)
    .buffer(true)
    .parse(textParser as unknown as Parameters<request.Test['parse']>[0]);
  return { status: res.status, headers: res.headers, text: res.body as string, body: res.body };
};
// supertest leaves text/csv unparsed: collect it as a string.
function textParser(
  res: NodeJS.ReadableStream & { setEncoding(e: string): void },
  done: (e: Error | null, body: string) => void,
) {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => done(null, text));
}
const lines = (text: string) => text.split('\r\n').slice(0, -1);

beforeAll(async () => {
  w = await reportWorld();
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  // These tests price the users' own time: everyone sees money here (roles.md; hidden money
  // is tested in roles-visibility.e2e.test.ts).
  await w.sql(
    `UPDATE settings SET rates_visible_to_all = true, timezone = 'Europe/Rome', export_delimiter = ','`,
  );
  await w.sql(`DELETE FROM time_entries`);
});

describe('CSV export', () => {
  it('has a header row and the default columns, times in the zone with their offset', async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-09T23:30:00Z', 5400, { notes: 'plain', tags: 'a,b' });
    await w.entry(w.alice, w.projects.support, '2025-07-01T06:00:00Z', 1800, { billable: false });
    const res = await csv(w.alice);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="time-entries-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(lines(res.text)).toEqual([
      'date,user,project,task,start,end,duration_hours,break,notes,tags,billable',
      '2025-03-10,alice,Web,,2025-03-10T00:30:00+01:00,2025-03-10T02:00:00+01:00,1.50,0:00,plain,"a, b",true',
      '2025-07-01,alice,Support,,2025-07-01T08:00:00+02:00,2025-07-01T08:30:00+02:00,0.50,0:00,,,false',
    ]);
    expect(res.text.charCodeAt(0)).not.toBe(0xfeff);
    const bom = await csv(w.alice, 'bom=true');
    expect(bom.text.startsWith('\uFEFFdate,')).toBe(true);
  });

  it('writes the chosen columns in the chosen order', async () => {
    const id = await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 1200);
    await w.entry(w.alice, w.projects.internal, '2025-03-03T10:00:00Z', 3725);
    const res = await csv(
      w.alice,
      'columns=id,client,rate,amount,duration_seconds,duration_hms,duration_hours,source,invoice_number,user',
    );
    expect(lines(res.text)).toEqual([
      'id,client,rate,amount,duration_seconds,duration_hms,duration_hours,source,invoice_number,user',
      `${id},Acme,85.00,28.33,1200,00:20:00,0.33,manual,,alice`,
      `${id + 1},Inhouse,,,3725,01:02:05,1.03,manual,,alice`,
    ]);
    const bad = await w.alice.agent.get(`${URL}?columns=date,salary`).expect(400);
    expect(bad.body.code).toBe('VALIDATION');
    await w.alice.agent.get(`${URL}?columns=`).expect(400);
  });

  it('quotes delimiters, quotes and line breaks (RFC 4180) and neutralizes formulas', async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 60, {
      notes: 'He said "hi", then\nleft; ok',
    });
    await w.entry(w.alice, w.projects.web, '2025-03-03T10:00:00Z', 60, {
      notes: '=HYPERLINK("http://evil")',
    });
    await w.entry(w.alice, w.projects.web, '2025-03-03T11:00:00Z', 60, { notes: '+1', tags: '@cmd' });
    await w.entry(w.alice, w.projects.web, '2025-03-03T12:00:00Z', 60, { notes: '-2' });
    const res = await csv(w.alice, 'columns=notes,tags');
    expect(res.text).toBe(
      'notes,tags\r\n' +
        '"He said ""hi"", then\nleft; ok",\r\n' +
        `"'=HYPERLINK(""http://evil"")",\r\n` +
        "'+1,'@cmd\r\n" +
        "'-2,\r\n",
    );
    await w.sql(`UPDATE settings SET export_delimiter = ';'`);
    expect((await csv(w.alice, 'columns=notes,duration_hours')).text).toBe(
      'notes;duration_hours\r\n' +
        '"He said ""hi"", then\nleft; ok";0.02\r\n' +
        `"'=HYPERLINK(""http://evil"")";0.02\r\n` +
        "'+1;0.02\r\n'-2;0.02\r\n",
    );
    await w.sql(`UPDATE settings SET export_delimiter = E'\\t'`);
    expect(lines((await csv(w.alice, 'columns=date,notes,billable')).text).slice(0, 2)).toEqual([
      'date\tnotes\tbillable',
      '2025-03-03\t"He said ""hi"", then\nleft; ok"\ttrue',
    ]);
  });

  it('takes the report filters, and never shows a user anyone else’s time', async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 60, { notes: 'alice web' });
    await w.entry(w.alice, w.projects.support, '2025-03-04T09:00:00Z', 60, { notes: 'alice support' });
    await w.entry(w.bob, w.projects.web, '2025-03-03T09:00:00Z', 60, { notes: 'bob web' });
    await w.entry(w.alice, w.projects.web, new Date().toISOString(), null, { notes: 'alice running' });
    const notes = async (who: Session, q = '') => lines((await csv(who, `columns=notes&${q}`)).text).slice(1);
    expect(await notes(w.alice)).toEqual(['alice web', 'alice support']);
    expect(await notes(w.bob)).toEqual(['bob web']);
    expect(await notes(w.admin)).toEqual(['alice web', 'bob web', 'alice support']);
    expect(await notes(w.admin, `users=${w.bob.user.id}`)).toEqual(['bob web']);
    expect(await notes(w.alice, `projects=${w.projects.support}`)).toEqual(['alice support']);
    expect(await notes(w.alice, 'from=2025-03-04T00:00:00%2B01:00')).toEqual(['alice support']);
    expect(await notes(w.alice, 'from=2025-03-04T00:00:00%2B01:00&includeRunning=true')).toEqual([
      'alice support',
      'alice running',
    ]);
    expect(await notes(w.alice, 'includeRunning=true')).toEqual([
      'alice web',
      'alice support',
      'alice running',
    ]);
    const refused = await w.alice.agent.get(`${URL}?users=${w.bob.user.id}`).expect(403);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    await request(w.app.getHttpServer()).get(URL).expect(401);
  });
});

describe('a large export', () => {
  const ROWS = 50_000;

  it(`streams ${ROWS} rows complete and in order, in batches, without holding them`, async () => {
    await w.sql(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, notes, billable, source)
       SELECT $1, $2, ts, ts + interval '30 minutes', 1800, 'entry ' || n || ', "quoted"', true, 'manual'
         FROM generate_series(1, $3::int) n, LATERAL (SELECT '2024-01-01T00:00:00Z'::timestamptz + n * interval '1 hour') x(ts)`,
      [w.alice.user.id, w.projects.web, ROWS],
    );
    const server = w.app.getHttpServer() as http.Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const token = (
      await w.alice.agent
        .post('/api/v1/tokens')
        .set('X-CSRF-Token', w.alice.csrf)
        .send({ name: 'big' })
        .expect(201)
    ).body.token as string;

    // Read it as a client would, keeping only counts; sample the live heap (after a forced
    // collection, so garbage not yet collected does not count) while it flows.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run with --expose-gc (vitest.config.mts execArgv)');
    const liveHeap = () => (gc(), process.memoryUsage().heapUsed);
    const heapBefore = liveHeap();
    let peakHeap = heapBefore;
    let chunks = 0;
    let tail = '';
    let rows = -1; // the header
    let lastNote = '';
    await new Promise<void>((resolve, reject) => {
      http
        .get(
          { port, path: `${URL}?columns=id,notes,amount`, headers: { Authorization: `Bearer ${token}` } },
          (res) => {
            expect(res.statusCode).toBe(200);
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              chunks++;
              const parts = (tail + chunk).split('\r\n');
              tail = parts.pop()!;
              rows += parts.length;
              if (parts.length) lastNote = parts[parts.length - 1]!;
              if (chunks % 25 === 0) peakHeap = Math.max(peakHeap, liveHeap());
            });
            res.on('end', resolve);
            res.on('error', reject);
          },
        )
        .on('error', reject);
    });
    expect(tail).toBe('');
    expect(rows).toBe(ROWS);
    expect(lastNote).toMatch(new RegExp(`^\\d+,"entry ${ROWS}, ""quoted""",42\\.50$`));
    expect(chunks).toBeGreaterThan(10); // it arrived as a stream, not as one body
    // Only what is in flight is alive (socket buffers, a chunk or two): a few MB. Holding all
    // 50,000 rows as objects (or the whole body) would keep tens of MB alive.
    expect(peakHeap - heapBefore).toBeLessThan(16 * 1024 * 1024);

    // A client that goes away mid-download ends the database's COPY and its connection.
    const copies = async () =>
      (
        await w.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY (%'`,
        )
      )[0]!.n;
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ port, path: URL, headers: { Authorization: `Bearer ${token}` } }, (res) =>
        res.once('data', () => (req.destroy(), resolve())),
      );
      req.on('error', (err) =>
        (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(err),
      );
    });
    const deadline = Date.now() + 5000;
    while ((await copies()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await copies()).toBe(0);
  }, 120_000);
});
