import { writeFileSync, mkdirSync } from 'node:fs';
import { createServer, connect as netConnect, type Server } from 'node:net';
import path from 'node:path';
import type { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { checksumOf, readMigrations, readSqlFiles } from '../src/migrations/files';
import { verifyDatabase } from '../src/verify';
import {
  dumpAll,
  runCli,
  startup,
  tempPrismaDir,
  withClient,
  scratchDatabases,
  ALL_MIGRATIONS,
  repoPrismaDir,
} from './support';

const scratch = scratchDatabases();
const emptyDb = () => scratch.create();
afterEach(() => scratch.dropAll());

const appliedOnce = () => Object.fromEntries(ALL_MIGRATIONS.map((name) => [name, 1]));

const migrationCount = (url: string) =>
  withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT migration_name, count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL GROUP BY 1`,
    );
    return Object.fromEntries(rows.map((r) => [r.migration_name, r.n]));
  });

describe('startup on an empty database', () => {
  it('migrates, seeds and verifies; a second run applies and inserts nothing', async () => {
    const db = await emptyDb();
    const first = await startup(db.url);
    expect(first.migrate.applied).toEqual(ALL_MIGRATIONS);
    expect(first.verify.ok).toBe(true);
    expect(first.seed.inserted).toEqual([
      'settings row',
      'admin user "admin"',
      'client "Default Client"',
      'project "General"',
    ]);
    const before = await dumpAll(db.url);
    expect(before.settings).toHaveLength(1);
    // Sign-up starts closed: an admin opens it in the settings.
    expect(before.settings?.[0]).toMatchObject({ allow_self_register: false });
    expect(before.users?.[0]).toMatchObject({ username: 'admin', role: 'admin', is_active: true });
    expect(String(before.users?.[0]?.password_hash)).toMatch(/^\$argon2id\$/);

    const second = await startup(db.url);
    expect(second.migrate.applied).toEqual([]);
    expect(second.seed.inserted).toEqual([]);
    expect(second.seed.adminCredentials).toBeUndefined();
    expect(await dumpAll(db.url)).toEqual(before);
  });

  it('makes the database refuse a username that differs from another only in case or spaces', async () => {
    const db = await emptyDb();
    await startup(db.url);
    await withClient(db.url, async (c) => {
      await c.query(`INSERT INTO users (username) VALUES ('bob')`);
      for (const clash of ['BOB', ' bob ', 'Bob ', 'ADMIN']) {
        await expect(c.query(`INSERT INTO users (username) VALUES ($1)`, [clash]), clash).rejects.toThrow(
          /uq_users_username_ci/,
        );
      }
      const { rows } = await c.query(`SELECT username FROM users ORDER BY id`);
      expect(rows.map((r) => r.username)).toEqual(['admin', 'bob']);
      // Without the index (dropped by hand), such names are refused by name when it is remade.
      await c.query(`DROP INDEX uq_users_username_ci`);
      await c.query(`INSERT INTO users (id, username) VALUES (100, 'BOB')`);
    });
    await expect(startup(db.url)).rejects.toThrow(
      /usernames that differ only in case or surrounding spaces: "bob" \(id \d+\) and "BOB" \(id 100\)/,
    );
  });

  it('runs three starters at once: all exit 0 and each migration is applied exactly once', async () => {
    const db = await emptyDb();
    const env = { DATABASE_URL: db.url, ADMIN_PASSWORD: 'a-long-test-password' };
    const results = await Promise.all([1, 2, 3].map(() => runCli(['startup'], env)));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(await migrationCount(db.url)).toEqual(appliedOnce());
    const dump = await dumpAll(db.url);
    expect(dump.users).toHaveLength(1);
    expect(dump.projects).toHaveLength(1);
    expect(dump.settings).toHaveLength(1);
    // Exactly one of them did the work; the others found it done.
    expect(
      results.filter((r) => r.stdout.includes(`migrate: applied ${ALL_MIGRATIONS.length} migration(s)`)),
    ).toHaveLength(1);
  });
});

describe('migration failures', () => {
  function addMigration(prismaDir: string, name: string, sql: string): string {
    const dir = path.join(prismaDir, 'migrations', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration.sql'), sql);
    return path.join(dir, 'migration.sql');
  }

  it('rolls back a migration that fails half-way, names it, and succeeds once it is fixed', async () => {
    const db = await emptyDb();
    const prismaDir = tempPrismaDir();
    const file = addMigration(
      prismaDir,
      '20990101000000_half_broken',
      'CREATE TABLE "labels" ("id" SERIAL PRIMARY KEY);\nALTER TABLE "users" ADD COLUMN "nickname" TEXT;\nSELECT no_such_function();\n',
    );
    const failed = await runCli(['startup'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('migration 20990101000000_half_broken failed and was rolled back');
    expect(failed.stderr).toContain('no_such_function');
    expect(failed.stderr).toContain('line 3');
    await withClient(db.url, async (c) => {
      const { rows } = await c.query(`SELECT to_regclass('labels') AS t,
        (SELECT count(*)::int FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'nickname') AS n`);
      expect(rows[0]).toEqual({ t: null, n: 0 });
    });
    expect(await migrationCount(db.url)).toEqual(appliedOnce());

    writeFileSync(file, 'CREATE TABLE "labels" ("id" SERIAL PRIMARY KEY);\n');
    const fixed = await runCli(['startup'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain('migrate: applied 20990101000000_half_broken');
    expect(await migrationCount(db.url)).toEqual({ ...appliedOnce(), '20990101000000_half_broken': 1 });
  });

  it('refuses to start when an applied migration was modified', async () => {
    const db = await emptyDb();
    const prismaDir = tempPrismaDir();
    await startup(db.url, prismaDir);
    const baseline = path.join(prismaDir, 'migrations', '20261124000000_baseline', 'migration.sql');
    writeFileSync(baseline, '-- edited after the fact\n', { flag: 'a' });
    const result = await runCli(['startup'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('migration 20261124000000_baseline was modified after it was applied');
  });

  it('records checksums as sha256 of the file, as Prisma does', async () => {
    const db = await emptyDb();
    await startup(db.url);
    const { readFileSync } = await import('node:fs');
    const sql = readFileSync(
      path.join(tempPrismaDir(), 'migrations', '20261124000000_baseline', 'migration.sql'),
      'utf8',
    );
    await withClient(db.url, async (c) => {
      const { rows } = await c.query(
        `SELECT checksum, applied_steps_count, finished_at, rolled_back_at FROM _prisma_migrations
          WHERE migration_name = '20261124000000_baseline'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].checksum).toBe(checksumOf(sql));
      expect(rows[0].applied_steps_count).toBe(1);
      expect(rows[0].finished_at).toBeInstanceOf(Date);
      expect(rows[0].rolled_back_at).toBeNull();
    });
  });
});

describe('waiting for the database', () => {
  const unusedUrl = (url: string, port: number) => {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };

  async function freePort(): Promise<number> {
    return new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
  }

  it('retries with the reason of each attempt, then gives up clearly at the deadline (exit 2)', async () => {
    const db = await emptyDb();
    const url = unusedUrl(db.url, await freePort());
    const started = Date.now();
    const result = await runCli(['startup'], { DATABASE_URL: url, STARTUP_WAIT_TIMEOUT_MS: '1500' });
    expect(result.code).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(result.stdout).toMatch(/wait: attempt 1 failed \(.*ECONNREFUSED.*\); retrying in/);
    expect(result.stdout).toMatch(/wait: attempt 2 failed/);
    expect(result.stderr).toMatch(
      /not reachable after \d+ attempt\(s\) in 1\.50 s; last reason: .*ECONNREFUSED/,
    );
  });

  it('proceeds when the database comes up during the wait', async () => {
    const db = await emptyDb();
    const target = new URL(db.url);
    const port = await freePort();
    let proxy: Server | undefined;
    // The "database" appears once the CLI has found it missing: a TCP proxy to the real server
    // starts listening (on the event, not after a delay a busy machine may not keep to).
    const appear = (stdout: string) => {
      if (proxy || !/wait: attempt 1 failed/.test(stdout)) return;
      proxy = createServer((socket) => {
        const upstream = netConnect(Number(target.port || 5432), target.hostname);
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      }).listen(port, '127.0.0.1');
    };
    try {
      const result = await runCli(
        ['startup'],
        {
          DATABASE_URL: unusedUrl(db.url, port),
          STARTUP_WAIT_TIMEOUT_MS: '20000',
          ADMIN_PASSWORD: 'a-long-test-password',
        },
        [],
        undefined,
        appear,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/wait: attempt 1 failed/);
      expect(result.stdout).toContain('verify: schema matches');
    } finally {
      proxy?.close();
    }
  });
});

describe('optional steps', () => {
  it('warns and continues when an optional prisma/sql file fails, but stops on a required one', async () => {
    const db = await emptyDb();
    const prismaDir = tempPrismaDir();
    writeFileSync(
      path.join(prismaDir, 'sql', '900_trigram.optional.sql'),
      'CREATE EXTENSION IF NOT EXISTS no_such_extension;\n',
    );
    const ok = await runCli(['startup'], {
      DATABASE_URL: db.url,
      PRISMA_DIR: prismaDir,
      ADMIN_PASSWORD: 'a-long-test-password',
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('warning: optional 900_trigram.optional.sql skipped');

    writeFileSync(path.join(prismaDir, 'sql', '901_required.sql'), 'SELECT no_such_function();\n');
    const failed = await runCli(['startup'], { DATABASE_URL: db.url, PRISMA_DIR: prismaDir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('prisma/sql/901_required.sql failed');
  });
});

describe('the updated_at triggers (prisma/sql)', () => {
  const stamps = (url: string, sql: string) =>
    withClient(url, async (c) => {
      const { rows } = await c.query<{ updated_at: Date }>(
        `${sql} WHERE name = 'Default Client' RETURNING updated_at`,
      );
      return rows[0]!.updated_at;
    });

  it('stamp a write that leaves updated_at alone, keep the one a writer sets, and replace an older trigger', async () => {
    const db = await emptyDb();
    await startup(db.url);
    const set = await stamps(db.url, `UPDATE clients SET updated_at = '2001-02-03T04:05:06Z'`);
    expect(set.toISOString()).toBe('2001-02-03T04:05:06.000Z');
    const stamped = await stamps(db.url, `UPDATE clients SET description = 'touched'`);
    expect(Date.now() - stamped.getTime()).toBeLessThan(60_000);

    // A database made before the WHEN test: the next start recreates the trigger, and verify passes.
    await withClient(db.url, (c) =>
      c.query(`DROP TRIGGER update_clients_updated_at ON clients;
               CREATE TRIGGER update_clients_updated_at BEFORE UPDATE ON clients
                 FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()`),
    );
    const again = await startup(db.url);
    expect(again.verify.ok).toBe(true);
    const definition = await withClient(db.url, async (c) => {
      const { rows } = await c.query<{ def: string }>(
        `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgname = 'update_clients_updated_at'`,
      );
      return rows[0]!.def;
    });
    expect(definition).toContain('WHEN ((NOT (new.updated_at IS DISTINCT FROM old.updated_at)))');
  });
});

describe('the running_timers triggers (prisma/sql/003)', () => {
  /**
   * running_timers as [entry_id, user_id] rows, after checking that it is complete: every entry
   * without an end has its row, with its user.
   */
  const tracked = (c: Client) =>
    c
      .query<{ entry_id: number; user_id: number | null; missing: number }>(
        `SELECT r.entry_id, r.user_id,
                (SELECT count(*)::int FROM time_entries e
                  WHERE e.end_time IS NULL
                    AND NOT EXISTS (SELECT 1 FROM running_timers x
                                     WHERE x.entry_id = e.id AND x.user_id IS NOT DISTINCT FROM e.user_id)) AS missing
           FROM (SELECT 1) one LEFT JOIN running_timers r ON TRUE ORDER BY r.entry_id`,
      )
      .then(({ rows }) => {
        expect(rows[0]!.missing).toBe(0);
        return rows.filter((r) => r.entry_id !== null).map((r) => [r.entry_id, r.user_id]);
      });

  /** Users 2 and 3 and a project to record time on. */
  const prepare = async (c: Client) => {
    await c.query(`INSERT INTO users (id, username, role) VALUES (2, 'ann', 'user'), (3, 'bob', 'user')`);
    const { rows } = await c.query<{ id: number }>(`SELECT id FROM projects LIMIT 1`);
    return rows[0]!.id;
  };

  it('follow every kind of write: inserts, stops, restarts, a change of user, edits, deletes', async () => {
    const db = await emptyDb();
    await startup(db.url);
    await withClient(db.url, async (c) => {
      const project = await prepare(c);
      const entry = (id: number, user: number, running: boolean) =>
        `(${id}, ${user}, ${project}, now() - interval '1 hour', ${running ? 'NULL' : 'now()'})`;
      await c.query(`INSERT INTO time_entries (id, user_id, project_id, start_time, end_time)
                     VALUES ${[entry(1, 2, true), entry(2, 2, false), entry(3, 3, true)].join(', ')}`);
      expect(await tracked(c)).toEqual([
        [1, 2],
        [3, 3],
      ]);
      await c.query(`UPDATE time_entries SET end_time = now() WHERE id = 1`); // stopped by its user
      expect(await tracked(c)).toEqual([[3, 3]]);
      await c.query(`UPDATE time_entries SET end_time = NULL WHERE id = 2`); // running again
      await c.query(`UPDATE time_entries SET user_id = 2 WHERE id = 3`); // moved to another user
      await c.query(`UPDATE time_entries SET notes = 'edited' WHERE id IN (2, 3)`); // nothing to do
      expect(await tracked(c)).toEqual([
        [2, 2],
        [3, 2],
      ]);
      await c.query(`DELETE FROM time_entries WHERE id = 3`);
      await c.query(`DELETE FROM users WHERE id = 2`); // its entries go, and so do their rows
      expect(await tracked(c)).toEqual([]);
    });
  });

  it('keep the rows of timers the idle sweep stopped (the hourly housekeeping removes them)', async () => {
    const db = await emptyDb();
    await startup(db.url);
    await withClient(db.url, async (c) => {
      const project = await prepare(c);
      await c.query(`INSERT INTO time_entries (id, user_id, project_id, start_time)
                     VALUES (1, 2, ${project}, now()), (2, 3, ${project}, now()), (3, 3, ${project}, now())`);
      // The sweep's kind of update (idle-timers.repository.ts): one statement, reason 'idle'.
      await c.query(`UPDATE time_entries SET end_time = now(), stopped_reason = 'idle' WHERE id IN (1, 2)`);
      expect(await tracked(c)).toEqual([
        [1, 2],
        [2, 3],
        [3, 3],
      ]);
      // Restarted after the sweep: still its row, of its user.
      await c.query(`UPDATE time_entries SET end_time = NULL, stopped_reason = NULL WHERE id = 2`);
      expect(await tracked(c)).toEqual([
        [1, 2],
        [2, 3],
        [3, 3],
      ]);
    });
  });

  it('are recreated when missing, with the table filled from time_entries; verify reports them missing', async () => {
    const db = await emptyDb();
    await startup(db.url);
    await withClient(db.url, async (c) => {
      const project = await prepare(c);
      await c.query(`DROP TRIGGER time_entries_running_insert ON time_entries`);
      await c.query(`INSERT INTO time_entries (id, user_id, project_id, start_time, end_time) VALUES
                       (1, 2, ${project}, now(), NULL), (2, 3, ${project}, now(), now()), (3, 3, ${project}, now(), NULL)`);
      // Untracked inserts, and a row of an ended entry.
      await c.query(`INSERT INTO running_timers (entry_id, user_id) VALUES (2, 3)`);
    });
    const broken = await withClient(db.url, (c) =>
      c.query(`SELECT count(*)::int AS n FROM running_timers`).then((r) => r.rows[0].n as number),
    );
    expect(broken).toBe(1);

    const report = await withClient(db.url, (c) =>
      verifyDatabase(
        c,
        readMigrations(path.join(repoPrismaDir, 'migrations')),
        readSqlFiles(path.join(repoPrismaDir, 'sql')),
      ),
    );
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain('time_entries_running_insert');

    const again = await startup(db.url);
    expect(again.verify.ok).toBe(true);
    await withClient(db.url, async (c) =>
      expect(await tracked(c)).toEqual([
        [1, 2],
        [3, 3],
      ]),
    );
  });
});
