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
 * group, quantity = the group's hours (summed in seconds first, so grouping adds no rounding)
 * rounded half-up to as many decimals as keep the line within a cent of its seconds' exact price
 * (quantityScale), at one hourly price.
 */
export function buildTimeLines(
  entries: readonly BillableEntry[],
  groupBy: InvoiceGroupBy,
  projectName: string,
  unitPrice: string,
): TimeLine[] {
  const groups = new Map<string, BillableEntry[]>();
  for (const entry of entries) {
    const key = groupKey(entry, groupBy);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  const scale = quantityScale(unitPrice);
  return [...groups.values()].map((group) => {
    const seconds = group.reduce((sum, e) => sum + BigInt(e.seconds), 0n);
    const quantity = quantityFromSeconds(seconds, scale);
    return {
      description: clip(describe(group[0]!, groupBy, projectName)),
      quantity,
      unitPrice,
      amount: lineAmount(quantity, unitPrice),
      entryIds: group.map((e) => e.id),
    };
  });
}
