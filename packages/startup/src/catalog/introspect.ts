import type { Client } from 'pg';

export interface ColumnShape {
  type: string;
  nullable: boolean;
  default: string | null;
  /** How values are stored (PLAIN, MAIN, EXTERNAL, EXTENDED), only where not the type's own. */
  storage?: string;
}

export interface Catalog {
  tables: Record<string, Record<string, ColumnShape>>;
  /** Index name → definition without name and schema, e.g. `UNIQUE users USING btree (username)`. */
  indexes: Record<string, { table: string; definition: string }>;
  /** Constraint name → definition; foreign keys and checks (primary/unique keys are indexes). */
  foreignKeys: Record<string, { table: string; definition: string }>;
  checks: Record<string, { table: string; definition: string }>;
  triggers: Record<string, { table: string; definition: string }>;
}

const STORAGE: Record<string, string> = { p: 'PLAIN', m: 'MAIN', e: 'EXTERNAL', x: 'EXTENDED' };

/** Tables that belong to the migration machinery, not to the product. */
const IGNORED_TABLES = new Set(['_prisma_migrations']);

/**
 * Reads the catalog of one schema. Runs with that schema first on the search_path so that the
 * server prints names unqualified, which makes two schemas' catalogs directly comparable.
 */
export async function introspect(client: Client, schema: string): Promise<Catalog> {
  await client.query(`SELECT set_config('search_path', $1, true)`, [`"${schema.replace(/"/g, '""')}"`]);
  const catalog: Catalog = { tables: {}, indexes: {}, foreignKeys: {}, checks: {}, triggers: {} };

  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    notnull: boolean;
    def: string | null;
    storage: string | null;
  }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def,
            CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  for (const r of columns.rows) {
    if (IGNORED_TABLES.has(r.table)) continue;
    (catalog.tables[r.table] ??= {})[r.column] = {
      type: r.type,
      nullable: !r.notnull,
      default: r.def,
      ...(r.storage === null ? {} : { storage: STORAGE[r.storage] ?? r.storage }),
    };
  }

  const indexes = await client.query<{ name: string; table: string; def: string }>(
    `SELECT i.relname AS name, t.relname AS table, pg_get_indexdef(x.indexrelid) AS def
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1`,
    [schema],
  );
  for (const r of indexes.rows) {
    if (IGNORED_TABLES.has(r.table)) continue;
    catalog.indexes[r.name] = { table: r.table, definition: normalizeIndexDef(r.def, schema) };
  }

  const constraints = await client.query<{ name: string; table: string; type: string; def: string }>(
    `SELECT con.conname AS name, t.relname AS table, con.contype AS type, pg_get_constraintdef(con.oid) AS def
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND con.contype IN ('f', 'c')`,
    [schema],
  );
  for (const r of constraints.rows) {
    if (IGNORED_TABLES.has(r.table)) continue;
    const target = r.type === 'f' ? catalog.foreignKeys : catalog.checks;
    target[r.name] = { table: r.table, definition: stripSchema(r.def, schema) };
  }

  const triggers = await client.query<{ name: string; table: string; def: string }>(
    `SELECT tg.tgname AS name, t.relname AS table, pg_get_triggerdef(tg.oid) AS def
       FROM pg_trigger tg
       JOIN pg_class t ON t.oid = tg.tgrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND NOT tg.tgisinternal`,
    [schema],
  );
  for (const r of triggers.rows) {
    const def = stripSchema(r.def, schema).replace(/^CREATE (CONSTRAINT )?TRIGGER \S+ /, '');
    catalog.triggers[r.name] = { table: r.table, definition: def };
  }
  return catalog;
}

function stripSchema(def: string, schema: string): string {
  const escaped = schema.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return def.replace(new RegExp(`(?<![\\w"])("${escaped}"|${escaped})\\.`, 'g'), '');
}

function normalizeIndexDef(def: string, schema: string): string {
  return stripSchema(def, schema)
    .replace(/^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?/, (_m, unique: string | undefined) =>
      unique ? 'UNIQUE ' : '',
    )
    .trim();
}

/** The catalog of a live schema, read in a read-only transaction of its own. */
export async function readCatalog(client: Client, schema: string): Promise<Catalog> {
  await client.query('BEGIN READ ONLY');
  try {
    return await introspect(client, schema);
  } finally {
    await client.query('ROLLBACK');
  }
}
