import type { Client } from 'pg';
import { quoteIdent } from '../db';
import { expectedCatalog } from '../catalog/expected';
import { introspect, type Catalog, type ColumnShape } from '../catalog/introspect';
import type { MigrationFile } from '../migrations/files';
import { appliedRows, ensureHistoryTable, readHistory, recordApplied } from '../migrations/history';
import type { Reporter } from '../report';
import { classifyBaseline } from './baseline-statements';
import { convertLegacyData, type LegacyDataResult } from './legacy-data';

export class AdoptionError extends Error {}

export interface AdoptResult {
  timezone: string;
  createdTables: string[];
  addedColumns: string[];
  convertedTimestamps: string[];
  alteredColumns: string[];
  createdIndexes: string[];
  createdConstraints: string[];
  data: LegacyDataResult;
}

/** Tables of the original app; finding any of them without migration history means "adopt". */
const LEGACY_TABLES = ['users', 'projects', 'time_entries', 'tasks', 'settings', 'invoices', 'invoice_items'];

/** A database made by the original app: its tables are there, but no migration was ever recorded. */
export async function isLegacyDatabase(client: Client): Promise<boolean> {
  const history = await readHistory(client);
  if (appliedRows(history).size > 0) return false;
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY($1)`,
    [LEGACY_TABLES],
  );
  return (rows[0]?.n ?? 0) > 0;
}

const TIMESTAMPTZ = 'timestamp(6) with time zone';
const isNaiveTimestamp = (type: string) => /^timestamp(?:\(\d\))? without time zone$/.test(type);

/**
 * Brings a database left by the original app to the baseline migration without losing a row,
 * in one transaction (all or nothing), then records the baseline as applied. Later migrations
 * are applied by the normal migrate step.
 */
export async function adoptLegacyDatabase(
  client: Client,
  baseline: MigrationFile,
  reporter: Reporter,
): Promise<AdoptResult> {
  const expected = await expectedCatalog(client, [baseline], []);
  const statements = classifyBaseline(baseline.sql);
  const schema = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;

  await client.query('BEGIN');
  try {
    const timezone = await legacyTimezone(client);
    await refuseClashingUsernames(client);
    const result: AdoptResult = {
      timezone,
      createdTables: [],
      addedColumns: [],
      convertedTimestamps: [],
      alteredColumns: [],
      createdIndexes: [],
      createdConstraints: [],
      data: undefined as unknown as LegacyDataResult,
    };
    let actual = await introspect(client, schema);

    for (const table of Object.keys(expected.tables)) {
      if (actual.tables[table]) continue;
      await client.query(required(statements.createTable, table, 'table'));
      // Its indexes now, not with the others: the data step relies on them (clients.name is unique).
      for (const [name, index] of Object.entries(expected.indexes)) {
        const statement = statements.createIndex.get(name);
        if (index.table === table && statement) {
          await client.query(statement);
          result.createdIndexes.push(name);
        }
      }
      result.createdTables.push(table);
    }
    actual = await introspect(client, schema);

    for (const [table, columns] of Object.entries(expected.tables)) {
      const have = actual.tables[table]!;
      const alterations: string[] = [];
      for (const [column, want] of Object.entries(columns)) {
        const got = have[column];
        if (!got) {
          alterations.push(`ADD COLUMN ${quoteIdent(column)} ${columnDefinition(want)}`);
          result.addedColumns.push(`${table}.${column}`);
          continue;
        }
        alterations.push(...(await reshapeColumn(client, table, column, want, got, timezone, result)));
      }
      if (alterations.length > 0) {
        await client.query(`ALTER TABLE ${quoteIdent(table)} ${alterations.join(', ')}`);
      }
    }

    // Converting data must not touch updated_at: the rows' history stays as the old app left it.
    const withTriggers = Object.keys(expected.tables);
    for (const table of withTriggers)
      await client.query(`ALTER TABLE ${quoteIdent(table)} DISABLE TRIGGER USER`);
    result.data = await convertLegacyData(client);
    for (const table of withTriggers)
      await client.query(`ALTER TABLE ${quoteIdent(table)} ENABLE TRIGGER USER`);

    actual = await introspect(client, schema);
    await reconcileObjects(
      client,
      expected.indexes,
      actual.indexes,
      statements.createIndex,
      'index',
      result.createdIndexes,
    );
    await checkConstraintsHold(client, expected, actual);
    await reconcileObjects(
      client,
      expected.foreignKeys,
      actual.foreignKeys,
      statements.addConstraint,
      'constraint',
      result.createdConstraints,
    );
    await reconcileObjects(
      client,
      expected.checks,
      actual.checks,
      statements.addConstraint,
      'constraint',
      result.createdConstraints,
    );
    await resetSequences(client, Object.keys(expected.tables));

    await ensureHistoryTable(client);
    await recordApplied(
      client,
      baseline.name,
      baseline.checksum,
      new Date(),
      `adopted a database made by the original app: ${summarize(result)}`,
    );
    await client.query('COMMIT');
    reporter.info(`adopt: ${summarize(result)}`);
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err instanceof AdoptionError
      ? err
      : new AdoptionError(
          `adopting the legacy database failed (nothing was changed): ${(err as Error).message}`,
        );
  }
}

/** The zone the original app wrote its naive local times in: the settings row in force. */
async function legacyTimezone(client: Client): Promise<string> {
  const hasSettings = await client.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'settings' AND column_name = 'timezone'`,
  );
  const fallback = 'Europe/Rome'; // the original app's default when no settings row was ever written
  if (!hasSettings.rowCount) return fallback;
  const { rows } = await client.query<{ timezone: string }>(
    `SELECT timezone FROM settings ORDER BY id LIMIT 1`,
  );
  const zone = rows[0]?.timezone ?? fallback;
  const valid = await client.query(`SELECT 1 FROM pg_timezone_names WHERE name = $1`, [zone]);
  if (!valid.rowCount) {
    throw new AdoptionError(
      `settings.timezone "${zone}" is not an IANA time zone; fix it before adopting (local times depend on it)`,
    );
  }
  return zone;
}

/**
 * Usernames that differ only in case or surrounding spaces (`Bob` and `bob`) are one account to
 * sign-in, and the database holds them to that (prisma/sql/004): which of them is meant cannot
 * be guessed, so the operator renames all but one of each group first.
 */
async function refuseClashingUsernames(client: Client): Promise<void> {
  const hasUsers = await client.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'users' AND column_name = 'username'`,
  );
  if (!hasUsers.rowCount) return;
  const { rows } = await client.query<{ accounts: string }>(
    `SELECT string_agg(format('%s (id %s)', to_json(username)::text, id), ' and ' ORDER BY id) AS accounts
       FROM users GROUP BY lower(btrim(username)) HAVING count(*) > 1 ORDER BY min(id) LIMIT 20`,
  );
  if (rows.length) {
    throw new AdoptionError(
      `usernames that differ only in case or surrounding spaces: ${rows.map((r) => r.accounts).join('; ')}; ` +
        'only one of each could ever sign in, so rename the others, then start again',
    );
  }
}

function columnDefinition(c: ColumnShape): string {
  return `${c.type}${c.default === null ? '' : ` DEFAULT ${c.default}`}${c.nullable ? '' : ' NOT NULL'}`;
}

/** The ALTER clauses that turn a legacy column into the baseline's, converting values where needed. */
async function reshapeColumn(
  client: Client,
  table: string,
  column: string,
  want: ColumnShape,
  got: ColumnShape,
  timezone: string,
  result: AdoptResult,
): Promise<string[]> {
  const col = quoteIdent(column);
  const clauses: string[] = [];
  if (want.type !== got.type) {
    if (want.type === TIMESTAMPTZ && isNaiveTimestamp(got.type)) {
      clauses.push(
        `ALTER COLUMN ${col} TYPE timestamptz(6) USING ${naiveToInstant(table, column, timezone)}`,
      );
      result.convertedTimestamps.push(`${table}.${column}`);
    } else if (want.type === TIMESTAMPTZ && got.type === 'timestamp with time zone') {
      clauses.push(`ALTER COLUMN ${col} TYPE timestamptz(6)`);
    } else {
      throw new AdoptionError(
        `column ${table}.${column} is ${got.type}; expected ${want.type} and no safe conversion is known`,
      );
    }
  }
  if (want.nullable && !got.nullable) {
    clauses.push(`ALTER COLUMN ${col} DROP NOT NULL`);
    result.alteredColumns.push(`${table}.${column} nullable`);
  } else if (!want.nullable && got.nullable) {
    const nulls = await client.query(`SELECT 1 FROM ${quoteIdent(table)} WHERE ${col} IS NULL LIMIT 1`);
    if (nulls.rowCount)
      throw new AdoptionError(
        `column ${table}.${column} has NULL values but must be NOT NULL; fill them in first`,
      );
    clauses.push(`ALTER COLUMN ${col} SET NOT NULL`);
    result.alteredColumns.push(`${table}.${column} not null`);
  }
  if (want.default !== got.default) {
    clauses.push(
      want.default === null
        ? `ALTER COLUMN ${col} DROP DEFAULT`
        : `ALTER COLUMN ${col} SET DEFAULT ${want.default}`,
    );
    result.alteredColumns.push(`${table}.${column} default`);
  }
  return clauses;
}

/**
 * The original app wrote timer entries (source 'auto'), created_at and every other timestamp as
 * naive local time in settings.timezone, but manual entries' start/end as naive UTC.
 */
function naiveToInstant(table: string, column: string, timezone: string): string {
  const col = quoteIdent(column);
  const zone = `'${timezone.replace(/'/g, "''")}'`;
  if (table === 'time_entries' && (column === 'start_time' || column === 'end_time')) {
    return `CASE WHEN source = 'manual' THEN ${col} AT TIME ZONE 'UTC' ELSE ${col} AT TIME ZONE ${zone} END`;
  }
  return `${col} AT TIME ZONE ${zone}`;
}

async function reconcileObjects(
  client: Client,
  expected: Catalog['indexes'],
  actual: Catalog['indexes'],
  create: Map<string, string>,
  kind: 'index' | 'constraint',
  done: string[],
): Promise<void> {
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    if (got && got.table === want.table && got.definition === want.definition) continue;
    const statement = create.get(name);
    if (!statement) {
      // Primary keys come with CREATE TABLE; a legacy table whose key differs is not ours to guess at.
      throw new AdoptionError(
        `${kind} ${name} on ${want.table} is ${got ? `"${got.definition}"` : 'missing'}; expected "${want.definition}"`,
      );
    }
    if (got) {
      await client.query(
        kind === 'index'
          ? `DROP INDEX ${quoteIdent(name)}`
          : `ALTER TABLE ${quoteIdent(got.table)} DROP CONSTRAINT ${quoteIdent(name)}`,
      );
    }
    await client.query(statement);
    done.push(name);
  }
}

/** Names the rows that break a CHECK the baseline adds, instead of failing with a bare error. */
async function checkConstraintsHold(client: Client, expected: Catalog, actual: Catalog): Promise<void> {
  if (expected.checks['time_entries_end_after_start'] && !actual.checks['time_entries_end_after_start']) {
    const bad = await client.query<{ id: number }>(
      `SELECT id FROM time_entries WHERE end_time < start_time ORDER BY id LIMIT 20`,
    );
    if (bad.rowCount) {
      throw new AdoptionError(
        `time entries ${bad.rows.map((r) => r.id).join(', ')} end before they start; correct them, then start again`,
      );
    }
  }
}

/** Legacy dumps sometimes restore rows without moving their sequences; inserts must not collide. */
async function resetSequences(client: Client, tables: string[]): Promise<void> {
  for (const table of tables) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), greatest((SELECT coalesce(max(id), 0) FROM ${quoteIdent(table)}), 1),
                     (SELECT count(*) > 0 FROM ${quoteIdent(table)}))
        WHERE pg_get_serial_sequence($1, 'id') IS NOT NULL`,
      [table],
    );
  }
}

function required(map: Map<string, string>, name: string, kind: string): string {
  const statement = map.get(name);
  if (!statement)
    throw new AdoptionError(`the baseline migration has no CREATE statement for ${kind} ${name}`);
  return statement;
}

function summarize(r: AdoptResult): string {
  const parts = [
    `timezone ${r.timezone}`,
    r.createdTables.length && `created tables ${r.createdTables.join(', ')}`,
    r.addedColumns.length && `added columns ${r.addedColumns.join(', ')}`,
    r.convertedTimestamps.length &&
      `converted ${r.convertedTimestamps.length} timestamp columns to timestamptz`,
    r.data?.clientsCreated && `created ${r.data.clientsCreated} clients from projects.client`,
    r.data?.projectsLinked && `linked ${r.data.projectsLinked} projects to clients`,
    r.data?.entriesLinked && `linked ${r.data.entriesLinked} time entries to invoice lines`,
    r.data?.settingsRowsRemoved && `collapsed ${r.data.settingsRowsRemoved} duplicate settings rows`,
    r.data?.tasksRenamedStatus && `mapped ${r.data.tasksRenamedStatus} task statuses todo→pending`,
    r.createdIndexes.length && `created ${r.createdIndexes.length} indexes`,
    r.createdConstraints.length && `created ${r.createdConstraints.length} constraints`,
  ].filter(Boolean);
  return parts.join('; ');
}
