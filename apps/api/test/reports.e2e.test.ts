import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportWorld, type ReportWorld, type Session } from './report-fixtures';

let w: ReportWorld;
const summary = (who: Session, query: string) => who.agent.get(`/api/v1/reports/summary?${query}`);
const series = (who: Session, name: string, query = '') =>
  who.agent.get(`/api/v1/reports/series/${name}?${query}`);
const MARCH = 'from=2025-03-01T00:00:00%2B01:00&to=2025-04-01T00:00:00%2B02:00';

beforeAll(async () => {
  w = await reportWorld();
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  // These tests price the users' own time: everyone sees money here (roles.md; hidden money
  // is tested in roles-visibility.e2e.test.ts).
  await w.sql(`UPDATE settings SET rates_visible_to_all = true, timezone = 'Europe/Rome', currency = 'EUR'`);
  await w.sql(`DELETE FROM time_entries`);
  await w.sql(`UPDATE users SET week_start = 'monday'`);
});

describe('summary: money', () => {
  it('prices the seconds exactly and rounds once: 3 × 20 min at 85.00 = 85.00, not 3 × 28.33', async () => {
    for (const day of ['03', '04', '05'])
      await w.entry(w.alice, w.projects.web, `2025-03-${day}T09:00:00Z`, 1200);
    const res = await summary(w.alice, MARCH).expect(200);
    expect(res.body).toMatchObject({ currency: 'EUR', timezone: 'Europe/Rome', groupBy: [], rows: [] });
    // Rounded per entry it would be 28.33 three times (84.99); the hour is worth 85.00.
    expect(res.body.totals).toEqual({
      seconds: 3600,
      hours: '1.00',
      billableSeconds: 3600,
      billableHours: '1.00',
      billableAmount: '85.00',
      entries: 3,
      breakSeconds: 0,
    });
  });

  it('resolves the rate project → client → none, rounds exact halves up, skips non-billable time', async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 3600); // 85.00
    await w.entry(w.alice, w.projects.support, '2025-03-03T10:00:00Z', 5400); // client rate: 90.00
    await w.entry(w.alice, w.projects.internal, '2025-03-03T12:00:00Z', 3600); // no rate: 0
    await w.entry(w.alice, w.projects.cheap, '2025-03-03T13:00:00Z', 3780); // 1.05 h × 0.10 = 0.105 → 0.11
    await w.entry(w.alice, w.projects.proBono, '2025-03-03T14:00:00Z', 3600, { billable: false });
    await w.entry(w.alice, w.projects.web, '2025-03-03T15:00:00Z', 1800, { billable: false });
    const res = await summary(w.alice, `${MARCH}&groupBy=project`).expect(200);
    const byName = Object.fromEntries(
      res.body.rows.map((r: { groups: { label: string }[] }) => [r.groups[0]!.label, r]),
    );
    expect(byName.Web).toMatchObject({ seconds: 5400, billableSeconds: 3600, billableAmount: '85.00' });
    expect(byName.Support).toMatchObject({ hours: '1.50', billableAmount: '90.00' });
    expect(byName.Internal).toMatchObject({ billableSeconds: 3600, billableAmount: '0.00' });
    expect(byName.Cheap).toMatchObject({ billableAmount: '0.11' });
    expect(byName.ProBono).toMatchObject({ seconds: 3600, billableSeconds: 0, billableAmount: '0.00' });
    expect(res.body.totals).toMatchObject({
      seconds: 3600 + 5400 + 3600 + 3780 + 3600 + 1800,
      billableSeconds: 3600 + 5400 + 3600 + 3780,
      billableAmount: '175.11',
      entries: 6,
    });
    expect(res.body.rows.map((r: { groups: { label: string }[] }) => r.groups[0]!.label)).toEqual([
      'Cheap',
      'Internal',
      'ProBono',
      'Support',
      'Web',
    ]);
  });

  it('groups by client and by billable, and filters by client, project, billable and tag', async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 3600, { tags: 'design,urgent' });
    await w.entry(w.alice, w.projects.internal, '2025-03-03T10:00:00Z', 1800, { tags: 'urgent' });
    await w.entry(w.alice, w.projects.proBono, '2025-03-03T11:00:00Z', 900, { billable: false });
    const clients = await summary(w.alice, `${MARCH}&groupBy=client,billable`).expect(200);
    expect(
      clients.body.rows.map((r: { groups: { label: string }[]; seconds: number }) => [
        ...r.groups.map((g) => g.label),
        r.seconds,
      ]),
    ).toEqual([
      ['Acme', 'Billable', 3600],
      ['Acme', 'Non-billable', 900],
      ['Inhouse', 'Billable', 1800],
    ]);
    const seconds = async (q: string) =>
      (await summary(w.alice, `${MARCH}&${q}`).expect(200)).body.totals.seconds;
    expect(await seconds(`clients=${w.clients.inhouse}`)).toBe(1800);
    expect(await seconds(`projects=${w.projects.web},${w.projects.proBono}`)).toBe(4500);
    expect(await seconds('billable=false')).toBe(900);
    expect(await seconds('tags=urgent')).toBe(5400);
    expect(await seconds('tags=design,nothing')).toBe(3600);
  });

  it('by tag counts an entry in each of its tags, and once in the totals', async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 3600, { tags: 'design, urgent' });
    await w.entry(w.alice, w.projects.web, '2025-03-03T10:00:00Z', 600);
    const res = await summary(w.alice, `${MARCH}&groupBy=tag`).expect(200);
    expect(
      res.body.rows.map((r: { groups: { key: string }[]; seconds: number }) => [r.groups[0]!.key, r.seconds]),
    ).toEqual([
      ['design', 3600],
      ['urgent', 3600],
      [null, 600],
    ]);
    expect(res.body.totals.seconds).toBe(4200);
  });
});

describe('summary: time zone, weeks, running entries', () => {
  it('puts days in settings.timezone, across the DST change', async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-09T23:30:00Z', 600); // Rome: Mon 10 March 00:30
    await w.entry(w.alice, w.projects.web, '2025-03-09T22:30:00Z', 600); // Rome: Sun 9 March 23:30
    await w.entry(w.alice, w.projects.web, '2025-03-30T22:30:00Z', 600); // CEST: Mon 31 March 00:30
    const res = await summary(w.alice, `${MARCH}&groupBy=day`).expect(200);
    expect(res.body.rows.map((r: { groups: { key: string }[] }) => r.groups[0]!.key)).toEqual([
      '2025-03-09',
      '2025-03-10',
      '2025-03-31',
    ]);
    await w.sql(`UPDATE settings SET timezone = 'UTC'`);
    const utc = await summary(w.alice, `${MARCH}&groupBy=day`).expect(200);
    expect(utc.body.rows.map((r: { groups: { key: string }[] }) => r.groups[0]!.key)).toEqual([
      '2025-03-09',
      '2025-03-30',
    ]);
  });

  it('starts weeks on Monday (local), and months at local midnight', async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-09T10:00:00Z', 600); // Sunday → week of Mon 3rd
    await w.entry(w.alice, w.projects.web, '2025-03-09T23:30:00Z', 900); // Monday 00:30 local → 10th
    await w.entry(w.alice, w.projects.web, '2025-02-28T23:30:00Z', 300); // 1 March 00:30 local
    const weeks = await summary(w.alice, `${MARCH}&groupBy=week`).expect(200);
    expect(
      weeks.body.rows.map((r: { groups: { key: string; label: string }[]; seconds: number }) => [
        r.groups[0]!.key,
        r.groups[0]!.label,
        r.seconds,
      ]),
    ).toEqual([
      ['2025-02-24', '2025-W09', 300],
      ['2025-03-03', '2025-W10', 600],
      ['2025-03-10', '2025-W11', 900],
    ]);
    const months = await summary(w.alice, `groupBy=month,user`).expect(200);
    expect(months.body.rows).toHaveLength(1);
    expect(months.body.rows[0].groups).toEqual([
      { dimension: 'month', key: '2025-03', label: '2025-03' },
      { dimension: 'user', key: String(w.alice.user.id), label: 'alice' },
    ]);
  });

  it("cuts weeks on the user's first day of the week, or the query's weekStart", async () => {
    await w.sql(`UPDATE users SET week_start = 'sunday' WHERE id = $1`, [w.alice.user.id]);
    await w.entry(w.alice, w.projects.web, '2025-03-08T10:00:00Z', 1200); // Saturday 8th
    await w.entry(w.alice, w.projects.web, '2025-03-09T10:00:00Z', 600); // Sunday 9th → week of Sun 9th
    await w.entry(w.alice, w.projects.web, '2025-03-09T23:30:00Z', 900); // Monday 10th 00:30 local
    await w.entry(w.alice, w.projects.web, '2025-03-15T22:30:00Z', 400); // Saturday 15th 23:30 local
    await w.entry(w.alice, w.projects.web, '2025-03-15T23:30:00Z', 200); // Sunday 16th 00:30 local
    type Row = { groups: { key: string; label: string }[]; seconds: number; entries: number };
    const rows = (body: { rows: Row[] }) =>
      body.rows.map((r) => [r.groups[0]!.key, r.groups[0]!.label, r.seconds, r.entries]);
    const sunday = await summary(w.alice, `${MARCH}&groupBy=week`).expect(200);
    expect(sunday.body.weekStart).toBe('sunday');
    // Labelled with the ISO week of the Monday inside (6 of the 7 days).
    expect(rows(sunday.body)).toEqual([
      ['2025-03-02', '2025-W10', 1200, 1],
      ['2025-03-09', '2025-W11', 600 + 900 + 400, 3],
      ['2025-03-16', '2025-W12', 200, 1],
    ]);
    expect(sunday.body.totals).toMatchObject({ seconds: 3300, entries: 5 });

    // An explicit weekStart wins over the preference (an admin's report for someone else, say).
    const saturday = await summary(w.alice, `${MARCH}&groupBy=week&weekStart=saturday`).expect(200);
    expect(saturday.body.weekStart).toBe('saturday');
    expect(rows(saturday.body)).toEqual([
      ['2025-03-08', '2025-W11', 1200 + 600 + 900, 3],
      ['2025-03-15', '2025-W12', 400 + 200, 2],
    ]);
    const monday = await summary(w.admin, `${MARCH}&groupBy=week&weekStart=monday`).expect(200);
    expect(rows(monday.body)).toEqual([
      ['2025-03-03', '2025-W10', 1200 + 600, 2],
      ['2025-03-10', '2025-W11', 900 + 400 + 200, 3],
    ]);
    await summary(w.alice, `${MARCH}&weekStart=friday`).expect(400);

    // The weekly trend zero-fills the user's weeks.
    const trend = await series(w.alice, 'weekly-trend', MARCH).expect(200);
    expect(trend.body.points.map((p: { key: string; seconds: number }) => [p.key, p.seconds])).toEqual([
      ['2025-02-23', 0],
      ['2025-03-02', 1200],
      ['2025-03-09', 1900],
      ['2025-03-16', 200],
      ['2025-03-23', 0],
      ['2025-03-30', 0],
    ]);
  });

  it("takes this week and last week from the user's first day of the week", async () => {
    await w.sql(`UPDATE users SET week_start = 'sunday' WHERE id = $1`, [w.alice.user.id]);
    const zone = 'timezone=UTC';
    const thisWeek = await summary(w.alice, `period=this-week&${zone}`).expect(200);
    const from = new Date(thisWeek.body.from);
    expect(from.getUTCDay()).toBe(0);
    expect(from.getUTCHours()).toBe(0);
    expect(Date.parse(thisWeek.body.to) - from.getTime()).toBe(7 * 86_400_000);
    expect(from.getTime()).toBeLessThanOrEqual(Date.now());
    // Saturday 23:59 of last week counts for last week; the Sunday that starts this week does not.
    await w.entry(w.alice, w.projects.web, new Date(from.getTime() - 60_000).toISOString(), 30);
    await w.entry(w.alice, w.projects.web, from.toISOString(), 50);
    const last = await summary(w.alice, `period=last-week&${zone}`).expect(200);
    expect(Date.parse(last.body.from)).toBe(from.getTime() - 7 * 86_400_000);
    expect(last.body.totals).toMatchObject({ seconds: 30, entries: 1 });
    expect((await summary(w.alice, `period=this-week&${zone}`).expect(200)).body.totals).toMatchObject({
      seconds: 50,
      entries: 1,
    });
    const saturday = await summary(w.alice, `period=this-week&${zone}&weekStart=saturday`).expect(200);
    expect(new Date(saturday.body.from).getUTCDay()).toBe(6);
  });

  it('excludes running timers unless includeRunning, then counts them up to now', async () => {
    await w.entry(w.alice, w.projects.web, new Date(Date.now() - 7_200_000).toISOString(), null);
    await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 60);
    expect((await summary(w.alice, '').expect(200)).body.totals).toMatchObject({ seconds: 60, entries: 1 });
    const running = await summary(w.alice, 'includeRunning=true').expect(200);
    expect(running.body.totals.entries).toBe(2);
    expect(running.body.totals.seconds).toBeGreaterThanOrEqual(7260);
    expect(running.body.totals.seconds).toBeLessThan(7360);
  });

  it('takes period shortcuts in the zone', async () => {
    await w.entry(w.alice, w.projects.web, new Date().toISOString(), 60);
    await w.entry(w.alice, w.projects.web, '2020-01-01T00:00:00Z', 60);
    const res = await summary(w.alice, 'period=this-year').expect(200);
    expect(res.body.totals.seconds).toBe(60);
    expect(Date.parse(res.body.from)).toBeLessThan(Date.now());
    expect(Date.parse(res.body.to)).toBeGreaterThan(Date.now());
  });
});

describe('summary: who sees what', () => {
  beforeEach(async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-03T09:00:00Z', 3600);
    await w.entry(w.bob, w.projects.web, '2025-03-03T09:00:00Z', 1800);
  });

  it('shows a user only their own time, and refuses to report on someone else', async () => {
    expect((await summary(w.alice, MARCH).expect(200)).body.totals.seconds).toBe(3600);
    expect((await summary(w.bob, `${MARCH}&groupBy=user`).expect(200)).body.rows).toHaveLength(1);
    await summary(w.alice, `${MARCH}&users=${w.alice.user.id}`).expect(200);
    const refused = await summary(w.alice, `${MARCH}&users=${w.bob.user.id}`).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await summary(w.alice, `${MARCH}&users=${w.alice.user.id},${w.bob.user.id}`).expect(403);
  });

  it('shows admins everyone, or the users they name', async () => {
    expect((await summary(w.admin, MARCH).expect(200)).body.totals.seconds).toBe(5400);
    const bob = await summary(w.admin, `${MARCH}&users=${w.bob.user.id}`).expect(200);
    expect(bob.body.totals.seconds).toBe(1800);
  });

  it('works with an API token, and rejects bad input and missing credentials', async () => {
    const token = (
      await w.alice.agent
        .post('/api/v1/tokens')
        .set('X-CSRF-Token', w.alice.csrf)
        .send({ name: 'r' })
        .expect(201)
    ).body.token as string;
    const http = request(w.app.getHttpServer());
    const viaToken = await http
      .get(`/api/v1/reports/summary?${MARCH}`)
      .set('Authorization', `Bearer ${token}`);
    expect(viaToken.status).toBe(200);
    expect(viaToken.body.totals.seconds).toBe(3600);
    await http.get('/api/v1/reports/summary').expect(401);
    await http.get('/api/v1/reports/dashboard').expect(401);
    await summary(w.alice, 'groupBy=colour').expect(400);
    await summary(w.alice, 'groupBy=user,project,task').expect(400);
    await summary(w.alice, 'groupBy=day,day').expect(400);
    await summary(w.alice, 'from=2025-03-01T00:00:00').expect(400); // naive
    await summary(w.alice, 'from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z').expect(400);
    await summary(w.alice, 'users=me').expect(400);
    await summary(w.alice, 'period=fortnight').expect(400);
    await summary(w.alice, 'surprise=1').expect(400);
  });
});

describe('dashboard', () => {
  it("gives the user's own today, week and month, and their running timer", async () => {
    const [today] = await w.sql<{ t: string }>(
      `SELECT (date_trunc('day', now() AT TIME ZONE 'Europe/Rome') AT TIME ZONE 'Europe/Rome')::text AS t`,
    );
    await w.entry(w.alice, w.projects.web, today!.t, 3600); // 85.00
    await w.entry(w.bob, w.projects.web, today!.t, 1800);
    await w.entry(w.alice, w.projects.web, '2020-01-01T00:00:00Z', 3600);
    const runningId = await w.entry(
      w.alice,
      w.projects.support,
      new Date(Date.now() - 600_000).toISOString(),
      null,
    );
    const res = await w.alice.agent.get('/api/v1/reports/dashboard').expect(200);
    expect(res.body.running).toMatchObject({ id: runningId, projectName: 'Support' });
    expect(res.body.running.elapsedSeconds).toBeGreaterThanOrEqual(600);
    expect(res.body.week.seconds).toBeGreaterThanOrEqual(res.body.today.seconds);
    expect(res.body.month.seconds).toBeGreaterThanOrEqual(res.body.today.seconds);
    expect(res.body.today.seconds).toBeGreaterThanOrEqual(3600);
    expect(res.body.today.seconds).toBeLessThan(3600 + 700);
    expect(res.body.today.billableAmount).not.toBe('0.00');
    expect(res.body.month.seconds).toBeLessThan(3600 + 700);
    const bob = await w.bob.agent.get('/api/v1/reports/dashboard').expect(200);
    expect(bob.body).toMatchObject({
      running: null,
      today: { seconds: 1800, hours: '0.50', billableAmount: '42.50' },
    });
  });
});

describe('series', () => {
  beforeEach(async () => {
    await w.entry(w.alice, w.projects.web, '2025-03-03T08:00:00Z', 3600); // Mon 09:00 Rome
    await w.entry(w.alice, w.projects.support, '2025-03-05T08:30:00Z', 1800); // Wed 09:30
    await w.entry(w.alice, w.projects.internal, '2025-03-05T13:00:00Z', 600, { billable: false }); // 14:00
    await w.entry(w.alice, w.projects.cheap, '2025-03-10T08:00:00Z', 300);
    await w.entry(w.bob, w.projects.web, '2025-03-04T08:00:00Z', 7200);
  });
  const WEEK = 'from=2025-03-03T00:00:00%2B01:00&to=2025-03-08T00:00:00%2B01:00';

  it('hours-by-day fills days without time with zeros', async () => {
    const res = await series(w.alice, 'hours-by-day', WEEK).expect(200);
    expect(res.body.points.map((p: { key: string; seconds: number }) => [p.key, p.seconds])).toEqual([
      ['2025-03-03', 3600],
      ['2025-03-04', 0],
      ['2025-03-05', 2400],
      ['2025-03-06', 0],
      ['2025-03-07', 0],
    ]);
    expect(res.body.points[1]).toMatchObject({ hours: '0.00', entries: 0, billableAmount: '0.00' });
    await series(w.alice, 'hours-by-day', 'from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z').expect(400);
  });

  it('weekly-trend has every week from Monday, zero-filled', async () => {
    const res = await series(
      w.admin,
      'weekly-trend',
      'from=2025-02-24T00:00:00%2B01:00&to=2025-03-24T00:00:00%2B01:00',
    );
    expect(res.status).toBe(200);
    expect(res.body.points.map((p: { key: string; seconds: number }) => [p.key, p.seconds])).toEqual([
      ['2025-02-24', 0],
      ['2025-03-03', 3600 + 1800 + 600 + 7200],
      ['2025-03-10', 300],
      ['2025-03-17', 0],
    ]);
    const recent = await series(w.alice, 'weekly-trend').expect(200);
    expect(recent.body.points).toHaveLength(12);
  });

  it('by-project keeps the top N and sums the rest as Other', async () => {
    const res = await series(w.alice, 'by-project', `${MARCH}&limit=2`).expect(200);
    expect(
      res.body.points.map((p: { key: string | null; label: string; seconds: number }) => [
        p.key,
        p.label,
        p.seconds,
      ]),
    ).toEqual([
      [String(w.projects.web), 'Web', 3600],
      [String(w.projects.support), 'Support', 1800],
      [null, 'Other', 900],
    ]);
  });

  it('by-hour-of-day has 24 local hours; billable-vs-non-billable two points; project-revenue by amount', async () => {
    const hours = await series(w.alice, 'by-hour-of-day', MARCH).expect(200);
    expect(hours.body.points).toHaveLength(24);
    expect(hours.body.points[9]).toMatchObject({ key: '9', label: '09:00', seconds: 3600 + 1800 + 300 });
    expect(hours.body.points[14]).toMatchObject({ seconds: 600 });
    const split = await series(w.alice, 'billable-vs-non-billable', MARCH).expect(200);
    expect(split.body.points.map((p: { key: string; seconds: number }) => [p.key, p.seconds])).toEqual([
      ['true', 5700],
      ['false', 600],
    ]);
    const revenue = await series(w.alice, 'project-revenue', MARCH).expect(200);
    expect(
      revenue.body.points.map((p: { label: string; billableAmount: string }) => [p.label, p.billableAmount]),
    ).toEqual([
      ['Web', '85.00'],
      ['Support', '30.00'],
      ['Cheap', '0.01'],
      ['Internal', '0.00'],
    ]);
  });

  it('by-user is for admins; no series shows a user anyone else’s time', async () => {
    const users = await series(w.admin, 'by-user', MARCH).expect(200);
    expect(users.body.points.map((p: { label: string; seconds: number }) => [p.label, p.seconds])).toEqual([
      ['bob', 7200],
      ['alice', 6300],
    ]);
    await series(w.alice, 'by-user', MARCH).expect(403);
    for (const name of [
      'hours-by-day',
      'by-project',
      'by-hour-of-day',
      'billable-vs-non-billable',
      'weekly-trend',
      'project-revenue',
    ]) {
      const res = await series(w.alice, name, MARCH).expect(200);
      const total = res.body.points.reduce((s: number, p: { seconds: number }) => s + p.seconds, 0);
      expect(total, name).toBe(6300);
      await series(w.alice, name, `${MARCH}&users=${w.bob.user.id}`).expect(403);
    }
    await series(w.alice, 'nonsense', MARCH).expect(400);
    await series(w.alice, 'by-project', 'limit=0').expect(400);
  });
});
