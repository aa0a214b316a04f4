import ExcelJS from 'exceljs';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ExportProcesses } from '../src/exports/export-process';
import { reportWorld, type ReportWorld } from './report-fixtures';
import { ADMIN, signIn, startApi } from './support';

/**
 * Time-entries exports written by processes of their own (API_EXPORT_PROCESSES, the default 2):
 * the same bytes as the API's own process writes, under the V8 caps, a few at a time, and a
 * process that fails or whose client goes away never leaves a complete-looking file or a query
 * behind.
 */
let w: ReportWorld;
/** The same database with exports written in the API's own process. */
let inProcess: ApiApp;
/** The same database with one export process at a time. */
let single: ApiApp;
const ROWS = 100_000;
const CSV = '/api/v1/exports/time-entries.csv';
const XLSX = '/api/v1/exports/time-entries.xlsx';

async function tokenOf(app: ApiApp): Promise<string> {
  const admin = await signIn(app, ADMIN);
  const res = await admin.agent
    .post('/api/v1/tokens')
    .set('X-CSRF-Token', admin.csrf)
    .send({ name: 'export' });
  return res.body.token as string;
}

async function portOf(app: ApiApp): Promise<number> {
  const server = app.getHttpServer() as http.Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A download as a client reads it: the status, the whole body, and whether it ended cleanly. */
interface Download {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  complete: boolean;
}

/**
 * Starts a download and hands back its response paused after the head, with `finish()` to read
 * the rest (and `abort()` to go away).
 */
function open(port: number, token: string, path: string) {
  return new Promise<{ res: http.IncomingMessage; req: http.ClientRequest; finish(): Promise<Download> }>(
    (resolve, reject) => {
      const req = http.get(
        { port, path, headers: { Authorization: `Bearer ${token}` }, agent: false },
        (res) => {
          res.pause();
          resolve({
            res,
            req,
            finish: () =>
              new Promise<Download>((done) => {
                const chunks: Buffer[] = [];
                const result = (complete: boolean) =>
                  done({
                    status: res.statusCode!,
                    headers: res.headers,
                    body: Buffer.concat(chunks),
                    complete,
                  });
                res.on('data', (c: Buffer) => chunks.push(c));
                res.once('end', () => result(res.complete));
                res.once('error', () => result(false));
                res.once('aborted', () => result(false));
                res.resume();
              }),
          });
        },
      );
      req.on('error', reject);
    },
  );
}

const download = async (port: number, token: string, path: string) =>
  (await open(port, token, path)).finish();

/** The export processes running under this test's process (the APIs run in it). */
function exportChildren(): { pid: number; args: string[] }[] {
  const children = readdirSync(`/proc/${process.pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean),
  );
  return children.flatMap((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      return args.some((a) => a.endsWith('export-main.js')) ? [{ pid: Number(pid), args }] : [];
    } catch {
      return []; // ended meanwhile
    }
  });
}

/** Waits (polling, up to 20 s) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const copies = async () =>
  (
    await w.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY (%'`,
    )
  )[0]!.n;

beforeAll(async () => {
  w = await reportWorld();
  await w.sql(`UPDATE settings SET rates_visible_to_all = true, timezone = 'Europe/Rome'`);
  // Enough that the client's and the kernel's buffers fill: a paused client holds its process.
  await w.sql(
    `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, notes, billable, source)
     SELECT $1, $2, ts, ts + interval '30 minutes', 1800, 'entry ' || n || ', "quoted" =1+1', n % 3 > 0, 'manual'
       FROM generate_series(1, $3::int) n, LATERAL (SELECT '2024-01-01T00:00:00Z'::timestamptz + n * interval '1 hour') x(ts)`,
    [w.alice.user.id, w.projects.web, ROWS],
  );
  inProcess = await startApi(w.db.url, { API_EXPORT_PROCESSES: '0' });
  single = await startApi(w.db.url, { API_EXPORT_PROCESSES: '1' });
}, 120_000);
afterAll(async () => {
  await inProcess?.close();
  await single?.close();
  await w?.close();
});

describe('an export in a process of its own', () => {
  it('writes the same CSV bytes and XLSX cells as the API’s own process', async () => {
    const [port, token] = [await portOf(w.app), await tokenOf(w.app)];
    const [ownPort, ownToken] = [await portOf(inProcess), await tokenOf(inProcess)];
    const columns = 'columns=id,date,start,end,duration_hms,notes,billable,amount,tags';
    for (const query of [`${columns}&bom=true`, `${columns}&from=2030-01-01T00:00:00Z`]) {
      const [child, own] = [
        await download(port, token, `${CSV}?${query}`),
        await download(ownPort, ownToken, `${CSV}?${query}`),
      ];
      expect(child.status).toBe(200);
      expect(child.complete).toBe(true);
      expect(child.headers['content-disposition']).toBe(own.headers['content-disposition']);
      expect(child.body.equals(own.body)).toBe(true);
    }
    expect((await download(port, token, `${CSV}?${columns}`)).body.toString().split('\r\n')).toHaveLength(
      ROWS + 2, // the header, and the empty string after the last CRLF
    );
    // HEAD: the head alone (the body Node drops), and the connection goes on.
    const head = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .request({ port, path: CSV, method: 'HEAD', headers: { Authorization: `Bearer ${token}` } }, resolve)
        .on('error', reject)
        .end(),
    );
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(head.headers.connection).not.toBe('close');
    // A request with no socket to hand over (injected): the bytes pass through the API.
    const injected = await w.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `${CSV}?${columns}&bom=true`,
        headers: { authorization: `Bearer ${token}` },
      });
    expect(injected.statusCode).toBe(200);
    expect(injected.headers.connection).not.toBe('close');
    expect(
      injected.rawPayload.equals((await download(ownPort, ownToken, `${CSV}?${columns}&bom=true`)).body),
    ).toBe(true);

    const cells = async (body: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
      const rows: unknown[] = [];
      wb.worksheets[0]!.eachRow((r) => rows.push(r.values));
      return rows;
    };
    const query = `${columns}&to=2024-02-01T00:00:00Z`;
    const [child, own] = [
      await download(port, token, `${XLSX}?${query}`),
      await download(ownPort, ownToken, `${XLSX}?${query}`),
    ];
    expect(child.complete).toBe(true);
    const rows = await cells(child.body);
    expect(rows).toHaveLength(1 + 31 * 24 - 1); // the header, then an entry an hour from 01:00 on the 1st
    expect(rows).toEqual(await cells(own.body));
  }, 120_000);

  it('runs under the V8 caps, and a client that goes away ends it and its query', async () => {
    const [port, token] = [await portOf(w.app), await tokenOf(w.app)];
    const held = await open(port, token, CSV);
    expect(held.res.statusCode).toBe(200);
    expect(held.res.headers.connection).toBe('close');
    // The client reads nothing more: its process waits on the full socket, its COPY open.
    await until(() => exportChildren().length === 1, 'the export process runs');
    const [child] = exportChildren();
    expect(child!.args).toEqual(
      expect.arrayContaining(['--max-old-space-size=128', '--max-semi-space-size=4']),
    );
    expect(await copies()).toBe(1);

    held.req.destroy();
    await until(() => exportChildren().length === 0, 'the export process ends');
    await until(async () => (await copies()) === 0, 'its COPY ends');
  }, 60_000);

  it('cuts the download short when its process dies half-way', async () => {
    const [port, token] = [await portOf(w.app), await tokenOf(w.app)];
    const held = await open(port, token, CSV);
    await until(() => exportChildren().length === 1, 'the export process runs');
    process.kill(exportChildren()[0]!.pid, 'SIGKILL');
    const cut = await held.finish();
    expect(cut.status).toBe(200);
    expect(cut.complete).toBe(false);
    expect(cut.body.toString().split('\r\n').length).toBeLessThan(ROWS + 2);
    await until(async () => (await copies()) === 0, 'its COPY ends');

    // The next export is whole again.
    const whole = await download(port, token, `${CSV}?columns=id`);
    expect(whole.complete).toBe(true);
    expect(whole.body.toString().split('\r\n')).toHaveLength(ROWS + 2);
  }, 60_000);

  it('runs API_EXPORT_PROCESSES at a time; the next waits its turn', async () => {
    const [port, token] = [await portOf(single), await tokenOf(single)];
    const processes = single.get(ExportProcesses);
    const first = await open(port, token, CSV);
    await until(() => exportChildren().length === 1, 'the first export runs');
    const second = open(port, token, `${CSV}?columns=id`);
    await until(() => processes.waiting === 1, 'the second export waits');
    expect(exportChildren()).toHaveLength(1);
    expect(await copies()).toBe(1);

    const firstDone = await first.finish();
    expect(firstDone.complete).toBe(true);
    const secondDone = await (await second).finish();
    expect(secondDone.complete).toBe(true);
    expect(secondDone.body.toString().split('\r\n')).toHaveLength(ROWS + 2);
    expect(processes.waiting).toBe(0);
  }, 60_000);

  it('answers a query the database refuses with a problem, not a download', async () => {
    // A reports database whose account may read the settings but not the entries: the COPY fails
    // before any byte, in the export's process.
    const role = `tt_no_entries_${process.pid}`;
    await w.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'no-entries-here'`);
    await w.sql(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
    await w.sql(`REVOKE SELECT ON time_entries FROM ${role}`);
    const url = new URL(w.db.url);
    url.username = role;
    url.password = 'no-entries-here';
    const refused = await startApi(w.db.url, { DATABASE_REPLICA_URL: url.toString() });
    try {
      const [port, token] = [await portOf(refused), await tokenOf(refused)];
      const res = await download(port, token, CSV);
      expect(res.status).toBe(500);
      expect(res.headers.connection).toBe('close'); // the socket went to the process
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.body.toString())).toMatchObject({ status: 500, code: 'INTERNAL' });
      expect(exportChildren()).toHaveLength(0);
    } finally {
      await refused.close();
      await w.sql(`DROP OWNED BY ${role}`);
      await w.sql(`DROP ROLE ${role}`);
    }
  }, 60_000);
});
