import type { InvoiceGroupBy } from '@timetracker/contracts';
import { lineAmount, quantityFromSeconds, quantityScale } from './invoice-money';

/** An unbilled entry as line generation needs it; `day` is its local date in settings.timezone. */
export interface BillableEntry {
  id: number;
  taskId: number | null;
  taskName: string | null;
  day: string;
  seconds: number;
  notes: string | null;
  /** Its resolved billable rate (rates/rate-sql.ts) on its start day; null = none at any level. */
  rate?: string | null;
}

export interface TimeLine {
  description: string;
  /** Hours, with quantityScale(unitPrice) decimals. */
  quantity: string;
  unitPrice: string;
  /** Hundredths: round_half_up(quantity × unitPrice, 2). */
  amount: bigint;
  entryIds: number[];
}

const DESCRIPTION_MAX = 500;

const clip = (text: string) =>
  text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1)}…`;

function groupKey(entry: BillableEntry, groupBy: InvoiceGroupBy): string {
  switch (groupBy) {
    case 'task':
      return `task:${entry.taskId ?? 'none'}`;
    case 'project':
      return 'project';
    case 'day':
      return `day:${entry.day}`;
    case 'entry':
      return `entry:${entry.id}`;
  }
}

function describe(first: BillableEntry, groupBy: InvoiceGroupBy, projectName: string): string {
  switch (groupBy) {
    case 'task':
      return first.taskName ? `${projectName} – ${first.taskName}` : projectName;
    case 'project':
      return projectName;
    case 'day':
      return `${projectName} – ${first.day}`;
    case 'entry': {
      const what = [first.taskName, first.notes?.replace(/\s+/g, ' ').trim()].filter(Boolean).join(': ');
      return `${first.day} ${what || projectName}`;
    }
  }
}

/**
 * Invoice lines from entries (given in the order they should appear: by start time): one per
 * group and hourly price, quantity = the group's hours (summed in seconds first, so grouping
 * adds no rounding) rounded half-up to as many decimals as keep the line within a cent of its
 * seconds' exact price (quantityScale). The price is `unitPrice` when given, else each entry's
 * own resolved rate, so entries of one group at different rates make one line per rate.
 * Entries without either are returned in `unpriced`.
 */
export function buildTimeLines(
  entries: readonly BillableEntry[],
  groupBy: InvoiceGroupBy,
  projectName: string,
  unitPrice?: string,
): TimeLine[] {
  const groups = new Map<string, { price: string; entries: BillableEntry[] }>();
  for (const entry of entries) {
    const price = unitPrice ?? entry.rate;
    if (price === undefined || price === null) throw new UnpricedEntryError(entry.id);
    const key = `${groupKey(entry, groupBy)}|${price}`;
    const group = groups.get(key);
    if (group) group.entries.push(entry);
    else groups.set(key, { price, entries: [entry] });
  }
  return [...groups.values()].map(({ price, entries: group }) => {
    const seconds = group.reduce((sum, e) => sum + BigInt(e.seconds), 0n);
    const quantity = quantityFromSeconds(seconds, quantityScale(price));
    return {
      description: clip(describe(group[0]!, groupBy, projectName)),
      quantity,
      unitPrice: price,
      amount: lineAmount(quantity, price),
      entryIds: group.map((e) => e.id),
    };
  });
}

/** An entry with no rate at any level and no unitPrice given: the caller asks for one. */
export class UnpricedEntryError extends Error {
  constructor(readonly entryId: number) {
    super(`entry ${entryId} has no rate`);
  }
}
