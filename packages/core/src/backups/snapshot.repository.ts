import type { Readable } from 'node:stream';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  COPY_SESSION_SETTINGS,
  DERIVED_TABLES,
  type BackupColumn,
  type BackupSequence,
} from './backup-archive';

export interface SnapshotTable {
  name: string;
  columns: BackupColumn[];
  primaryKey: string[];
}

export interface SnapshotFile {
  id: number;
  kind: string;
  contentType: string;
  data: Buffer;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * One consistent view of the whole database: a READ ONLY REPEATABLE READ transaction on a
 * dedicated `pg` connection (Prisma cannot stream COPY), in which every table is copied, so
 * the tables agree with each other whatever is written meanwhile. No pg_dump is needed, so it
 * works the same against the embedded server and any external one.
 */
export class SnapshotRepository {
  private constructor(private readonly client: Client) {}

  static async open(databaseUrl: string): Promise<SnapshotRepository> {
    const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
    // A server gone while idle must not crash the process; the next query reports it.
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const [name, value] of Object.entries(COPY_SESSION_SETTINGS)) {
        await client.query('SELECT set_config($1, $2, true)', [name, value]);
      }
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    return new SnapshotRepository(client);
  }

  /** The snapshot's instant (the transaction start) and the server version. */
  async describe(): Promise<{ takenAt: Date; serverVersion: string }> {
    const { rows } = await this.client.query<{ t: Date; v: string }>(
      `SELECT transaction_timestamp() AS t, current_setting('server_version') AS v`,
    );
    return { takenAt: rows[0]!.t, serverVersion: rows[0]!.v };
  }

  /** Applied migrations, oldest first (the history table as startup writes it). */
  async appliedMigrations(): Promise<{ name: string; checksum: string }[]> {
    const { rows: exists } = await this.client.query<{ ok: boolean }>(
      `SELECT to_regclass(format('%I._prisma_migrations', current_schema())) IS NOT NULL AS ok`,
    );
    if (!exists[0]?.ok) return [];
    const { rows } = await this.client.query<{ name: string; checksum: string }>(
      `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    return rows;
  }

  /** Every table of the schema except the migration history and DERIVED_TABLES (restore rebuilds them). */
  async tables(): Promise<SnapshotTable[]> {
    const { rows } = await this.client.query<{
      table: string;
      columns: BackupColumn[];
      pk: string[] | null;
    }>(
      `SELECT c.relname AS table,
              (SELECT json_agg(json_build_object('name', a.attname,
                        'type', format_type(a.atttypid, a.atttypmod), 'nullable', NOT a.attnotnull)
                        ORDER BY a.attnum)
                 FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
              (SELECT array_agg(a.attname::text ORDER BY k.n)
                 FROM pg_constraint p
                 CROSS JOIN LATERAL unnest(p.conkey) WITH ORDINALITY AS k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = p.conrelid AND a.attnum = k.attnum
                WHERE p.conrelid = c.oid AND p.contype = 'p') AS pk
         FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
          AND c.relname <> '_prisma_migrations' AND c.relname <> ALL ($1::text[])
        ORDER BY c.relname`,
      [DERIVED_TABLES],
    );
    return rows.map((r) => ({ name: r.table, columns: r.columns ?? [], primaryKey: r.pk ?? [] }));
  }

  /** Every sequence's position, so restore continues numbering where the original was. */
  async sequences(): Promise<BackupSequence[]> {
    const { rows } = await this.client.query<{ name: string; table: string | null; column: string | null }>(
      `SELECT s.relname AS name, t.relname AS table, a.attname AS column
         FROM pg_class s
         LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
                              AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
         LEFT JOIN pg_class t ON t.oid = d.refobjid
         LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE s.relkind = 'S' AND s.relnamespace = current_schema()::regnamespace
          AND (t.relname IS NULL OR t.relname <> ALL ($1::text[]))
        ORDER BY s.relname`,
      [DERIVED_TABLES],
    );
    const out: BackupSequence[] = [];
    for (const r of rows) {
      const { rows: v } = await this.client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${ident(r.name)}`,
      );
      out.push({ ...r, lastValue: v[0]!.last_value, isCalled: v[0]!.is_called });
    }
    return out;
  }

  /**
   * COPY of one table in text format, rows in primary-key order so that equal data gives an
   * equal checksum (a restored database backs up to the same bytes).
   */
  copyTable(table: SnapshotTable): Readable {
    const cols = table.columns.map((c) => ident(c.name)).join(', ');
    const order = (table.primaryKey.length ? table.primaryKey : table.columns.map((c) => c.name))
      .map(ident)
      .join(', ');
    const copy = this.client.query(
      copyTo(`COPY (SELECT ${cols} FROM ${ident(table.name)} ORDER BY ${order}) TO STDOUT`),
    );
    // The reader sees errors through its pipeline; closing the connection after an aborted COPY
    // emits one more ("Connection terminated"), which must not be an uncaught exception.
    copy.on('error', () => {});
    return copy;
  }

  /** Uploaded files (a logo is at most 2 MB), one at a time. */
  async *uploadedFiles(): AsyncGenerator<SnapshotFile> {
    const { rows: exists } = await this.client.query<{ ok: boolean }>(
      `SELECT to_regclass(format('%I.uploaded_files', current_schema())) IS NOT NULL AS ok`,
    );
    if (!exists[0]?.ok) return;
    const { rows: ids } = await this.client.query<{ id: number }>(
      `SELECT id FROM uploaded_files ORDER BY id`,
    );
    for (const { id } of ids) {
      const { rows } = await this.client.query<{ kind: string; content_type: string; data: Buffer }>(
        `SELECT kind, content_type, data FROM uploaded_files WHERE id = $1`,
        [id],
      );
      if (rows[0]) yield { id, kind: rows[0].kind, contentType: rows[0].content_type, data: rows[0].data };
    }
  }

  /**
   * Ends the snapshot by closing the connection (read only: nothing to commit; the server ends
   * the transaction). No ROLLBACK first: after a COPY aborted by a failed write (full disk) the
   * connection never answers again, and waiting for it hung the backup forever.
   */
  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}
