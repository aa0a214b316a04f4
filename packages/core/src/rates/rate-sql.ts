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
 * One LATERAL per query (a subquery per kind on the rates' unique indexes), never a query per
 * entry. Aliases of the entry and project rows can be given for queries that name them otherwise.
 */
export function entryRatesJoin(entry = 'te', project = 'p'): Prisma.Sql {
  const te = Prisma.raw(entry);
  const p = Prisma.raw(project);
  const pick = (kind: RateKind) => Prisma.sql`(
    SELECT r.amount FROM rates r
     WHERE r.kind = ${kind} AND r.effective_from <= d.day
       AND ((r.project_id = ${te}.project_id AND (r.user_id = ${te}.user_id OR r.user_id IS NULL))
         OR (r.user_id = ${te}.user_id AND r.project_id IS NULL AND r.client_id IS NULL)
         OR r.client_id = ${p}.client_id)
     ORDER BY CASE WHEN r.project_id IS NOT NULL AND r.user_id IS NOT NULL THEN 0
                   WHEN r.project_id IS NOT NULL THEN 1
                   WHEN r.user_id IS NOT NULL THEN 2
                   ELSE 3 END,
              r.effective_from DESC
     LIMIT 1)`;
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
