import type { Catalog, ColumnShape } from './introspect';

export type ItemStatus = 'ok' | 'missing' | 'different' | 'extra';

export interface ColumnReport {
  name: string;
  status: ItemStatus;
  expected: ColumnShape | null;
  actual: ColumnShape | null;
}

export interface TableReport {
  name: string;
  status: ItemStatus;
  columns: ColumnReport[];
}

export interface ObjectReport {
  name: string;
  table: string;
  status: ItemStatus;
  expected: string | null;
  actual: string | null;
}

export interface CatalogComparison {
  ok: boolean;
  tables: TableReport[];
  indexes: ObjectReport[];
  foreignKeys: ObjectReport[];
  checks: ObjectReport[];
  triggers: ObjectReport[];
  /** Anything missing or different: the database does not match the code. */
  problems: string[];
  /** Things the database has beyond the code (legacy columns, hand-made indexes): kept, reported. */
  warnings: string[];
}

const sameColumn = (a: ColumnShape, b: ColumnShape) =>
  a.type === b.type && a.nullable === b.nullable && a.default === b.default && a.storage === b.storage;

const describeColumn = (c: ColumnShape) =>
  `${c.type}${c.nullable ? '' : ' NOT NULL'}${c.default === null ? '' : ` DEFAULT ${c.default}`}` +
  (c.storage === undefined ? '' : ` STORAGE ${c.storage}`);

export function compareCatalogs(expected: Catalog, actual: Catalog): CatalogComparison {
  const problems: string[] = [];
  const warnings: string[] = [];
  const tables: TableReport[] = [];

  const tableNames = [...new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)])].sort();
  for (const table of tableNames) {
    const exp = expected.tables[table];
    const act = actual.tables[table];
    if (!exp) {
      warnings.push(`table ${table} is not part of the schema (kept as is)`);
      tables.push({ name: table, status: 'extra', columns: [] });
      continue;
    }
    if (!act) {
      problems.push(`table ${table} is missing`);
      tables.push({
        name: table,
        status: 'missing',
        columns: Object.entries(exp).map(([name, e]) => ({
          name,
          status: 'missing',
          expected: e,
          actual: null,
        })),
      });
      continue;
    }
    const columns: ColumnReport[] = [];
    for (const name of [...new Set([...Object.keys(exp), ...Object.keys(act)])]) {
      const e = exp[name] ?? null;
      const a = act[name] ?? null;
      if (e && !a) {
        problems.push(`column ${table}.${name} is missing (expected ${describeColumn(e)})`);
        columns.push({ name, status: 'missing', expected: e, actual: null });
      } else if (!e && a) {
        warnings.push(
          `column ${table}.${name} is not part of the schema (legacy column kept: ${describeColumn(a)})`,
        );
        columns.push({ name, status: 'extra', expected: null, actual: a });
      } else if (e && a) {
        const same = sameColumn(e, a);
        if (!same) {
          problems.push(`column ${table}.${name} is ${describeColumn(a)}, expected ${describeColumn(e)}`);
        }
        columns.push({ name, status: same ? 'ok' : 'different', expected: e, actual: a });
      }
    }
    const status = columns.some((c) => c.status === 'missing' || c.status === 'different')
      ? 'different'
      : 'ok';
    tables.push({ name: table, status, columns });
  }

  const objects = (kind: string, exp: Catalog['indexes'], act: Catalog['indexes']): ObjectReport[] => {
    const out: ObjectReport[] = [];
    for (const name of [...new Set([...Object.keys(exp), ...Object.keys(act)])].sort()) {
      const e = exp[name];
      const a = act[name];
      if (e && !a) {
        problems.push(`${kind} ${name} on ${e.table} is missing (expected ${e.definition})`);
        out.push({ name, table: e.table, status: 'missing', expected: e.definition, actual: null });
      } else if (!e && a) {
        // Extra objects on tables we do not own are none of our business.
        if (!expected.tables[a.table]) continue;
        warnings.push(`${kind} ${name} on ${a.table} is not part of the schema (${a.definition})`);
        out.push({ name, table: a.table, status: 'extra', expected: null, actual: a.definition });
      } else if (e && a) {
        const same = e.table === a.table && e.definition === a.definition;
        if (!same)
          problems.push(
            `${kind} ${name} is "${a.definition}" on ${a.table}, expected "${e.definition}" on ${e.table}`,
          );
        out.push({
          name,
          table: e.table,
          status: same ? 'ok' : 'different',
          expected: e.definition,
          actual: a.definition,
        });
      }
    }
    return out;
  };

  const result = {
    tables,
    indexes: objects('index', expected.indexes, actual.indexes),
    foreignKeys: objects('foreign key', expected.foreignKeys, actual.foreignKeys),
    checks: objects('check constraint', expected.checks, actual.checks),
    triggers: objects('trigger', expected.triggers, actual.triggers),
  };
  return { ok: problems.length === 0, ...result, problems, warnings };
}
