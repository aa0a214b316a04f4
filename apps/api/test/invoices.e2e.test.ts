import { SYSTEM_ACTOR, TimeEntriesRepository, type TimerSteps } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { ROLLUP_DRIFT_SQL } from '@timetracker/startup/testing';
import request from 'supertest';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportWorld, type ReportWorld, type Session } from './report-fixtures';

let w: ReportWorld;
/** Consulting: 75.00/h on client Acme (the original app's oracle figures). */
let consulting: number;
let bearer: string;
const http = () => request(w.app.getHttpServer());

const post = (who: Session, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const patch = (who: Session, url: string, body: object) =>
  who.agent.patch(url).set('X-CSRF-Token', who.csrf).send(body);
const del = (who: Session, url: string) => who.agent.delete(url).set('X-CSRF-Token', who.csrf);
const create = (body: object) => post(w.admin, '/api/v1/invoices', body);
const generate = (id: number, body: object) => post(w.admin, `/api/v1/invoices/${id}/generate`, body);
const linkOf = async (entryId: number) =>
  (
    await w.sql<{ item: number | null }>(`SELECT invoice_item_id AS item FROM time_entries WHERE id = $1`, [
      entryId,
    ])
  )[0]!.item;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());

beforeAll(async () => {
  w = await reportWorld();
  consulting = (
    await w.sql<{ id: number }>(
      `INSERT INTO projects (name, client_id) VALUES ('Consulting', $1) RETURNING id`,
      [w.clients.acme],
    )
  )[0]!.id;
  await w.sql(
    `INSERT INTO rates (kind, project_id, effective_from, amount) VALUES ('billable', $1, '1970-01-01', '75.00')`,
    [consulting],
  );
  await w.sql(
    `UPDATE clients SET email = 'billing@acme.test', address = '1 Road Runner Way' WHERE name = 'Acme'`,
  );
  bearer = `Bearer ${(await post(w.admin, '/api/v1/tokens', { name: 'invoices' }).expect(201)).body.token}`;
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  await w.sql(
    `UPDATE settings SET timezone = 'Europe/Rome', currency = 'EUR', invoice_prefix = 'INV', invoice_start_number = 1000,
            invoice_notes = 'Thank you!', invoice_terms = 'Net 30'`,
  );
  await w.sql(`DELETE FROM invoices`);
  await w.sql(`DELETE FROM time_entries`);
});

describe('creating and totals', () => {
  it('bills 10 h at 75.00 as 750.00, with 20 % tax 150.00 and a total of 900.00 (stored exactly)', async () => {
    const a = await w.entry(w.alice, consulting, '2026-03-02T08:00:00Z', 6 * 3600);
    const b = await w.entry(w.bob, consulting, '2026-03-03T08:00:00Z', 4 * 3600);
    const res = await create({
      projectId: consulting,
      taxRate: '20',
      generate: { from: '2026-03-01', to: '2026-03-31', groupBy: 'project' },
    }).expect(201);
    expect(res.body).toMatchObject({
      invoiceNumber: 'INV-1000',
      status: 'draft',
      projectName: 'Consulting',
      clientId: w.clients.acme,
      subtotal: '750.00',
      taxRate: '20.00',
      taxAmount: '150.00',
      totalAmount: '900.00',
      currency: 'EUR',
    });
    expect(res.body.items).toEqual([
      {
        id: expect.any(Number),
        description: 'Consulting',
        quantity: '10.00',
        unitPrice: '75.00',
        totalAmount: '750.00',
        source: 'time',
        timeEntryIds: [a, b],
      },
    ]);
    const [row] = await w.sql(
      `SELECT subtotal::text, tax_amount::text, total_amount::text, pg_typeof(total_amount)::text AS type FROM invoices WHERE id = $1`,
      [res.body.id],
    );
    expect(row).toEqual({
      subtotal: '750.00',
      tax_amount: '150.00',
      total_amount: '900.00',
      type: 'numeric',
    });
    expect(await linkOf(a)).toBe(res.body.items[0].id);
  });

  it("copies the bill-to from the project's client and defaults dates, notes and terms from settings", async () => {
    const res = await create({ projectId: consulting }).expect(201);
    expect(res.body).toMatchObject({
      clientName: 'Acme',
      clientEmail: 'billing@acme.test',
      clientAddress: '1 Road Runner Way',
      issueDate: today(),
      taxRate: '0.00',
      notes: 'Thank you!',
      terms: 'Net 30',
      items: [],
      totalAmount: '0.00',
    });
    const due = new Date(`${today()}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 30);
    expect(res.body.dueDate).toBe(due.toISOString().slice(0, 10));

    const custom = await create({
      projectId: consulting,
      clientName: 'Acme Europe',
      clientEmail: '',
      issueDate: '2026-01-31',
      notes: null,
    }).expect(201);
    expect(custom.body).toMatchObject({
      clientName: 'Acme Europe',
      clientEmail: null,
      clientAddress: '1 Road Runner Way',
      issueDate: '2026-01-31',
      dueDate: '2026-03-02',
      notes: null,
      invoiceNumber: 'INV-1001',
    });
    const edited = await patch(w.admin, `/api/v1/invoices/${custom.body.id}`, {
      clientAddress: 'Via Roma 1',
      dueDate: '2026-02-15',
    }).expect(200);
    expect(edited.body).toMatchObject({ clientAddress: 'Via Roma 1', dueDate: '2026-02-15' });
  });

  it('rounds every line half-up to cents before summing, and the tax half-up on the subtotal', async () => {
    const inv = (await create({ projectId: consulting, taxRate: '8.25' }).expect(201)).body;
    for (let i = 0; i < 3; i++) {
      await post(w.admin, `/api/v1/invoices/${inv.id}/items`, {
        description: 'Tiny',
        quantity: '0.25',
        unitPrice: '0.10',
      }).expect(201);
    }
    let res = await post(w.admin, `/api/v1/invoices/${inv.id}/items`, {
      description: 'Setup fee',
      quantity: '1.15',
      unitPrice: '87.00', // 100.05
    }).expect(201);
    // 0.025 → 0.03 three times (0.09, not 0.08), + 100.05 = 100.14; 8.25 % = 8.26155 → 8.26
    expect(res.body.items.map((i: { totalAmount: string }) => i.totalAmount)).toEqual([
      '0.03',
      '0.03',
      '0.03',
      '100.05',
    ]);
    expect(res.body).toMatchObject({ subtotal: '100.14', taxAmount: '8.26', totalAmount: '108.40' });
    res = await patch(w.admin, `/api/v1/invoices/${inv.id}`, { taxRate: '7.5' }).expect(200);
    // 100.14 × 7.5 % = 7.5105 → 7.51
    expect(res.body).toMatchObject({ taxRate: '7.50', taxAmount: '7.51', totalAmount: '107.65' });
    const line = res.body.items[3].id;
    res = await patch(w.admin, `/api/v1/invoices/${inv.id}/items/${line}`, { unitPrice: '0.30' }).expect(200);
    // 1.15 × 0.30 = 0.345 → 0.35; subtotal 0.44; tax 0.033 → 0.03
    expect(res.body).toMatchObject({ subtotal: '0.44', taxAmount: '0.03', totalAmount: '0.47' });
    res = await del(w.admin, `/api/v1/invoices/${inv.id}/items/${line}`).expect(200);
    // 0.09 × 7.5 % = 0.00675 → 0.01
    expect(res.body).toMatchObject({ subtotal: '0.09', taxAmount: '0.01', totalAmount: '0.10' });
  });

  it('rounds hours half-up per line: 1000 s at 0.10/h is 0.278 h (three decimals under 10/h) and 0.03', async () => {
    await w.entry(w.alice, w.projects.cheap, '2026-03-02T08:00:00Z', 1000);
    const res = await create({
      projectId: w.projects.cheap,
      clientName: 'Inhouse',
      generate: { groupBy: 'entry' },
    }).expect(201);
    expect(res.body.items[0]).toMatchObject({ quantity: '0.278', unitPrice: '0.10', totalAmount: '0.03' });
  });

  it('bills a finished entry without a stored duration at its time less its breaks, as reports count it', async () => {
    // A legacy or hand-written row: no duration, 1 h between start and end, 10 min of breaks.
    const [{ id }] = (await w.sql(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, break_seconds, billable, source)
       VALUES ($1, $2, '2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z', NULL, 600, true, 'manual') RETURNING id`,
      [w.alice.user.id, consulting],
    )) as [{ id: number }];
    const report = await w.admin.agent
      .get(`/api/v1/reports/summary?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&projects=${consulting}`)
      .expect(200);
    expect(report.body.totals).toMatchObject({ billableSeconds: 3000, billableAmount: '62.50' });
    const res = await create({ projectId: consulting, generate: { groupBy: 'entry' } }).expect(201);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        quantity: '0.8333',
        unitPrice: '75.00',
        totalAmount: '62.50',
        timeEntryIds: [id],
      }),
    ]);
    // Sending checks the line against its entries' seconds once more.
    await post(w.admin, `/api/v1/invoices/${res.body.id}/send`).expect(200);
  });

  it('allocates exactly start..start+49 to 50 concurrent creations', async () => {
    await w.sql(`UPDATE settings SET invoice_prefix = 'RACE', invoice_start_number = 7`);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        http().post('/api/v1/invoices').set('Authorization', bearer).send({ projectId: consulting }),
      ),
    );
    expect(results.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.detail}`)).toEqual([]);
    const numbers = results.map((r) => r.body.invoiceNumber as string);
    const expected = Array.from({ length: 50 }, (_, i) => `RACE-${7 + i}`);
    expect([...numbers].sort()).toEqual([...expected].sort());
    // Raising the start skips ahead; a later number than the highest is never reused.
    await w.sql(`UPDATE settings SET invoice_start_number = 3`);
    expect((await create({ projectId: consulting }).expect(201)).body.invoiceNumber).toBe('RACE-57');
  });
});

describe('lines from time', () => {
  let design: number;
  let build: number;
  let entries: number[];

  beforeEach(async () => {
    await w.sql(`DELETE FROM tasks WHERE project_id = $1`, [consulting]);
    [design, build] = (
      await w.sql<{ id: number }>(
        `INSERT INTO tasks (project_id, name, created_by) VALUES ($1, 'Design', $2), ($1, 'Build', $2) RETURNING id`,
        [consulting, w.admin.user.id],
      )
    ).map((r) => r.id) as [number, number];
    entries = [
      await w.entry(w.alice, consulting, '2026-03-02T08:00:00Z', 3600, {
        taskId: design,
        notes: 'wireframes',
      }),
      await w.entry(w.bob, consulting, '2026-03-02T10:00:00Z', 1800, { taskId: build }),
      await w.entry(w.alice, consulting, '2026-03-03T23:30:00Z', 5400, { taskId: design }), // 4 March in Rome
      await w.entry(w.alice, consulting, '2026-03-05T08:00:00Z', 3600, { billable: false }),
      await w.entry(w.alice, consulting, '2026-04-01T08:00:00Z', 3600),
      await w.entry(w.alice, w.projects.web, '2026-03-02T08:00:00Z', 3600),
    ];
    await w.entry(w.alice, consulting, '2026-03-06T08:00:00Z', null); // running: never billed
  });

  const lines = (body: { items: { description: string; quantity: string; timeEntryIds: number[] }[] }) =>
    body.items.map((i) => [i.description, i.quantity, i.timeEntryIds]);

  it('groups per task, per day (settings time zone), per entry or per project', async () => {
    const inv = (await create({ projectId: consulting }).expect(201)).body;
    const march = { from: '2026-03-01', to: '2026-03-31' };
    let res = await generate(inv.id, { ...march, groupBy: 'task' }).expect(200);
    expect(lines(res.body)).toEqual([
      ['Consulting – Design', '2.50', [entries[0], entries[2]]],
      ['Consulting – Build', '0.50', [entries[1]]],
    ]);
    expect(res.body.subtotal).toBe('225.00');
    res = await generate(inv.id, { ...march, groupBy: 'day' }).expect(200);
    expect(lines(res.body)).toEqual([
      ['Consulting – 2026-03-02', '1.50', [entries[0], entries[1]]],
      ['Consulting – 2026-03-04', '1.50', [entries[2]]],
    ]);
    res = await generate(inv.id, { ...march, groupBy: 'entry' }).expect(200);
    expect(res.body.items.map((i: { description: string }) => i.description)).toEqual([
      '2026-03-02 Design: wireframes',
      '2026-03-02 Build',
      '2026-03-04 Design',
    ]);
    res = await generate(inv.id, { groupBy: 'project' }).expect(200); // no range: all unbilled
    expect(lines(res.body)).toEqual([
      ['Consulting', '4.00', [entries[0], entries[1], entries[2], entries[4]]],
    ]);
    expect(res.body.subtotal).toBe('300.00');
  });

  it('bills chosen entries, at an explicit price when asked', async () => {
    const inv = (await create({ projectId: consulting }).expect(201)).body;
    const res = await generate(inv.id, { entryIds: [entries[1]], unitPrice: '100.00' }).expect(200);
    expect(res.body.items).toMatchObject([{ quantity: '0.50', unitPrice: '100.00', totalAmount: '50.00' }]);
    const bad = await generate(inv.id, { entryIds: [entries[3], entries[5], 999_999] }).expect(400);
    expect(bad.body.errors.map((e: { message: string }) => e.message).sort()).toEqual([
      'no such entry',
      "not an entry of the invoice's project",
      'not billable',
    ]);
    // The refused request changed nothing.
    expect(await linkOf(entries[1]!)).toBe(res.body.items[0].id);
  });

  it('never bills an entry twice', async () => {
    const first = (await create({ projectId: consulting }).expect(201)).body;
    const second = (await create({ projectId: consulting }).expect(201)).body;
    await generate(first.id, { from: '2026-03-01', to: '2026-03-31' }).expect(200);
    const again = await generate(second.id, { entryIds: [entries[0]] }).expect(409);
    expect(again.body.detail).toBe(`Entry ${entries[0]} is already billed on invoice ${first.invoiceNumber}`);
    const range = await generate(second.id, { from: '2026-03-01', to: '2026-03-31' }).expect(409);
    expect(range.body.detail).toMatch(/Nothing to bill/);
    // April's entry is still free: the second invoice gets only that.
    const rest = await generate(second.id, {}).expect(200);
    expect(rest.body.items.flatMap((i: { timeEntryIds: number[] }) => i.timeEntryIds)).toEqual([entries[4]]);
  });

  it('two drafts racing for the same entries: exactly one bills each entry', async () => {
    for (let round = 0; round < 5; round++) {
      await w.sql(`DELETE FROM invoices`);
      const a = (await create({ projectId: consulting }).expect(201)).body;
      const b = (await create({ projectId: consulting }).expect(201)).body;
      const chosen = { entryIds: [entries[0], entries[1], entries[2]] };
      const results = await Promise.all([
        http().post(`/api/v1/invoices/${a.id}/generate`).set('Authorization', bearer).send(chosen),
        http().post(`/api/v1/invoices/${b.id}/generate`).set('Authorization', bearer).send(chosen),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const links = await w.sql<{ invoice_id: number; n: number }>(
        `SELECT ii.invoice_id, count(*)::int AS n FROM time_entries te JOIN invoice_items ii ON ii.id = te.invoice_item_id GROUP BY 1`,
      );
      expect(links).toHaveLength(1);
      expect(links[0]!.n).toBe(3);
    }
  });

  it('re-generating replaces the time lines, releases entries no longer used and keeps manual lines', async () => {
    const inv = (await create({ projectId: consulting }).expect(201)).body;
    await generate(inv.id, { from: '2026-03-01', to: '2026-03-31' }).expect(200);
    await post(w.admin, `/api/v1/invoices/${inv.id}/items`, {
      description: 'Travel',
      quantity: '1',
      unitPrice: '40.00',
    }).expect(201);
    const res = await generate(inv.id, { from: '2026-03-02', to: '2026-03-02', groupBy: 'task' }).expect(200);
    expect(
      res.body.items.map((i: { description: string; source: string }) => [i.description, i.source]),
    ).toEqual([
      ['Travel', 'manual'],
      ['Consulting – Design', 'time'],
      ['Consulting – Build', 'time'],
    ]);
    expect(res.body.subtotal).toBe('152.50'); // 40 + 75 + 37.50
    expect(await linkOf(entries[2]!)).toBeNull();
    const rows = await w.sql<{ n: number }>(`SELECT count(*)::int AS n FROM invoice_items`);
    expect(rows[0]!.n).toBe(3);
  });

  it('needs a rate: none on the project or its client is a 400 unless unitPrice is given', async () => {
    await w.entry(w.alice, w.projects.internal, '2026-03-02T08:00:00Z', 3600);
    const inv = (await create({ projectId: w.projects.internal }).expect(201)).body;
    expect(inv.clientName).toBe('Inhouse');
    const res = await generate(inv.id, {}).expect(400);
    expect(res.body.errors).toEqual([{ path: 'unitPrice', message: 'required: no hourly rate to use' }]);
    await generate(inv.id, { unitPrice: '10.00' }).expect(200);
  });
});

describe('status', () => {
  let entry: number;
  let inv: { id: number; invoiceNumber: string };

  beforeEach(async () => {
    entry = await w.entry(w.alice, consulting, '2026-03-02T08:00:00Z', 3600, { notes: 'kick-off' });
    inv = (await create({ projectId: consulting, generate: {} }).expect(201)).body;
  });

  it('draft → sent → paid; only drafts change', async () => {
    const empty = (await create({ projectId: consulting }).expect(201)).body;
    const refused = await post(w.admin, `/api/v1/invoices/${empty.id}/send`).expect(409);
    expect(refused.body.detail).toBe(`Invoice ${empty.invoiceNumber} has no lines to send`);

    await post(w.admin, `/api/v1/invoices/${inv.id}/mark-paid`).expect(409);
    const sent = await post(w.admin, `/api/v1/invoices/${inv.id}/send`).expect(200);
    expect(sent.body.status).toBe('sent');
    const frozen = await patch(w.admin, `/api/v1/invoices/${inv.id}`, { notes: 'late edit' }).expect(409);
    expect(frozen.body.detail).toBe(`Invoice ${inv.invoiceNumber} is sent: only drafts can be changed`);
    await generate(inv.id, {}).expect(409);
    await post(w.admin, `/api/v1/invoices/${inv.id}/items`, {
      description: 'x',
      quantity: '1',
      unitPrice: '1',
    }).expect(409);
    await del(w.admin, `/api/v1/invoices/${inv.id}/items/${sent.body.items[0].id}`).expect(409);
    await post(w.admin, `/api/v1/invoices/${inv.id}/send`).expect(409);
    const paid = await post(w.admin, `/api/v1/invoices/${inv.id}/mark-paid`).expect(200);
    expect(paid.body.status).toBe('paid');
    const cancel = await post(w.admin, `/api/v1/invoices/${inv.id}/cancel`).expect(409);
    expect(cancel.body.detail).toBe(`Invoice ${inv.invoiceNumber} is paid and cannot be cancelled`);
  });

  it('a sent invoice past its due date reads as overdue, and the stored overdue can be paid', async () => {
    await patch(w.admin, `/api/v1/invoices/${inv.id}`, {
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
    }).expect(200);
    await post(w.admin, `/api/v1/invoices/${inv.id}/send`).expect(200);
    expect((await w.admin.agent.get(`/api/v1/invoices/${inv.id}`).expect(200)).body.status).toBe('overdue');
    const list = await w.admin.agent.get('/api/v1/invoices?status=overdue').expect(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).toEqual([inv.id]);
    expect((await w.admin.agent.get('/api/v1/invoices?status=sent').expect(200)).body.total).toBe(0);
    await w.sql(`UPDATE invoices SET status = 'overdue' WHERE id = $1`, [inv.id]); // as the worker does
    const paid = await post(w.admin, `/api/v1/invoices/${inv.id}/mark-paid`).expect(200);
    expect(paid.body.status).toBe('paid');
  });

  it('freezes entries on a draft too (409 naming it) until their line is removed', async () => {
    const onDraft = await w.alice.agent.get(`/api/v1/time-entries/${entry}`).expect(200);
    expect(onDraft.body).toMatchObject({ locked: true, invoiceItemId: expect.any(Number) });
    const edit = await patch(w.alice, `/api/v1/time-entries/${entry}`, { endTime: '2026-03-02T10:00:00Z' });
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toBe(
      `The entry is billed on draft invoice ${inv.invoiceNumber}; remove its line from the draft to change it`,
    );
    await del(w.alice, `/api/v1/time-entries/${entry}`).expect(409);
    await del(w.admin, `/api/v1/time-entries/${entry}`).expect(409);
    const [row] = await w.sql<{ seconds: number }>(
      `SELECT duration_seconds AS seconds FROM time_entries WHERE id = $1`,
      [entry],
    );
    expect(row!.seconds).toBe(3600);

    // Removing the line releases the entry: it may change, and the next generation bills the change.
    const line = onDraft.body.invoiceItemId as number;
    await del(w.admin, `/api/v1/invoices/${inv.id}/items/${line}`).expect(200);
    await patch(w.alice, `/api/v1/time-entries/${entry}`, { endTime: '2026-03-02T10:00:00Z' }).expect(200);
    const again = await generate(inv.id, {}).expect(200);
    expect(again.body).toMatchObject({
      subtotal: '150.00',
      items: [{ quantity: '2.00', timeEntryIds: [entry] }],
    });
    await patch(w.alice, `/api/v1/time-entries/${entry}`, { notes: 'late' }).expect(409);
    // So does cancelling the draft.
    await post(w.admin, `/api/v1/invoices/${inv.id}/cancel`).expect(200);
    await patch(w.alice, `/api/v1/time-entries/${entry}`, { notes: 'late' }).expect(200);
  });

  it('keeps the hours of a line made from time: only its description and price change', async () => {
    const line = inv as unknown as { items: { id: number }[] };
    const url = `/api/v1/invoices/${inv.id}/items/${line.items[0]!.id}`;
    const refused = await patch(w.admin, url, { quantity: '5.00' }).expect(409);
    expect(refused.body.detail).toMatch(/is made from time: its hours are its entries' hours/);
    await patch(w.admin, url, { quantity: '1.00', unitPrice: '60.00', description: 'Kick-off' }).expect(200);
    const sent = await post(w.admin, `/api/v1/invoices/${inv.id}/send`).expect(200);
    expect(sent.body).toMatchObject({
      totalAmount: '60.00',
      items: [{ quantity: '1.00', description: 'Kick-off' }],
    });
  });

  it('refuses to send a draft whose lines no longer bill their entries, naming them', async () => {
    // As if an entry had changed past every guard (here: by SQL straight in the database).
    await w.sql(
      `UPDATE time_entries SET duration_seconds = 7200, end_time = start_time + interval '2 hours' WHERE id = $1`,
      [entry],
    );
    const refused = await post(w.admin, `/api/v1/invoices/${inv.id}/send`).expect(409);
    expect(refused.body.detail).toBe(
      `Invoice ${inv.invoiceNumber}: line "Consulting" bills 1.00 h but its entries (${entry}) now add up to 2.00 h; generate its lines again`,
    );
    expect((await w.admin.agent.get(`/api/v1/invoices/${inv.id}`).expect(200)).body.status).toBe('draft');
    await generate(inv.id, {}).expect(200);
    const sent = await post(w.admin, `/api/v1/invoices/${inv.id}/send`).expect(200);
    expect(sent.body).toMatchObject({ status: 'sent', totalAmount: '150.00' });
  });

  it('freezes entries on a sent or paid invoice (409 naming it); cancelling releases them', async () => {
    await post(w.admin, `/api/v1/invoices/${inv.id}/send`).expect(200);
    const got = await w.alice.agent.get(`/api/v1/time-entries/${entry}`).expect(200);
    expect(got.body).toMatchObject({ locked: true, invoiceItemId: expect.any(Number) });
    const edit = await patch(w.alice, `/api/v1/time-entries/${entry}`, { notes: 'changed' }).expect(409);
    expect(edit.body.detail).toContain(inv.invoiceNumber);
    await del(w.admin, `/api/v1/time-entries/${entry}`).expect(409);

    const cancelled = await post(w.admin, `/api/v1/invoices/${inv.id}/cancel`).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', totalAmount: '75.00' });
    expect(cancelled.body.items[0].timeEntryIds).toEqual([]);
    expect(await linkOf(entry)).toBeNull();
    await patch(w.alice, `/api/v1/time-entries/${entry}`, { notes: 'changed' }).expect(200);
    // Released time can be billed again, on a new invoice.
    const next = await create({ projectId: consulting, generate: {} }).expect(201);
    expect(next.body.items[0].timeEntryIds).toEqual([entry]);
    await post(w.admin, `/api/v1/invoices/${next.body.id}/send`).expect(200);
    await post(w.admin, `/api/v1/invoices/${next.body.id}/mark-paid`).expect(200);
    await del(w.alice, `/api/v1/time-entries/${entry}`).expect(409);
  });

  it('duplicates with a new number, the same lines and no entries', async () => {
    await post(w.admin, `/api/v1/invoices/${inv.id}/send`).expect(200);
    const copy = await post(w.admin, `/api/v1/invoices/${inv.id}/duplicate`).expect(201);
    expect(copy.body).toMatchObject({
      invoiceNumber: 'INV-1001',
      status: 'draft',
      issueDate: today(),
      clientName: 'Acme',
      totalAmount: '75.00',
      items: [
        {
          description: 'Consulting',
          quantity: '1.00',
          totalAmount: '75.00',
          timeEntryIds: [],
          source: 'manual',
        },
      ],
    });
    expect(await linkOf(entry)).toBe(
      (await w.admin.agent.get(`/api/v1/invoices/${inv.id}`)).body.items[0].id,
    );
  });

  it('deletes only the latest draft (keeping numbers gapless), releasing its entries', async () => {
    const later = (await create({ projectId: consulting }).expect(201)).body;
    const gap = await del(w.admin, `/api/v1/invoices/${inv.id}`).expect(409);
    expect(gap.body.detail).toMatch(/cancel it instead/);
    await del(w.admin, `/api/v1/invoices/${later.id}`).expect(204);
    await del(w.admin, `/api/v1/invoices/${inv.id}`).expect(204);
    expect(await linkOf(entry)).toBeNull();
    expect((await create({ projectId: consulting }).expect(201)).body.invoiceNumber).toBe('INV-1000');
    await w.admin.agent.get(`/api/v1/invoices/${inv.id}`).expect(404);
  });
});

describe('list and access', () => {
  it('lists with filters and pagination, totals as decimal strings', async () => {
    await w.entry(w.alice, consulting, '2026-03-02T08:00:00Z', 3600);
    const a = (await create({ projectId: consulting, issueDate: '2026-03-01', generate: {} }).expect(201))
      .body;
    const b = (await create({ projectId: w.projects.web, issueDate: '2026-04-01' }).expect(201)).body;
    const c = (await create({ projectId: w.projects.internal, issueDate: '2026-05-01' }).expect(201)).body;
    await post(w.admin, `/api/v1/invoices/${a.id}/send`).expect(200);
    const all = await w.admin.agent.get('/api/v1/invoices?pageSize=2').expect(200);
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(all.body.items.map((i: { id: number }) => i.id)).toEqual([c.id, b.id]);
    expect(all.body.items[0]).toMatchObject({ itemCount: 0, totalAmount: '0.00' });
    const page2 = await w.admin.agent.get('/api/v1/invoices?pageSize=2&page=2').expect(200);
    expect(page2.body.items).toMatchObject([
      { id: a.id, itemCount: 1, totalAmount: '75.00', status: 'overdue' },
    ]);
    const ids = async (q: string) =>
      (await w.admin.agent.get(`/api/v1/invoices?${q}`).expect(200)).body.items.map(
        (i: { id: number }) => i.id,
      );
    expect(await ids('status=draft&sort=issueDate')).toEqual([b.id, c.id]);
    expect(await ids(`clientId=${w.clients.acme}&sort=invoiceNumber`)).toEqual([a.id, b.id]);
    expect(await ids(`projectId=${w.projects.internal}`)).toEqual([c.id]);
    expect(await ids('overdue=true')).toEqual([a.id]);
    expect(await ids('overdue=false&sort=issueDate')).toEqual([b.id, c.id]);
    expect(await ids('from=2026-03-15&to=2026-04-30')).toEqual([b.id]);
    expect(await ids(`search=${b.invoiceNumber}`)).toEqual([b.id]);
  });

  it('is for admins only: 401 without credentials, 403 for users; works with an API token', async () => {
    const inv = (await create({ projectId: consulting }).expect(201)).body;
    await http().get('/api/v1/invoices').expect(401);
    await http().get(`/api/v1/invoices/${inv.id}`).expect(401);
    await w.alice.agent.get('/api/v1/invoices').expect(403);
    await w.alice.agent.get(`/api/v1/invoices/${inv.id}`).expect(403);
    await post(w.alice, '/api/v1/invoices', { projectId: consulting }).expect(403);
    await post(w.alice, `/api/v1/invoices/${inv.id}/send`).expect(403);
    const viaToken = await http().get(`/api/v1/invoices/${inv.id}`).set('Authorization', bearer).expect(200);
    expect(viaToken.body.invoiceNumber).toBe(inv.invoiceNumber);
    await http().get('/api/v1/invoices/999999').set('Authorization', bearer).expect(404);
    await del(w.admin, `/api/v1/invoices/${inv.id}/items/999999`).expect(404);
  });

  it('refuses bad input with 400', async () => {
    const inv = (await create({ projectId: consulting }).expect(201)).body;
    const bad: object[] = [
      {},
      { projectId: consulting, surprise: true },
      { projectId: 999_999 },
      { projectId: consulting, taxRate: 20 },
      { projectId: consulting, taxRate: '100.01' },
      { projectId: consulting, taxRate: '1.005' },
      { projectId: consulting, issueDate: '2026-03-10', dueDate: '2026-03-09' },
      { projectId: consulting, issueDate: '2026-03-10T00:00:00Z' },
      { projectId: consulting, generate: { from: '2026-03-10', to: '2026-03-09' } },
      { projectId: consulting, generate: { from: '2026-03-10', entryIds: [1] } },
      { projectId: consulting, generate: { groupBy: 'week' } },
    ];
    for (const body of bad) await create(body).expect(400);
    const items = `/api/v1/invoices/${inv.id}/items`;
    await post(w.admin, items, { description: 'x', quantity: '0', unitPrice: '1' }).expect(400);
    await post(w.admin, items, { description: 'x', quantity: '1', unitPrice: '-1' }).expect(400);
    await post(w.admin, items, { description: '', quantity: '1', unitPrice: '1' }).expect(400);
    await post(w.admin, items, { description: 'x', quantity: 1, unitPrice: '1' }).expect(400);
    // Too large for NUMERIC(10, 2): refused, not a 500.
    await post(w.admin, items, { description: 'x', quantity: '99999999', unitPrice: '9999999' }).expect(400);
    await patch(w.admin, `/api/v1/invoices/${inv.id}`, {}).expect(400);
    await w.admin.agent.get('/api/v1/invoices?status=late').expect(400);
  });
});

describe('documents', () => {
  // A real 1×1 PNG.
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
    'base64',
  );
  const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const pdfText = async (pdf: Buffer) =>
    (await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })).text;

  let inv: { id: number; invoiceNumber: string };
  beforeEach(async () => {
    await w.sql(
      `UPDATE settings SET company_name = 'Łódź Software Sp. z o.o.', company_address = 'ul. Piotrkowska 1', company_bank_info = 'IBAN PL61 1090 1014 0000 0712 1981 2874', company_tax_id = 'PL1234567890'`,
    );
    await w.entry(w.alice, consulting, '2026-03-02T08:00:00Z', 6 * 3600, { notes: 'Ünïcode réview' });
    await w.entry(w.alice, consulting, '2026-03-03T08:00:00Z', 4 * 3600);
    inv = (await create({ projectId: consulting, taxRate: '20', generate: { groupBy: 'entry' } }).expect(201))
      .body;
  });

  it('renders a PDF with branding, logo, bill-to, lines and totals in the currency, text extractable', async () => {
    await w.admin.agent
      .put('/api/v1/settings/logo')
      .set('X-CSRF-Token', w.admin.csrf)
      .attach('file', PNG, { filename: 'logo.png', contentType: 'image/png' })
      .expect(200);
    const res = await w.admin.agent
      .get(`/api/v1/invoices/${inv.id}/pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="invoice-${inv.invoiceNumber}.pdf"`,
    );
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2'); // the TrueType font is embedded
    expect(raw).toMatch(/\/Subtype\s*\/Image/); // the logo
    const text = await pdfText(pdf);
    for (const expected of [
      'INVOICE',
      inv.invoiceNumber,
      'Łódź Software Sp. z o.o.',
      'Tax ID: PL1234567890',
      'Bill to',
      'Acme',
      '1 Road Runner Way',
      '2026-03-02 Ünïcode réview',
      '€450.00',
      '€750.00',
      'Tax (20 %)',
      '€150.00',
      'Total (EUR)',
      '€900.00',
      'Thank you!',
      'Net 30',
      'IBAN PL61 1090 1014 0000 0712 1981 2874',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('refuses to print while the company name or address are the placeholders of a fresh install', async () => {
    for (const set of [
      `company_name = 'Your Company Name'`,
      `company_address = 'Your Company Address'`,
      `company_name = '  '`,
    ]) {
      await w.sql(
        `UPDATE settings SET company_name = 'Łódź Software Sp. z o.o.', company_address = 'ul. Piotrkowska 1'`,
      );
      await w.sql(`UPDATE settings SET ${set}`);
      const res = await w.admin.agent.get(`/api/v1/invoices/${inv.id}/pdf`).expect(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'INVALID_STATE' });
      expect(res.body.detail).toContain('company name and address');
    }
    // Who may not see the invoice learns nothing more.
    await w.alice.agent.get(`/api/v1/invoices/${inv.id}/pdf`).expect(403);
    // The CSV has no company details: it still works.
    await w.admin.agent.get(`/api/v1/invoices/${inv.id}/csv`).expect(200);
  });

  it('formats in settings.currency, and spreads many lines over pages', async () => {
    await w.sql(`UPDATE settings SET currency = 'GBP'`);
    for (let i = 0; i < 60; i++) {
      await post(w.admin, `/api/v1/invoices/${inv.id}/items`, {
        description: `Extra line ${i + 1} with a description long enough to wrap onto a second line of the table`,
        quantity: '1',
        unitPrice: '1000.00',
      }).expect(201);
    }
    const res = await w.admin.agent
      .get(`/api/v1/invoices/${inv.id}/pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const doc = await getDocumentProxy(new Uint8Array(res.body as Buffer));
    expect(doc.numPages).toBeGreaterThan(1);
    const text = (await extractText(doc, { mergePages: true })).text;
    expect(text).toContain('Extra line 60');
    expect(text).toContain('£72,900.00'); // (750 + 60 000) × 1.2
    expect(text).toContain(`${inv.invoiceNumber} · page 2 of ${doc.numPages}`);
  });

  it('exports the invoice as CSV with the export delimiter', async () => {
    await w.sql(`UPDATE settings SET export_delimiter = ';'`);
    const res = await w.admin.agent.get(`/api/v1/invoices/${inv.id}/csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="invoice-${inv.invoiceNumber}.csv"`,
    );
    const head = `${inv.invoiceNumber};${today()};`;
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe(
      'invoice_number;issue_date;due_date;client;description;quantity;unit_price;amount;currency',
    );
    expect(lines.slice(1, -1).map((l) => l.slice(head.length).split(';').slice(1))).toEqual([
      ['Acme', '2026-03-02 Ünïcode réview', '6.00', '75.00', '450.00', 'EUR'],
      ['Acme', '2026-03-03 Consulting', '4.00', '75.00', '300.00', 'EUR'],
      ['Acme', 'Subtotal', '', '', '750.00', 'EUR'],
      ['Acme', 'Tax 20 %', '', '', '150.00', 'EUR'],
      ['Acme', 'Total', '', '', '900.00', 'EUR'],
    ]);
    const bom = await w.admin.agent.get(`/api/v1/invoices/${inv.id}/csv?bom=true`).buffer(true).parse(binary);
    expect((bom.body as Buffer).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    await w.alice.agent.get(`/api/v1/invoices/${inv.id}/csv`).expect(403);
    await w.alice.agent.get(`/api/v1/invoices/${inv.id}/pdf`).expect(403);
    await http().get(`/api/v1/invoices/${inv.id}/pdf`).expect(401);
    await w.admin.agent.get('/api/v1/invoices/999999/pdf').expect(404);
    await w.admin.agent.get(`/api/v1/invoices/${inv.id}/csv?bom=yes`).expect(400);
  });
});

describe('the entry lock in SQL', () => {
  it('refuses the write itself once the entry is on an invoice, whatever the caller checked before', async () => {
    const entry = await w.entry(w.alice, consulting, '2026-03-02T08:00:00Z', 3600);
    const prisma = createPrismaClient(w.db.url, { poolSize: 1 });
    try {
      const repo = new TimeEntriesRepository(prisma);
      // The writes as the service makes them, under the owner's timer lock.
      const write = <T>(step: (timer: TimerSteps) => Promise<T>) =>
        repo.withTimerLock(w.alice.user.id, SYSTEM_ACTOR, step);
      expect(await write((timer) => timer.updateUnlessLocked(entry, { notes: 'unbilled' }))).toBe(true);
      await create({ projectId: consulting, generate: {} }).expect(201);
      // As if the service's check had run just before the draft was generated.
      expect(await write((timer) => timer.updateUnlessLocked(entry, { notes: 'too late' }))).toBe(false);
      expect(await write((timer) => timer.deleteUnlessLocked(entry))).toBe(false);
      const [row] = await w.sql<{ notes: string }>(`SELECT notes FROM time_entries WHERE id = $1`, [entry]);
      expect(row!.notes).toBe('unbilled');
    } finally {
      await prisma.$disconnect();
    }
  });

  it('edits racing generation: the sent invoice bills exactly its entries, every time', async () => {
    const N = 40;
    for (let round = 0; round < 3; round++) {
      await w.sql(`DELETE FROM invoices`);
      await w.sql(`DELETE FROM time_entries`);
      const entries: number[] = [];
      for (let i = 0; i < N; i++) {
        const start = new Date(Date.UTC(2026, 2, 2, 8) + i * 3 * 3600_000).toISOString();
        entries.push(await w.entry(i % 2 ? w.bob : w.alice, consulting, start, 3600));
      }
      const inv = (await create({ projectId: consulting }).expect(201)).body;
      // Each edit makes its entry 2 h instead of 1 h, while the draft's lines are generated.
      const edits = entries.map((id, i) => {
        const who = i % 2 ? w.bob : w.alice;
        return who.agent.get(`/api/v1/time-entries/${id}`).then((r) =>
          patch(who, `/api/v1/time-entries/${id}`, {
            endTime: new Date(new Date(r.body.startTime).getTime() + 2 * 3600_000).toISOString(),
          }).then((res) => res),
        );
      });
      const [generated, ...edited] = await Promise.all([
        generate(inv.id, { groupBy: 'entry' }).then((r) => r),
        ...edits,
      ]);
      expect(generated.status).toBe(200);
      for (const res of edited) {
        // Committed before the generation locked the entry, or refused after it linked them.
        if (res.status !== 200) {
          expect(res.status).toBe(409);
          expect(res.body.detail).toContain(inv.invoiceNumber);
        }
      }
      const sent = (await post(w.admin, `/api/v1/invoices/${inv.id}/send`).expect(200)).body;
      const rows = await w.sql<{ id: number; seconds: number }>(
        `SELECT te.id, te.duration_seconds AS seconds FROM time_entries te
           JOIN invoice_items ii ON ii.id = te.invoice_item_id WHERE ii.invoice_id = $1`,
        [inv.id],
      );
      expect(rows).toHaveLength(N);
      const seconds = new Map(rows.map((r) => [r.id, r.seconds]));
      // What the entries are worth: whole hours here, at 75.00 each.
      const worth = rows.reduce((sum, r) => sum + (r.seconds / 3600) * 75, 0);
      expect(sent.totalAmount).toBe(worth.toFixed(2));
      for (const item of sent.items as { quantity: string; timeEntryIds: number[] }[]) {
        expect(item.quantity).toBe((seconds.get(item.timeEntryIds[0]!)! / 3600).toFixed(2));
      }
      const changed = edited.filter((r) => r.status === 200).length;
      expect(rows.filter((r) => r.seconds === 7200)).toHaveLength(changed);
    }
  });

  it('links and releases the entries as bulk writes, and the rollups follow both', async () => {
    // The rollup trigger copies a single write's rows through jsonb, which holds ~500,000 entries
    // at most; an invoice may bill more, so its link and release say they write in bulk. Each
    // statement that moves entries on or off a line records whether it did.
    await w.sql(`
      CREATE TABLE invoice_link_writes (bulk text, moved int);
      CREATE FUNCTION record_invoice_link_write() RETURNS trigger AS $$
      BEGIN
        INSERT INTO invoice_link_writes
        SELECT current_setting('timetracker.bulk_write', true), count(*)
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE n.invoice_item_id IS DISTINCT FROM o.invoice_item_id
        HAVING count(*) > 0;
        RETURN NULL;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER record_invoice_link_write AFTER UPDATE ON time_entries
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION record_invoice_link_write();`);
    try {
      for (let i = 0; i < 3; i++) {
        await w.entry(i % 2 ? w.bob : w.alice, consulting, `2026-03-0${i + 2}T08:00:00Z`, 3600);
      }
      const inv = (await create({ projectId: consulting, generate: {} }).expect(201)).body;
      expect(inv.items[0].timeEntryIds).toHaveLength(3);
      expect(await w.sql(ROLLUP_DRIFT_SQL)).toEqual([]);
      await post(w.admin, `/api/v1/invoices/${inv.id}/cancel`).expect(200);
      expect(await w.sql(ROLLUP_DRIFT_SQL)).toEqual([]);
      expect(await w.sql(`SELECT bulk, moved FROM invoice_link_writes`)).toEqual([
        { bulk: 'on', moved: 3 },
        { bulk: 'on', moved: 3 },
      ]);
    } finally {
      await w.sql(`
        DROP TRIGGER record_invoice_link_write ON time_entries;
        DROP FUNCTION record_invoice_link_write();
        DROP TABLE invoice_link_writes;`);
    }
  });
});
