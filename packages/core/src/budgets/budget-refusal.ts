import { DomainError } from '../errors/domain-error';

/** SQLSTATE of the budgets trigger's refusal (prisma/sql/009_budgets.sql). */
const BUDGET_SQLSTATE = 'TTB01';
/** The trigger's message starts with this; the rest is the detail for people. */
const MARKER = 'BUDGET_EXCEEDED: ';

/**
 * The 409 for a time write the budgets trigger refused (settings.budgetRefuseOver), whichever
 * path wrote (Prisma, a raw query, the pool directly): the database error arrives wrapped
 * differently by each, so its text is searched for the trigger's marker. Null for anything else.
 */
export function budgetRefusal(err: unknown): DomainError | null {
  const text = errorText(err, 0);
  const at = text.indexOf(MARKER);
  if (at < 0 || !text.includes(BUDGET_SQLSTATE)) return null;
  const detail = text
    .slice(at + MARKER.length)
    .split(/["\n]/)[0]!
    .trim();
  return new DomainError('BUDGET_EXCEEDED', detail || 'The time would take a budget past 100 %');
}

function errorText(err: unknown, depth: number): string {
  if (depth > 4 || err === null || typeof err !== 'object') return '';
  const e = err as { message?: unknown; code?: unknown; meta?: unknown; cause?: unknown };
  let meta = '';
  try {
    meta = JSON.stringify(e.meta ?? {});
  } catch {
    meta = '';
  }
  return `${String(e.message ?? '')} ${String(e.code ?? '')} ${meta} ${errorText(e.cause, depth + 1)}`;
}
