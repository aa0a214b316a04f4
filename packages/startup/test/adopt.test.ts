import { afterEach, describe, expect, it } from 'vitest';
import { createEmptyDatabase, type TestDatabase } from '../src/testing';
import { ALL_MIGRATIONS, dumpAll, legacyFixture, startup, withClient } from './support';

const databases: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.splice(0).map((d) => d.drop()));
});

/** Wall-clock time in a zone → the instant, computed with Intl (independently of PostgreSQL). */
function zonedToInstant(naive: string, timeZone: string): number {
  const [date, time] = naive.split('T') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [hms, fraction = ''] = time.split('.') as [string, string?];
  const [h, mi, s] = hms.split(':').map(Number) as [number, number, number];
  // Milliseconds truncated from the digits, as Date.parse does with PostgreSQL's microseconds.
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const offsetAt = (instant: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(new Date(instant))
        .map((p) => [p.type, p.value]),
    );
    const wall = Date.UTC(
      +parts.year!,
      +parts.month! - 1,
      +parts.day!,
      +parts.hour!,
      +parts.minute!,
      +parts.second!,
    );
    return wall - Math.floor(instant / 1000) * 1000;
  };
  const first = asUtc - offsetAt(asUtc);
  return asUtc - offsetAt(first);
}

const NAIVE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;

async function loadFixture(name: 'seed-schema' | 'orm-schema'): Promise<TestDatabase> {
  const db = await createEmptyDatabase();
  databases.push(db);
  await withClient(db.url, (c) => c.query(legacyFixture(name)));
  return db;
}

/**
 * The entries' comma-separated tags as the links and tags tables now hold them (migration
 * tags), so that the old column can be compared value for value.
 */
function withTagsColumn(after: Record<string, Record<string, unknown>[]>) {
  const names = new Map(after.tags!.map((t) => [t.id, String(t.name)]));
  const links = [...after.time_entry_tags!].sort((a, b) => Number(a.position) - Number(b.position));
  const tagsOf = (id: unknown) =>
    links
      .filter((l) => l.time_entry_id === id)
      .map((l) => names.get(l.tag_id))
      .join(',') || null;
  return { ...after, time_entries: after.time_entries!.map((e) => ({ ...e, tags: tagsOf(e.id) })) };
}

/**
 * Every row and every value of the original database is still there after adoption: naive
 * timestamps became the right instants (local zone, or UTC for manual entries' start/end),
 * the only other changes being the documented conversions.
 */
function expectNothingLost(
  before: Record<string, Record<string, unknown>[]>,
  after: Record<string, Record<string, unknown>[]>,
  zone: string,
  expectedValueChanges: (table: string, column: string, oldValue: unknown) => unknown = (_t, _c, v) => v,
): void {
  for (const [table, rows] of Object.entries(before)) {
    const kept = table === 'settings' ? rows.slice(0, 1) : rows;
    const afterRows = after[table]!;
    expect(afterRows, table).toHaveLength(kept.length);
    for (const row of kept) {
      const id = table === 'settings' ? 1 : row.id;
      const now = afterRows.find((r) => r.id === id);
      expect(now, `${table} ${String(row.id)}`).toBeDefined();
      for (const [column, value] of Object.entries(row)) {
        if (table === 'settings' && column === 'id') continue;
        // The seed gives the adopted admin a password (a real write, asserted separately).
        if (table === 'users' && row.username === 'admin' && column === 'updated_at') continue;
        // The single rates moved into dated billable rates in force from the start (issue #18).
        const movedRate =
          (table === 'projects' && column === 'hourly_rate' && 'project_id') ||
          (table === 'clients' && column === 'default_hourly_rate' && 'client_id');
        if (movedRate) {
          const rates = (after.rates ?? []).filter(
            (r) => r[movedRate] === id && r.user_id === null && r.kind === 'billable',
          );
          expect(
            rates.map((r) => r.amount),
            `${table}.${column} of ${String(row.id)}`,
          ).toEqual(value === null ? [] : [value]);
          continue;
        }
        if (typeof value === 'string' && NAIVE.test(value)) {
          const utc =
            table === 'time_entries' &&
            row.source === 'manual' &&
            (column === 'start_time' || column === 'end_time');
          const expected = zonedToInstant(value, utc ? 'UTC' : zone);
          expect(Date.parse(String(now![column])), `${table}.${column} of ${String(row.id)}`).toBe(expected);
        } else {
          expect(now![column], `${table}.${column} of ${String(row.id)}`).toEqual(
            expectedValueChanges(table, column, value),
          );
        }
      }
    }
  }
}

describe('adopting the original app database', () => {
  it('adopts seed-schema.sql with zero loss, then a second run changes nothing', async () => {
    const db = await loadFixture('seed-schema');
    const before = await dumpAll(db.url);
    const result = await startup(db.url);
    expect(result.adopted).toBeDefined();
    expect(result.verify.ok).toBe(true);
    // Adoption brings it to the baseline; the later migrations are then applied normally.
    expect(result.migrate.applied).toEqual(ALL_MIGRATIONS.slice(1));
    const after = await dumpAll(db.url);

    expectNothingLost(before, withTagsColumn(after), 'Europe/Rome');

    const entry = (id: number) => after.time_entries!.find((e) => e.id === id)!;
    expect(new Date(String(entry(1).start_time)).toISOString()).toBe('2025-08-25T07:00:00.000Z'); // auto, Rome summer
    expect(new Date(String(entry(2).start_time)).toISOString()).toBe('2025-08-25T12:00:00.000Z'); // manual, UTC
    expect(new Date(String(entry(5).start_time)).toISOString()).toBe('2025-12-01T07:30:00.000Z'); // auto, Rome winter
    expect(entry(5).end_time).toBeNull();
    // The old app's running timer is found as one (prisma/sql/003 fills running_timers).
    expect(after.running_timers).toEqual([{ entry_id: 5, user_id: 1 }]);

    // Free-text clients became rows; the old column is kept.
    expect(after.clients!.map((c) => c.name)).toEqual(['Default Client', 'Acme Corp']);
    const clientId = (name: string) => after.clients!.find((c) => c.name === name)!.id;
    for (const p of after.projects!) expect(p.client_id).toBe(clientId(String(p.client)));

    // Comma-separated ids became real links.
    expect(after.time_entries!.filter((e) => e.invoice_item_id === 1).map((e) => e.id)).toEqual([1, 2]);
    expect(after.invoice_items![0]!.time_entry_ids).toBe('1,2');

    // The settings row in force (lowest id) is kept as id 1, sign-up open as the old app had it
    // (only a fresh install starts with it closed).
    expect(before.settings![0]).toMatchObject({ allow_self_register: true });
    expect(after.settings).toHaveLength(1);
    expect(after.settings![0]).toMatchObject({
      id: 1,
      company_name: 'Studio Rossi',
      allow_self_register: true,
    });

    // Both old 'General' projects are kept and no third one is seeded; the admin can now sign in.
    expect(after.projects!.filter((p) => p.name === 'General')).toHaveLength(2);
    expect(result.seed.inserted).toEqual(['password for admin "admin"']);
    expect(String(after.users!.find((u) => u.username === 'admin')!.password_hash)).toMatch(/^\$argon2id\$/);
    expect(after.users!.filter((u) => u.username !== 'admin').every((u) => u.password_hash === null)).toBe(
      true,
    );

    const again = await startup(db.url);
    expect(again.adopted).toBeUndefined();
    expect(await dumpAll(db.url)).toEqual(after);

    // New rows get fresh ids (the sequences were moved past the adopted ones).
    await withClient(db.url, async (c) => {
      const { rows } = await c.query(`INSERT INTO clients (name) VALUES ('New') RETURNING id`);
      expect(rows[0].id).toBe(3);
    });
  });

  it('adopts orm-schema.sql with zero loss: todo → pending, client_id kept', async () => {
    const db = await loadFixture('orm-schema');
    const before = await dumpAll(db.url);
    const result = await startup(db.url);
    expect(result.verify.ok).toBe(true);
    const after = await dumpAll(db.url);
    expectNothingLost(before, withTagsColumn(after), 'Europe/Rome', (table, column, value) =>
      table === 'tasks' && column === 'status' && value === 'todo' ? 'pending' : value,
    );
    expect(after.tasks!.map((t) => t.status)).toEqual(['pending', 'in_progress']);
    expect(after.projects!.map((p) => p.client_id)).toEqual([1, 2, 2, 1]);
    expect(after.time_entries!.filter((e) => e.invoice_item_id === 1).map((e) => e.id)).toEqual([1, 2]);
    expect(new Date(String(after.time_entries!.find((e) => e.id === 1)!.start_time)).toISOString()).toBe(
      '2025-08-25T07:00:00.000Z',
    );

    const again = await startup(db.url);
    expect(again.adopted).toBeUndefined();
    expect(await dumpAll(db.url)).toEqual(after);
  });

  it('leaves the database untouched when adoption cannot be completed, and says why', async () => {
    const db = await loadFixture('seed-schema');
    await withClient(db.url, (c) =>
      c.query(`UPDATE time_entries SET end_time = start_time - interval '1 hour' WHERE id = 3`),
    );
    const before = await dumpAll(db.url);
    await expect(startup(db.url)).rejects.toThrow(/time entries 3 end before they start/);
    expect(await dumpAll(db.url)).toEqual(before);
  });

  it('refuses usernames that differ only in case or surrounding spaces, naming them, changing nothing', async () => {
    const db = await loadFixture('seed-schema');
    await withClient(db.url, (c) =>
      c.query(`INSERT INTO users (id, username) VALUES (11, 'Bob'), (12, ' carol '), (13, 'carol')`),
    );
    const before = await dumpAll(db.url);
    const failure = startup(db.url);
    await expect(failure).rejects.toThrow(
      /usernames that differ only in case or surrounding spaces: "bob" \(id 3\) and "Bob" \(id 11\); " carol " \(id 12\) and "carol" \(id 13\)/,
    );
    expect(await dumpAll(db.url)).toEqual(before);

    // Renamed apart, the same database is adopted, and each of them is one account by any spelling.
    await withClient(db.url, (c) =>
      c.query(`UPDATE users SET username = username || '2' WHERE id IN (11, 13)`),
    );
    expect((await startup(db.url)).verify.ok).toBe(true);
    await withClient(db.url, async (c) => {
      await expect(c.query(`INSERT INTO users (username) VALUES ('CAROL')`)).rejects.toThrow(
        /uq_users_username_ci/,
      );
    });
  });

  it('keeps a legacy entry whose task is in another project, and checks every new pair', async () => {
    // The original app never checked the pair: entry 4 (project 3) names task 2 (project 2).
    const db = await loadFixture('seed-schema');
    await withClient(db.url, (c) => c.query(`UPDATE time_entries SET task_id = 2 WHERE id = 4`));
    const before = await dumpAll(db.url);
    const result = await startup(db.url);
    expect(result.verify.ok).toBe(true);
    expectNothingLost(before, withTagsColumn(await dumpAll(db.url)), 'Europe/Rome');
    await withClient(db.url, async (c) => {
      // An edit that keeps the pair is not checked; a new or changed pair is.
      await c.query(`UPDATE time_entries SET notes = 'kept' WHERE id = 4`);
      await expect(c.query(`UPDATE time_entries SET task_id = 1 WHERE id = 4`)).rejects.toThrow(
        /fk_time_entries_task_project/,
      );
      await expect(
        c.query(
          `INSERT INTO time_entries (user_id, project_id, task_id, start_time) VALUES (3, 3, 2, now())`,
        ),
      ).rejects.toThrow(/fk_time_entries_task_project/);
    });
  });
});
