import { createPrismaClient, directDatabase, Prisma, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { once } from 'node:events';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapException } from '../src/platform/problem.mapping';

// The API's hot paths send raw SQL on the pool under Prisma (packages/db/src/direct.ts): its
// errors must still reach clients as the problems Prisma's would, and its transactions must
// roll back as Prisma's do.
let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url, { poolSize: 3 });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const failure = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
};

describe('the connections of createPrismaClient', () => {
  it('run without JIT compilation, on either path', async () => {
    // The server's default is on (both PostgreSQL 15 and 18 here); reports' plans paid seconds for it.
    const [viaPrisma] = await prisma.$queryRaw<{ jit: string }[]>`SHOW jit`;
    const [direct] = await directDatabase(prisma).rows<{ jit: string }>(Prisma.sql`SHOW jit`);
    expect([viaPrisma?.jit, direct?.jit]).toEqual(['off', 'off']);
  });
});

describe('raw SQL on the pool (DirectDatabase)', () => {
  it('returns rows with node-postgres types', async () => {
    const [row] = await directDatabase(prisma).rows<{ n: number; at: Date; name: string }>(
      Prisma.sql`SELECT ${41}::int + 1 AS n, '2026-03-01T10:00:00Z'::timestamptz AS at, ${'x'} AS name`,
    );
    expect(row).toEqual({ n: 42, at: new Date('2026-03-01T10:00:00Z'), name: 'x' });
  });

  it('answers a unique violation 409 and a foreign key violation 409, as from Prisma', async () => {
    const unique = await failure(
      directDatabase(prisma).rows(Prisma.sql`INSERT INTO clients (name) SELECT name FROM clients LIMIT 1`),
    );
    expect(unique).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(mapException(unique)).toMatchObject({ status: 409, code: 'CONFLICT' });
    const foreign = await failure(
      directDatabase(prisma).rows(Prisma.sql`INSERT INTO projects (name, client_id) VALUES ('p', 999999)`),
    );
    expect(mapException(foreign)).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('answers 503 when the database cannot be reached', async () => {
    const unreachable = createPrismaClient('postgresql://postgres@127.0.0.1:1/none');
    try {
      const err = await failure(directDatabase(unreachable).rows(Prisma.sql`SELECT 1`));
      expect(mapException(err)).toMatchObject({ status: 503, retryAfterSeconds: 2 });
      const inTransaction = await failure(
        directDatabase(unreachable).transaction((tx) => tx.rows(Prisma.sql`SELECT 1`), {
          lockTimeoutMs: 1000,
        }),
      );
      expect(mapException(inTransaction)).toMatchObject({ status: 503 });
    } finally {
      await unreachable.$disconnect();
    }
  });

  it('survives the server closing its idle connections, and reconnects for the next query', async () => {
    const direct = directDatabase(prisma);
    const [backend] = await direct.rows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`);
    const pid = backend!.pid;
    // The pool under the client (packages/db keeps it under this registered symbol) reports the
    // idle connection it loses with an 'error' event: the moment it has dropped it.
    const pool = (prisma as unknown as Record<symbol, Pool>)[Symbol.for('@timetracker/db pool')]!;
    const dropped = once(pool, 'error');
    const other = createPrismaClient(db.url, { poolSize: 1 });
    try {
      await directDatabase(other).rows(Prisma.sql`SELECT pg_terminate_backend(${pid}::int)`);
    } finally {
      await other.$disconnect();
    }
    await dropped;
    // Unhandled, the pool's 'error' event for that connection would have ended this process.
    const [row] = await direct.rows<{ ok: number }>(Prisma.sql`SELECT 1 AS ok`);
    expect(row!.ok).toBe(1);
  });

  it('rolls a transaction back when its work throws, and keeps what it committed otherwise', async () => {
    const name = (suffix: string) => `direct-${suffix}`;
    await failure(
      directDatabase(prisma).transaction(
        async (tx) => {
          await tx.rows(Prisma.sql`INSERT INTO clients (name) VALUES (${name('rolled-back')})`);
          throw new Error('the work failed');
        },
        { lockTimeoutMs: 1000 },
      ),
    );
    await directDatabase(prisma).transaction(
      (tx) => tx.rows(Prisma.sql`INSERT INTO clients (name) VALUES (${name('kept')})`),
      { lockTimeoutMs: 1000 },
    );
    const rows = await directDatabase(prisma).rows<{ name: string }>(
      Prisma.sql`SELECT name FROM clients WHERE name LIKE 'direct-%' ORDER BY name`,
    );
    expect(rows.map((r) => r.name)).toEqual([name('kept')]);
  });

  it('gives up on a lock held longer than its lock timeout with a 503, and frees the connection', async () => {
    const locked = Prisma.sql`SELECT pg_advisory_xact_lock(4242)`;
    let release!: () => void;
    let held!: () => void;
    const lockTaken = new Promise<void>((resolve) => (held = resolve));
    const holding = directDatabase(prisma).transaction(
      async (tx) => {
        await tx.rows(locked);
        held();
        await new Promise<void>((resolve) => (release = resolve));
      },
      { lockTimeoutMs: 1000 },
    );
    await lockTaken;
    const started = Date.now();
    const waited = await failure(
      directDatabase(prisma).transaction((tx) => tx.rows(locked), { lockTimeoutMs: 300 }),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(mapException(waited)).toMatchObject({ status: 503 });
    release();
    await holding;
    // Both connections went back to the pool in a usable state.
    await directDatabase(prisma).transaction((tx) => tx.rows(locked), { lockTimeoutMs: 1000 });
  });

  it('takes the advisory lock it is given before the work, until the transaction ends', async () => {
    const direct = directDatabase(prisma);
    const heldBy = Prisma.sql`
      SELECT objid::int AS key FROM pg_locks
       WHERE locktype = 'advisory' AND classid = 4243 AND pid = pg_backend_pid()`;
    let release!: () => void;
    let held!: () => void;
    const lockTaken = new Promise<void>((resolve) => (held = resolve));
    let seen: { key: number }[] = [];
    const holding = direct.transaction(
      async (tx) => {
        seen = await tx.rows<{ key: number }>(heldBy);
        held();
        await new Promise<void>((resolve) => (release = resolve));
      },
      { lockTimeoutMs: 1000, advisoryLock: [4243, 7] },
    );
    await lockTaken;
    expect(seen).toEqual([{ key: 7 }]);
    // The same key waits and gives up (503, the work never runs); another key does not wait.
    let ran = false;
    const waited = await failure(
      direct.transaction(async () => (ran = true), { lockTimeoutMs: 300, advisoryLock: [4243, 7] }),
    );
    expect(mapException(waited)).toMatchObject({ status: 503 });
    expect(ran).toBe(false);
    await direct.transaction(async () => (ran = true), { lockTimeoutMs: 300, advisoryLock: [4243, 8] });
    expect(ran).toBe(true);
    release();
    await holding;
    await direct.transaction(async () => undefined, { lockTimeoutMs: 300, advisoryLock: [4243, 7] });
    // Keys are written into the SQL: anything but an int4 is refused before any SQL is sent.
    for (const bad of [1.5, 2 ** 31, Number.NaN, '1); DROP TABLE users; --' as unknown as number])
      await expect(
        direct.transaction(async () => undefined, { lockTimeoutMs: 300, advisoryLock: [4243, bad] }),
      ).rejects.toThrow(TypeError);
  });
});
