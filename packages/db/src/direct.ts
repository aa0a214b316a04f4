import type pg from 'pg';
import { Prisma } from './generated/prisma/client';

/**
 * Raw SQL on the node-postgres pool under a Prisma client, for the few statements on the API's
 * hottest paths (authentication, the entry list, timers). Prisma's raw-query path converts every
 * cell through its own type system and builds several objects per row; on a page of 50 entries
 * that was a third of the API's CPU (bench/api). Queries are still Prisma.sql tagged templates,
 * so values are always parameters. Rows come as node-postgres returns them: timestamptz as Date,
 * int4 as number, int8 and numeric as strings (cast counts to int in SQL).
 *
 * Errors are translated into Prisma's known request errors with the codes the rest of the code
 * already handles (unique and foreign key violations, an unreachable or busy database), so one
 * exception filter still maps everything.
 */
export interface DirectSql {
  rows<T>(query: Prisma.Sql): Promise<T[]>;
}

export class DirectDatabase implements DirectSql {
  constructor(private readonly pool: pg.Pool) {}

  async rows<T>(query: Prisma.Sql): Promise<T[]> {
    try {
      return (await this.pool.query(query.text, query.values)).rows as T[];
    } catch (err) {
      throw translateError(err);
    }
  }

  /**
   * Runs `work` in a transaction on one connection: BEGIN, work, COMMIT (ROLLBACK when it
   * throws). `lockTimeoutMs` bounds every lock wait inside, advisory locks included;
   * `advisoryLock` (namespace, key) is taken before `work` runs, in BEGIN's own round trip.
   */
  async transaction<T>(
    work: (tx: DirectSql) => Promise<T>,
    options: { lockTimeoutMs: number; advisoryLock?: readonly [namespace: number, key: number] },
  ): Promise<T> {
    // Sent as text in one simple-protocol round trip, so only integers of ours get in.
    const opening = [`BEGIN; SET LOCAL lock_timeout = ${Math.trunc(options.lockTimeoutMs)}`];
    if (options.advisoryLock) {
      const [namespace, key] = options.advisoryLock;
      if (!isInt4(namespace) || !isInt4(key))
        throw new TypeError(`An advisory lock takes two int4 numbers, not ${namespace}, ${key}`);
      opening.push(`SELECT pg_advisory_xact_lock(${namespace}, ${key})`);
    }
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw translateError(err);
    }
    const tx: DirectSql = {
      rows: async <R>(query: Prisma.Sql) => (await client.query(query.text, query.values)).rows as R[],
    };
    let broken: Error | undefined;
    try {
      await client.query(opening.join('; '));
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is gone: do not hand it back to the pool.
        broken = rollbackError as Error;
      }
      throw translateError(err);
    } finally {
      client.release(broken);
    }
  }
}

const isInt4 = (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;

// PostgreSQL SQLSTATEs → the Prisma codes for the same situations.
const PRISMA_CODE_OF_SQLSTATE: Record<string, string> = {
  '23505': 'P2002', // unique violation
  '23503': 'P2003', // foreign key violation
  '55P03': 'P1008', // lock_timeout: busy, try again
  '57014': 'P1008', // statement timeout / cancelled
  '57P01': 'P1017', // the server closed the connection (admin shutdown)
  '57P03': 'P1001', // cannot connect now (starting up, shutting down)
  '53300': 'P1001', // too many connections
  '08000': 'P1017',
  '08003': 'P1017',
  '08006': 'P1017',
  '08001': 'P1001',
  '08004': 'P1001',
};
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function prismaCodeOf(err: { code?: unknown; message?: unknown }): string | undefined {
  const code = typeof err.code === 'string' ? err.code : '';
  if (PRISMA_CODE_OF_SQLSTATE[code]) return PRISMA_CODE_OF_SQLSTATE[code];
  if (CONNECTION_ERRNOS.has(code)) return 'P1001';
  const message = typeof err.message === 'string' ? err.message : '';
  // node-postgres' own messages for a lost connection and for a full pool.
  if (/Connection terminated|Client has encountered a connection error/.test(message)) return 'P1017';
  if (/timeout exceeded when trying to connect/.test(message)) return 'P2024';
  return undefined;
}

function translateError(err: unknown): unknown {
  if (typeof err !== 'object' || err === null || err instanceof Prisma.PrismaClientKnownRequestError)
    return err;
  const code = prismaCodeOf(err as { code?: unknown; message?: unknown });
  if (!code) return err;
  const sqlState = (err as { code?: unknown }).code;
  return new Prisma.PrismaClientKnownRequestError((err as Error).message, {
    code,
    clientVersion: Prisma.prismaVersion.client,
    meta: { sqlState },
  });
}
