import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportWorld, type ReportWorld, type Session } from './report-fixtures';
import { signInNewUser } from './support';

/**
 * The XLSX exports (issue #20 §2): the time-entry list with the CSV's filters, columns and
 * money rules, and the report summary as the Reports screen shows it, read back with exceljs:
 * dates are dates, durations numbers shown as [h]:mm, amounts numbers, formulas neutralized.
 */
let w: ReportWorld;
let carol: Session; // an accountant
const ENTRIES = '/api/v1/exports/time-entries.xlsx';
const SUMMARY = '/api/v1/exports/report-summary.xlsx';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function binaryParser(res: NodeJS.ReadableStream, done: (e: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function download(who: Session, url: string) {
  const res = await who.agent
    .get(url)
    .buffer(true)
    .parse(binaryParser as unknown as Parameters<request.Test['parse']>[0])
    .expect(200);
  expect(res.headers['content-type']).toBe(XLSX);
  const body = res.body as Buffer;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0]!;
  const rows: ExcelJS.Row[] = [];
  ws.eachRow({ includeEmpty: true }, (r) => rows.push(r));
  const xml = await (await JSZip.loadAsync(body)).file('xl/worksheets/sheet1.xml')!.async('string');
  return {
    res,
    ws,
    rows,
    xml /** A row's cells from A on, an empty one as null. */,
    values: (r: number) => Array.from((ws.getRow(r).values as unknown[]).slice(1), (v) => v ?? null),
  };
}

/** An Excel serial (days since 1899-12-30) back from the Date exceljs reads a formatted number as. */
const serial = (d: unknown) => (d as Date).getTime() / 86_400_000 + 25_569;
/** A duration cell in seconds: exceljs reads [h]:mm as a date (its format has an h), the file holds a number. */
const durationSeconds = (v: unknown) => Math.round(serial(v) * 86_400);

beforeAll(async () => {
  w = await reportWorld();
  carol = await signInNewUser(w.app, w.admin, {
    username: 'carol',
    password: 'amber-heron-1618',
    role: 'accountant',
  });
  await w.sql(
    `INSERT INTO rates (kind, user_id, effective_from, amount) VALUES ('cost', $1, '1970-01-01', '40.00')`,
    [w.alice.user.id],
  );
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  await w.sql(`UPDATE settings SET rates_visible_to_all = true, timezone = 'Europe/Rome', currency = 'EUR'`);
  await w.sql(`DELETE FROM time_entries`);
});

describe('time entries as XLSX', () => {
  it('writes the default columns as values: dates, numbers, booleans, times in the zone', async () => {
    const id = await w.entry(w.alice, w.projects.web, '2025-03-09T23:30:00Z', 5400, {
      notes: '=HYPERLINK("http://evil")',
      tags: 'a,b',
    });
    await w.sql(`UPDATE time_entries SET break_seconds = 1800 WHERE id = $1`, [id]);
    await w.entry(w.alice, w.projects.support, '2025-07-01T06:00:00Z', 1800, {
      billable: false,
      notes: '+1',
    });
    const { res, ws, rows, values } = await download(w.alice, ENTRIES);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="time-entries-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    expect(rows).toHaveLength(3);
    expect(values(1)).toEqual([
      'date',
      'user',
      'project',
      'task',
      'start',
      'end',
      'duration_hours',
      'break',
      'notes',
      'tags',
      'billable',
    ]);
    const [date, user, project, task, start, end, hours, brk, notes, tags, billable] = values(2);
    // The Rome wall-clock day and times, as the CSV shows them (00:30+01:00), as real dates.
    expect(date).toEqual(new Date('2025-03-10T00:00:00Z'));
    expect(ws.getCell('A2').numFmt).toBe('yyyy-mm-dd');
    expect(start).toEqual(new Date('2025-03-10T00:30:00Z'));
    expect(end).toEqual(new Date('2025-03-10T02:00:00Z'));
    expect(ws.getCell('E2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect([user, project, task]).toEqual(['alice', 'Web', null]);
    expect(hours).toBe(1.5);
    expect(ws.getCell('G2').numFmt).toBe('0.00');
    expect(ws.getCell('H2').numFmt).toBe('[h]:mm');
    expect(durationSeconds(brk)).toBe(1800);
    expect(notes).toBe(`'=HYPERLINK("http://evil")`);
    expect(ws.getCell('I2').type).toBe(ExcelJS.ValueType.String);
    expect(tags).toBe('a, b');
    expect(billable).toBe(true);
    expect(values(3)).toEqual([
      new Date('2025-07-01T00:00:00Z'),
      'alice',
      'Support',
      null,
      new Date('2025-07-01T08:00:00Z'),
      new Date('2025-07-01T08:30:00Z'),
      0.5,
      expect.any(Date),
      "'+1",
      null,
      false,
    ]);
  });

  it('keeps numbers numbers and text text in the file itself, with any characters', async () => {
    const id = await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 3725, {
      notes: 'He said "hi"\nthen\ttab \\ back, Zoë ✓ -2',
      tags: '@cmd',
    });
    await w.entry(w.alice, w.projects.internal, new Date().toISOString(), null, { notes: 'running' });
    const { ws, values, xml } = await download(
      w.alice,
      `${ENTRIES}?includeRunning=true&columns=id,duration_seconds,duration_hms,rate,amount,notes,tags,end,invoice_number,client`,
    );
    const [rowId, seconds, hms, rate, amount, notes, tags, end, invoice, client] = values(2);
    expect([rowId, seconds, rate, amount]).toEqual([id, 3725, 85, 87.95]);
    expect(durationSeconds(hms)).toBe(3725);
    expect(ws.getCell('C2').numFmt).toBe('[h]:mm:ss');
    expect(ws.getCell('D2').numFmt).toBe('#,##0.00');
    expect(ws.getCell('E2').numFmt).toBe('#,##0.00');
    expect(notes).toBe('He said "hi"\nthen\ttab \\ back, Zoë ✓ -2');
    expect(tags).toBe("'@cmd");
    expect([end, invoice, client]).toEqual([expect.any(Date), null, 'Acme']);
    // The running entry: no end, no amount (Internal has no rate).
    const running = values(3);
    expect([running[5], running[7], running[4]]).toEqual(['running', null, null]);
    // In the XML: the duration and amount are plain numbers (no t="s"/"inlineStr"), the notes inline text.
    expect(xml).toMatch(/<c r="C2" s="\d+"><v>0\.043113425925925/);
    expect(xml).toMatch(/<c r="E2" s="\d+"><v>87\.95<\/v><\/c>/);
    expect(xml).toMatch(/<c r="F2" t="str"><v>He said/);
  });

  it('shows each role its own entries and money as the CSV does', async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 3600, { notes: 'alice' });
    await w.entry(w.bob, w.projects.web, '2025-03-03T10:00:00Z', 1800, { notes: 'bob' });
    const notesOf = async (who: Session, q = '') =>
      (await download(who, `${ENTRIES}?columns=notes&${q}`)).rows.slice(1).map((r) => r.getCell(1).value);
    expect(await notesOf(w.alice)).toEqual(['alice']);
    expect(await notesOf(w.bob)).toEqual(['bob']);
    expect(await notesOf(w.admin)).toEqual(['alice', 'bob']);
    expect(await notesOf(carol, `users=${w.bob.user.id}`)).toEqual(['bob']);

    // Cost and margin: admins and accountants only; rate and amount: whom may see rates.
    const { values } = await download(
      carol,
      `${ENTRIES}?columns=notes,amount,cost,margin&users=${w.alice.user.id}`,
    );
    expect(values(2)).toEqual(['alice', 85, 40, 45]);
    const refused = await w.alice.agent.get(`${ENTRIES}?columns=notes,cost`).expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    await w.sql(`UPDATE settings SET rates_visible_to_all = false`);
    await w.alice.agent.get(`${ENTRIES}?columns=amount`).expect(403);
    expect((await download(w.admin, `${ENTRIES}?columns=amount`)).values(2)).toEqual([85]);
    const others = await w.alice.agent.get(`${ENTRIES}?users=${w.bob.user.id}`).expect(403);
    expect(others.body.code).toBe('FORBIDDEN');
  });

  it('refuses bad parameters with problem+json before any byte', async () => {
    for (const q of [
      'columns=date,salary',
      'columns=',
      'bom=true',
      'from=2025-03-05T00:00:00Z&to=2025-03-01T00:00:00Z',
      'period=someday',
    ]) {
      const res = await w.alice.agent.get(`${ENTRIES}?${q}`).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION');
    }
    await request(w.app.getHttpServer()).get(ENTRIES).expect(401);
  });
});

describe('the report summary as XLSX', () => {
  it('has a row per group and a total, hours as durations, money for whom may see it', async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 5400);
    await w.entry(w.alice, w.projects.internal, '2025-03-04T09:00:00Z', 1800, { billable: false });
    await w.sql(`UPDATE projects SET name = '=cmd|calc' WHERE id = $1`, [w.projects.internal]);
    const range = 'from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z';
    const { rows, values } = await download(
      carol,
      `${SUMMARY}?${range}&groupBy=project&users=${w.alice.user.id}`,
    );
    const header = rows.findIndex((r) => r.getCell(1).value === 'Project') + 1;
    expect(header).toBeGreaterThan(1);
    expect(values(1)).toEqual(['Time report']);
    expect(values(header)).toEqual([
      'Project',
      'Hours',
      'Billable hours',
      'Breaks',
      'Amount (EUR)',
      'Cost (EUR)',
      'Margin (EUR)',
      'Entries',
    ]);
    const body = [values(header + 1), values(header + 2)].sort((a, b) =>
      String(a[0]).localeCompare(String(b[0])),
    );
    const [internal, web] = body;
    expect(internal![0]).toBe("'=cmd|calc");
    expect(durationSeconds(internal![1])).toBe(1800);
    expect(durationSeconds(internal![2])).toBe(0);
    expect(internal!.slice(4)).toEqual([0, 20, -20, 1]);
    expect(web![0]).toBe('Web');
    expect(durationSeconds(web![1])).toBe(5400);
    expect(web!.slice(4)).toEqual([127.5, 60, 67.5, 1]);
    const total = values(header + 3);
    expect(total[0]).toBe('Total');
    expect(durationSeconds(total[1])).toBe(7200);
    expect(total.slice(4)).toEqual([127.5, 80, 47.5, 2]);
    expect(rows[header + 1]!.getCell(2).numFmt).toBe('[h]:mm');

    // A plain user with rates hidden: no money column at all.
    await w.sql(`UPDATE settings SET rates_visible_to_all = false`);
    const plain = await download(w.alice, `${SUMMARY}?${range}&groupBy=day`);
    const at = plain.rows.findIndex((r) => r.getCell(1).value === 'Day') + 1;
    expect(plain.values(at)).toEqual(['Day', 'Hours', 'Billable hours', 'Breaks', 'Entries']);
    expect(plain.values(at + 1)[0]).toEqual(new Date('2025-03-03T00:00:00Z'));
    expect(plain.values(at + 2)[0]).toEqual(new Date('2025-03-04T00:00:00Z'));
    expect(plain.values(at + 3)[0]).toBe('Total');
  });

  it('refuses bad parameters and others’ time like the summary', async () => {
    const bad = await w.alice.agent.get(`${SUMMARY}?groupBy=salary`).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    await w.alice.agent.get(`${SUMMARY}?users=${w.bob.user.id}`).expect(403);
    await request(w.app.getHttpServer()).get(SUMMARY).expect(401);
  });
});
