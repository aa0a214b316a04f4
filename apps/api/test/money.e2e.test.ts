import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportWorld, type ReportWorld } from './report-fixtures';

/**
 * One rule of money (docs/money.md): the report prices a group's seconds exactly and rounds
 * once; an invoice line bills its hours at enough decimals to stay within one cent of that,
 * and quantity × unit price = amount as printed; and the report priced `priceAs` an invoice
 * grouping shows to the cent what such invoices of its entries bill. Checked on random
 * durations and rates for every grouping, through the API.
 */
let w: ReportWorld;
let project: number;
const GROUPINGS = ['task', 'project', 'day', 'entry'] as const;
type Grouping = (typeof GROUPINGS)[number];
const MAY = 'from=2026-05-01T00:00:00%2B02:00&to=2026-06-01T00:00:00%2B02:00';

interface SummaryRow {
  groups: { key: string | null }[];
  billableAmount: string;
}

const post = (url: string, body: object) =>
  w.admin.agent.post(url).set('X-CSRF-Token', w.admin.csrf).send(body);

/** Cents of a decimal string with two places. */
const cents = (money: string) => Math.round(Number(money) * 100);

/** round_half_up(q × p, 2) in cents, exactly (BigInt), for a printed quantity and price. */
function printedProduct(quantity: string, price: string): bigint {
  const [qw, qf = ''] = quantity.split('.');
  const [pw, pf = ''] = price.split('.');
  const q = BigInt(qw! + qf);
  const p = BigInt(pw! + pf.padEnd(2, '0'));
  const d = 10n ** BigInt(qf.length);
  return (2n * q * p + d) / (2n * d);
}

/** A seeded generator, so a failure names a reproducible case. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The project's one billable rate, in force since the earliest day. */
async function setRate(rate: string) {
  await w.sql(`DELETE FROM rates WHERE project_id = $1`, [project]);
  await w.sql(
    `INSERT INTO rates (kind, project_id, effective_from, amount) VALUES ('billable', $1, '1970-01-01', $2)`,
    [project, rate],
  );
}

beforeAll(async () => {
  w = await reportWorld();
  project = (
    await w.sql<{ id: number }>(`INSERT INTO projects (name, client_id) VALUES ('Money', $1) RETURNING id`, [
      w.clients.acme,
    ])
  )[0]!.id;
  for (const name of ['Design', 'Build', 'Review']) {
    await w.sql(
      `INSERT INTO tasks (name, project_id, created_by) VALUES ($1, $2, (SELECT id FROM users WHERE username = 'admin'))`,
      [name, project],
    );
  }
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  await w.sql(`UPDATE settings SET timezone = 'Europe/Rome', currency = 'EUR'`);
  await w.sql(`DELETE FROM invoices`);
  await w.sql(`DELETE FROM time_entries`);
  await setRate('97.53');
});

describe('the same hours give the same money', () => {
  it("the issue's case: 60 entries of 1–118 min at 97.53/h, report and every grouping within a cent a line", async () => {
    await checkAgreement(97_53, 20260501);
  });

  it.each([
    ['0.10', 1],
    ['0.99', 6],
    ['9.99', 7],
    ['7.77', 2],
    ['150.00', 3],
    ['1234.56', 4],
    ['99999.99', 5],
  ])('random durations at %s/h agree the same way', async (rate, seed) => {
    await checkAgreement(cents(rate), seed);
  });
});

describe('a line made from time at a new price', () => {
  it('gets its hours again at the new price’s decimals, still within a cent', async () => {
    const a = await w.entry(w.alice, project, '2026-05-04T08:00:00Z', 4523);
    const b = await w.entry(w.alice, project, '2026-05-05T08:00:00Z', 1001);
    const created = await post('/api/v1/invoices', {
      projectId: project,
      generate: { groupBy: 'project' },
    }).expect(201);
    const line = created.body.items[0];
    expect(line).toMatchObject({ quantity: '1.5344', unitPrice: '97.53', timeEntryIds: [a, b] });
    const res = await w.admin.agent
      .patch(`/api/v1/invoices/${created.body.id}/items/${line.id}`)
      .set('X-CSRF-Token', w.admin.csrf)
      .send({ unitPrice: '1500.00' })
      .expect(200);
    // 5524 s = 1.534444… h: six decimals at 1500/h; exactly 2301.67 for the seconds
    expect(res.body.items[0]).toMatchObject({
      quantity: '1.534444',
      unitPrice: '1500.00',
      totalAmount: '2301.67',
    });
    // its hours stay its entries' hours: typing over them is refused, and it can be sent
    await w.admin.agent
      .patch(`/api/v1/invoices/${created.body.id}/items/${line.id}`)
      .set('X-CSRF-Token', w.admin.csrf)
      .send({ quantity: '1.5' })
      .expect(409);
    const sent = await post(`/api/v1/invoices/${created.body.id}/send`, {}).expect(200);
    expect(sent.body).toMatchObject({ status: 'sent', subtotal: '2301.67' });
  });
});

async function checkAgreement(rateCents: number, seed: number): Promise<void> {
  const rate = (rateCents / 100).toFixed(2);
  await setRate(rate);
  const tasks = await w.sql<{ id: number }>(`SELECT id FROM tasks WHERE project_id = $1 ORDER BY id`, [
    project,
  ]);
  const random = mulberry32(seed);
  const seconds = new Map<number, number>();
  for (let i = 0; i < 60; i++) {
    const duration = 60 + Math.floor(random() * 117 * 60) + Math.floor(random() * 60);
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const taskId = random() < 0.25 ? undefined : tasks[Math.floor(random() * tasks.length)]!.id;
    // any hour: from 22:00Z the day in Europe/Rome (the invoices' days) is the next one
    const time = `${String(Math.floor(random() * 24)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}`;
    const id = await w.entry(w.alice, project, `2026-05-${day}T${time}:00Z`, duration, { taskId });
    seconds.set(id, duration);
  }
  const total = [...seconds.values()].reduce((a, b) => a + b, 0);
  const exact = (s: number) => (2n * BigInt(s) * BigInt(rateCents) + 3600n) / 7200n;

  const report = await w.admin.agent.get(`/api/v1/reports/summary?${MAY}&projects=${project}`).expect(200);
  expect(report.body.priceAs).toBe('exact');
  // The report: all the seconds priced exactly, rounded once.
  expect(BigInt(cents(report.body.totals.billableAmount))).toBe(exact(total));

  for (const groupBy of GROUPINGS) {
    await w.sql(`DELETE FROM invoices`);
    const invoice = await post('/api/v1/invoices', { projectId: project, generate: { groupBy } }).expect(201);
    const items = invoice.body.items as {
      quantity: string;
      unitPrice: string;
      totalAmount: string;
      timeEntryIds: number[];
    }[];
    expect(items.flatMap((i) => i.timeEntryIds).sort((a, b) => a - b)).toEqual(
      [...seconds.keys()].sort((a, b) => a - b),
    );
    for (const item of items) {
      const lineSeconds = item.timeEntryIds.reduce((sum, id) => sum + seconds.get(id)!, 0);
      const amount = BigInt(cents(item.totalAmount));
      // checkable as printed, and within one cent of the exact price of the line's seconds
      expect(printedProduct(item.quantity, item.unitPrice), `${groupBy} ${item.quantity} × ${rate}`).toBe(
        amount,
      );
      const off = amount - exact(lineSeconds);
      expect(off >= -1n && off <= 1n, `${groupBy}: ${item.totalAmount} for ${lineSeconds} s at ${rate}`).toBe(
        true,
      );
    }
    // the invoice differs from the report by at most a cent per line
    const gap = Math.abs(cents(invoice.body.subtotal) - cents(report.body.totals.billableAmount));
    expect(
      gap,
      `${groupBy}: ${invoice.body.subtotal} vs ${report.body.totals.billableAmount}`,
    ).toBeLessThanOrEqual(items.length);

    // priced as invoiced, the report shows exactly the invoice's subtotal...
    const asInvoiced = await summary(`${MAY}&projects=${project}&priceAs=${groupBy}`);
    expect(asInvoiced.priceAs).toBe(groupBy);
    expect(asInvoiced.totals.billableAmount, `${groupBy} at ${rate}`).toBe(invoice.body.subtotal);
    // ...and, grouped the way the lines are, each line's amount in its row
    if (groupBy !== 'entry') {
      const rows = (await summary(`${MAY}&projects=${project}&priceAs=${groupBy}&groupBy=${groupBy}`))
        .rows as SummaryRow[];
      expect(rows.map((r) => r.billableAmount).sort(), `${groupBy} rows at ${rate}`).toEqual(
        items.map((i) => i.totalAmount).sort(),
      );
    }
  }
}

async function summary(query: string) {
  return (await w.admin.agent.get(`/api/v1/reports/summary?${query}`).expect(200)).body;
}

/** The subtotal of invoices (one per project) generated from exactly `entries`, in cents. */
async function invoicedCents(
  entries: { id: number; projectId: number }[],
  groupBy: Grouping,
): Promise<number> {
  let sum = 0;
  for (const projectId of new Set(entries.map((e) => e.projectId))) {
    const entryIds = entries.filter((e) => e.projectId === projectId).map((e) => e.id);
    const res = await post('/api/v1/invoices', { projectId, generate: { groupBy, entryIds } }).expect(201);
    sum += cents(res.body.subtotal);
  }
  await w.sql(`DELETE FROM invoices`);
  return sum;
}

describe('the report priced as invoiced', () => {
  it('shows in each row and in the totals what invoices of exactly those entries bill', async () => {
    // Two projects at different rates (a project's own, a client's default), two users, tags:
    // rows split a project's lines, and an entry with two tags counts in both tag rows.
    await setRate('123.45');
    const tasks = await w.sql<{ id: number }>(`SELECT id FROM tasks WHERE project_id = $1`, [project]);
    const random = mulberry32(42);
    const entries: { id: number; projectId: number; user: number; tags: string[]; billable: boolean }[] = [];
    for (let i = 0; i < 40; i++) {
      const who = random() < 0.5 ? w.alice : w.bob;
      const projectId = random() < 0.6 ? project : w.projects.support;
      const tags = [['a'], ['b'], ['a', 'b'], []][Math.floor(random() * 4)]!;
      const billable = random() < 0.85;
      const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
      const hour = String(Math.floor(random() * 24)).padStart(2, '0');
      const duration = 60 + Math.floor(random() * 7000);
      const taskId =
        projectId === project && random() < 0.7 ? tasks[Math.floor(random() * tasks.length)]!.id : undefined;
      const id = await w.entry(who, projectId, `2026-05-${day}T${hour}:17:00Z`, duration, {
        tags: tags.join(','),
        billable,
        taskId,
      });
      entries.push({ id, projectId, user: who.user.id, tags, billable });
    }
    const billed = entries.filter((e) => e.billable);

    for (const priceAs of GROUPINGS) {
      const byUser = await summary(`${MAY}&groupBy=user&priceAs=${priceAs}`);
      expect(cents(byUser.totals.billableAmount), `${priceAs} totals`).toBe(
        await invoicedCents(billed, priceAs),
      );
      for (const row of byUser.rows as SummaryRow[]) {
        const mine = billed.filter((e) => String(e.user) === row.groups[0]!.key);
        expect(cents(row.billableAmount), `${priceAs} user ${row.groups[0]!.key}`).toBe(
          await invoicedCents(mine, priceAs),
        );
      }
      const byTag = await summary(`${MAY}&groupBy=tag,project&priceAs=${priceAs}`);
      expect(byTag.totals.billableAmount).toBe(byUser.totals.billableAmount);
      for (const row of byTag.rows as SummaryRow[]) {
        const [tag, projectKey] = row.groups.map((g) => g.key);
        const these = billed.filter(
          (e) =>
            String(e.projectId) === projectKey &&
            (tag === null ? e.tags.length === 0 : e.tags.includes(tag!)),
        );
        expect(cents(row.billableAmount), `${priceAs} tag ${tag} project ${projectKey}`).toBe(
          these.length ? await invoicedCents(these, priceAs) : 0,
        );
      }
    }
  });

  it('has nothing to price without entries, and refuses an unknown pricing', async () => {
    const empty = await summary(`${MAY}&groupBy=project,day&priceAs=entry`);
    expect(empty).toMatchObject({
      priceAs: 'entry',
      totals: { seconds: 0, billableAmount: '0.00', entries: 0 },
      rows: [],
    });
    await w.admin.agent.get(`/api/v1/reports/summary?${MAY}&priceAs=week`).expect(400);
  });
});
