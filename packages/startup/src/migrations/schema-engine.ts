import { randomBytes } from 'node:crypto';
import { connect, quoteIdent, withDatabase } from '../db';

/** Prisma's schema engine compiled to WebAssembly: diffs schemas offline, no native binary. */
interface WasmSchemaEngine {
  diff(params: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: { externalTables: string[]; externalEnums: string[] };
  }): Promise<{ exitCode: number; stdout: string | null }>;
}

type DiffTarget = { tag: 'empty' } | { tag: 'schemaDatamodel'; files: { path: string; content: string }[] };

export const emptySchema: DiffTarget = { tag: 'empty' };
export const datamodel = (content: string): DiffTarget => ({
  tag: 'schemaDatamodel',
  files: [{ path: 'schema.prisma', content }],
});

/**
 * Runs `use` with a schema engine bound to a scratch database that is created for it and
 * dropped afterwards. The engine insists on a live connection even for datamodel-to-datamodel
 * diffs, and when it replays migrations it does so on that connection's own database, so it
 * is never given one that holds data.
 */
export async function withSchemaEngine<T>(
  serverUrl: string,
  schemaContent: string,
  use: (engine: WasmSchemaEngine) => Promise<T>,
): Promise<T> {
  let wasm: {
    SchemaEngine: {
      new: (o: object, log: (m: string) => void, adapter: object) => Promise<WasmSchemaEngine>;
    };
  };
  try {
    wasm = (await import('@prisma/schema-engine-wasm')) as unknown as typeof wasm;
  } catch (err) {
    throw new Error(
      `cannot load @prisma/schema-engine-wasm (${(err as Error).message}); run node with --experimental-wasm-modules`,
    );
  }
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  const scratch = `tt_schema_engine_${randomBytes(6).toString('hex')}`;
  const admin = await connect(withDatabase(serverUrl, 'postgres'));
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(scratch)}`);
    const factory = new PrismaPg({ connectionString: withDatabase(serverUrl, scratch), max: 2 });
    const adapter = bindMigrationAwareSqlAdapterFactory(factory);
    const engine = await wasm.SchemaEngine.new(
      { datamodels: [['schema.prisma', schemaContent]] },
      () => {},
      adapter,
    );
    return await use(engine);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(scratch)} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

export async function diffScript(
  engine: WasmSchemaEngine,
  from: DiffTarget,
  to: DiffTarget,
): Promise<string> {
  const result = await engine.diff({
    from,
    to,
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  // Scripts run with the target schema first on the search_path (startup, verify's scratch
  // schema), so the engine's "public". qualifiers are dropped rather than pinned.
  return (result.stdout ?? '')
    .replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/m, '')
    .replace(/"public"\./g, '');
}

/** The engine writes this comment, and nothing else, when two schemas are the same. */
export const isEmptyScript = (sql: string) => sql.replace(/^--.*$/gm, '').trim() === '';
