/**
 * The baseline migration split into statements and classified, so that adoption can run just
 * the ones a legacy database lacks (a missing table, index or constraint) — the exact SQL a
 * fresh database gets, never a hand-written copy of it.
 */
export interface BaselineStatements {
  createTable: Map<string, string>;
  createIndex: Map<string, string>;
  addConstraint: Map<string, string>;
}

export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  // The baseline is plain DDL (no function bodies or quoted semicolons), so `;` ends a statement.
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function classifyBaseline(sql: string): BaselineStatements {
  const result: BaselineStatements = {
    createTable: new Map(),
    createIndex: new Map(),
    addConstraint: new Map(),
  };
  for (const statement of splitStatements(sql)) {
    let m: RegExpMatchArray | null;
    if ((m = statement.match(/^CREATE TABLE "([^"]+)"/))) result.createTable.set(m[1]!, statement);
    else if ((m = statement.match(/^CREATE (?:UNIQUE )?INDEX "([^"]+)"/)))
      result.createIndex.set(m[1]!, statement);
    else if ((m = statement.match(/^ALTER TABLE "[^"]+" ADD CONSTRAINT "([^"]+)"/)))
      result.addConstraint.set(m[1]!, statement);
    else throw new Error(`adoption cannot classify a baseline statement: ${statement.slice(0, 80)}`);
  }
  return result;
}
