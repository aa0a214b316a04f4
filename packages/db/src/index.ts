import { setFlagsFromString } from 'node:v8';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { DirectDatabase } from './direct';
import { PrismaClient } from './generated/prisma/client';

export * from './generated/prisma/client';
export { DirectDatabase, type DirectSql } from './direct';

export interface PrismaClientOptions {
  /** Maximum connections in this client's pool. */
  poolSize?: number;
}

/** Connections of a client's pool right now (node-postgres' own counters). */
export interface PoolStats {
  /** Open connections, busy or idle. */
  total: number;
  idle: number;
  /** Queries queued for a free connection. */
  waiting: number;
  /** The pool's size limit. */
  max: number;
}

// The pool each client was built on (Prisma does not expose its adapter's pool), kept on the
// client under a registered symbol: test runners can load this module twice (source and build),
// and both copies must find it.
const POOL = Symbol.for('@timetracker/db pool');
const DIRECT = Symbol.for('@timetracker/db direct');
type Tagged = PrismaClient & { [POOL]?: pg.Pool; [DIRECT]?: DirectDatabase };
const poolOf = (client: PrismaClient) => (client as Tagged)[POOL];

/** A Prisma client on the driver adapter for node-postgres: no native query engine needed. */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  // A request waits at most this long for a free connection, then gets a 503 (P2024).
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 15_000,
    // No JIT compilation: PostgreSQL compiles a plan whose estimated cost passes jit_above_cost,
    // and the reports' plans (many small subplans, estimated far above what they cost) passed it
    // while running in 0.1 s: compiling took 1.8 s of a 30-day series and 3.5 s of a tag report
    // (docs/benchmarks.md, "Rates by interval"). A DATABASE_URL with its own `options` replaces this.
    options: '-c jit=off',
  });
  // An idle connection the server closes (a restart, pg_terminate_backend) is an 'error' event
  // on the pool, which would end the process unhandled: the pool has already dropped it, and the
  // next query opens a new one (or reports to its caller why it cannot).
  pool.on('error', () => {});
  // The adapter ends the pool on $disconnect, as it does with a pool it makes itself.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({ adapter });
  Object.defineProperty(client, POOL, { value: pool });
  return client;
}

/**
 * Raw SQL straight on the pool of a client made by createPrismaClient (see direct.ts for when
 * and why); the same connections, so the pool size still bounds the process.
 */
export function directDatabase(client: PrismaClient): DirectDatabase {
  const tagged = client as Tagged;
  if (!tagged[DIRECT]) {
    const pool = poolOf(client);
    if (!pool) throw new Error('directDatabase needs a client made by createPrismaClient');
    Object.defineProperty(tagged, DIRECT, { value: new DirectDatabase(pool) });
  }
  return tagged[DIRECT]!;
}

/** The pool counters of a client made by createPrismaClient (metrics); undefined for any other. */
export function poolStats(client: PrismaClient): PoolStats | undefined {
  const pool = poolOf(client);
  if (!pool) return undefined;
  return {
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max ?? 10,
  };
}

/**
 * For long-running processes (api, worker), called before their first query: Prisma 7 runs its
 * query compiler as WebAssembly, and V8's optimizing tier for that module keeps about 65 MB more
 * resident per process (measured: 178 → 112 MB RSS after 200 queries) for no measurable speed,
 * since query plans are cached per query shape. Liftoff, V8's baseline compiler, is enough. Only
 * affects WebAssembly compiled after the call.
 */
export function useBaselineWasmCompiler(): void {
  setFlagsFromString('--liftoff-only');
}
