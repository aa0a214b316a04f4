import { Prisma } from '@timetracker/db';

export type RateKind = 'billable' | 'cost';

/**
 * THE rate resolution (issue #18 §2), used by reports, invoices and exports alike so that they
 * never disagree. For an entry `te` of a project `p` (both already in the FROM list), it joins
 * `rt` with `rt.billable_rate` and `rt.cost_rate`:
 *
 * - the local start day is taken in the company's zone (settings.timezone), whoever views;
 * - of the rates in force that day (the latest effective_from on or before it), the most
 *   specific level wins: project member (project + user) → project → user → client → none;
 * - an entry already on an invoice keeps its line's unit price as its billable rate, so no
 *   later rate change re-prices what was billed.
 *
 * One LATERAL per query (per kind, an index probe per level until one has a rate: the levels
 * are exclusive, rates_level_check), never a query per entry. Aliases of the entry and project rows can be given for queries that name them otherwise.
 */
export function entryRatesJoin(entry = 'te', project = 'p'): Prisma.Sql {
  const te = Prisma.raw(entry);
  const p = Prisma.raw(project);
  // Each level is its own probe of its partial unique index (the latest effective_from on or
  // before the day), asked only while the more specific ones found nothing: a plain backward index
  // scan per level, where one query over the four levels took a bitmap OR of the four indexes, a
  // heap fetch and a sort per entry (apps/api/test/rate-resolution-plan.e2e.test.ts).
  const level = (kind: RateKind, where: Prisma.Sql) => Prisma.sql`(
    SELECT r.amount FROM rates r
     WHERE r.kind = ${kind} AND ${where} AND r.effective_from <= d.day
     ORDER BY r.effective_from DESC
     LIMIT 1)`;
  const pick = (kind: RateKind) => Prisma.sql`COALESCE(
    ${level(kind, Prisma.sql`r.project_id = ${te}.project_id AND r.user_id = ${te}.user_id`)},
    ${level(kind, Prisma.sql`r.project_id = ${te}.project_id AND r.user_id IS NULL`)},
    ${level(kind, Prisma.sql`r.user_id = ${te}.user_id AND r.project_id IS NULL`)},
    ${level(kind, Prisma.sql`r.client_id = ${p}.client_id`)})`;
  return Prisma.sql`LEFT JOIN LATERAL (
    SELECT COALESCE((SELECT ii.unit_price FROM invoice_items ii WHERE ii.id = ${te}.invoice_item_id), ${pick('billable')}) AS billable_rate,
           ${pick('cost')} AS cost_rate
      FROM (SELECT (${te}.start_time AT TIME ZONE ${COMPANY_ZONE})::date AS day) d
  ) rt ON true`;
}

/** The company's zone, in which rate dates are days (ARCHITECTURE §4: company-wide things). */
export const COMPANY_ZONE = Prisma.sql`COALESCE((SELECT s.timezone FROM settings s WHERE s.id = 1), 'UTC')`;

/** The company's today, for "the rate in force today". */
export const COMPANY_TODAY = Prisma.sql`(now() AT TIME ZONE ${COMPANY_ZONE})::date`;

/**
 * The amount in force on `today` (YYYY-MM-DD) among one level's rates listed newest first, as a
 * decimal string; null when none has started yet.
 */
export function rateInForce(
  rates: readonly { effectiveFrom: Date; amount: { toFixed(digits: number): string } }[],
  today: string,
): string | null {
  const current = rates.find((r) => r.effectiveFrom.toISOString().slice(0, 10) <= today);
  return current ? current.amount.toFixed(2) : null;
}
