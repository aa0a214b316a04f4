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
  const rateOf = (kind: RateKind) =>
    rateInForceSql(kind, {
      projectId: Prisma.sql`${te}.project_id`,
      userId: Prisma.sql`${te}.user_id`,
      clientId: Prisma.sql`${p}.client_id`,
      day: Prisma.sql`d.day`,
    });
  return Prisma.sql`LEFT JOIN LATERAL (
    SELECT COALESCE((SELECT ii.unit_price FROM invoice_items ii WHERE ii.id = ${te}.invoice_item_id), ${rateOf('billable')}) AS billable_rate,
           ${rateOf('cost')} AS cost_rate
      FROM (SELECT (${te}.start_time AT TIME ZONE ${COMPANY_ZONE})::date AS day) d
  ) rt ON true`;
}

/**
 * The amount of `kind` in force on `day` for an entry of a project (of a client) by a user: of
 * the rates in force that day (the latest effective_from on or before it), the most specific
 * level wins. Each level is its own probe of its partial unique index (the latest effective_from
 * on or before the day), asked only while the more specific ones found nothing: a plain backward
 * index scan per level, where one query over the four levels took a bitmap OR of the four
 * indexes, a heap fetch and a sort per entry (apps/api/test/rate-resolution-plan.e2e.test.ts).
 */
function rateInForceSql(
  kind: RateKind,
  at: { projectId: Prisma.Sql; userId: Prisma.Sql; clientId: Prisma.Sql; day: Prisma.Sql },
): Prisma.Sql {
  const level = (where: Prisma.Sql) => Prisma.sql`(
    SELECT r.amount FROM rates r
     WHERE r.kind = ${kind} AND ${where} AND r.effective_from <= ${at.day}
     ORDER BY r.effective_from DESC
     LIMIT 1)`;
  return Prisma.sql`COALESCE(
    ${level(Prisma.sql`r.project_id = ${at.projectId} AND r.user_id = ${at.userId}`)},
    ${level(Prisma.sql`r.project_id = ${at.projectId} AND r.user_id IS NULL`)},
    ${level(Prisma.sql`r.user_id = ${at.userId} AND r.project_id IS NULL`)},
    ${level(Prisma.sql`r.client_id = ${at.clientId}`)})`;
}

/**
 * entryRatesJoin for the many entries of a report at once, with the same `rt` columns and the
 * same answers: an entry's rates change only on the days a rate of its project and user, its
 * project, its user or its client takes effect, so between two such days they are constant. For
 * each (project, user) of the entries (`pairs`: a SELECT of their project_id and user_id), the
 * rates are resolved once per such day from `from`'s company day on (rateInForceSql, as for an
 * entry), and every entry is joined to the interval holding its start. A year of 1M entries
 * holds ~28k pairs and ~46k intervals: ~0.4M index probes instead of ~8M (docs/benchmarks.md,
 * "Rates by interval"). Needs the entry `te` in the FROM list; `from` bounds the entries' start.
 */
export function rateIntervalsJoin(pairs: Prisma.Sql, from: Date | undefined): Prisma.Sql {
  // Every entry of the scope starts on or after this company day.
  const first = from
    ? Prisma.sql`(${from}::timestamptz AT TIME ZONE ${COMPANY_ZONE})::date`
    : Prisma.sql`'-infinity'::date`;
  const changes = (where: Prisma.Sql) => Prisma.sql`
    SELECT r.effective_from FROM rates r
     WHERE r.kind IN ('billable', 'cost') AND ${where} AND r.effective_from > ${first}`;
  const at = {
    projectId: Prisma.sql`c.project_id`,
    userId: Prisma.sql`c.user_id`,
    clientId: Prisma.sql`c.client_id`,
    day: Prisma.sql`c.day`,
  };
  // A day's bounds as instants (its company-zone midnight), so that an entry's start is compared
  // as it is, not converted to a day for each interval it is tried against.
  const midnight = (day: Prisma.Sql) => Prisma.sql`(${day}::timestamp AT TIME ZONE ${COMPANY_ZONE})`;
  // Ids are positive, so 0 stands for "none" in the hash keys (a legacy entry may lack either).
  return Prisma.sql`
    LEFT JOIN (
      SELECT COALESCE(c.project_id, 0) AS pk, COALESCE(c.user_id, 0) AS uk, ${midnight(Prisma.sql`c.day`)} AS lo,
             ${midnight(Prisma.sql`lead(c.day, 1, 'infinity') OVER (PARTITION BY c.project_id, c.user_id ORDER BY c.day)`)} AS hi,
             ${rateInForceSql('billable', at)} AS billable_rate, ${rateInForceSql('cost', at)} AS cost_rate
        FROM (SELECT pr.project_id, pr.user_id, pp.client_id, d.day
                FROM (${pairs}) pr
                LEFT JOIN projects pp ON pp.id = pr.project_id
               CROSS JOIN LATERAL (
                     SELECT ${first} AS day
                     UNION ${changes(Prisma.sql`r.project_id = pr.project_id AND r.user_id = pr.user_id`)}
                     UNION ${changes(Prisma.sql`r.project_id = pr.project_id AND r.user_id IS NULL`)}
                     UNION ${changes(Prisma.sql`r.user_id = pr.user_id AND r.project_id IS NULL`)}
                     UNION ${changes(Prisma.sql`r.client_id = pp.client_id`)}) d) c
    ) iv ON iv.pk = COALESCE(te.project_id, 0) AND iv.uk = COALESCE(te.user_id, 0)
        AND iv.lo <= te.start_time AND te.start_time < iv.hi
    LEFT JOIN invoice_items ii ON ii.id = te.invoice_item_id
    CROSS JOIN LATERAL (SELECT COALESCE(ii.unit_price, iv.billable_rate) AS billable_rate, iv.cost_rate) rt`;
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
