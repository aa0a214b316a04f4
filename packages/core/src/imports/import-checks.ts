import type { ImportRowCode, ImportRowParams } from '@timetracker/contracts';
import { lockReasonFor, type TimeLockState } from '../time/locks';
import { readLockStates } from '../time/locks.repository';
import { overlappingEntryIds, type ImportTx } from './imports.repository';
import type { SourceRow } from './import-row';

/** The rows of one user (null: a placeholder a dry run has not made yet), in file order. */
export interface OwnedRows<R extends { row: SourceRow }> {
  userId: number | null;
  rows: R[];
}

/** Why a row is refused or skipped: the code and params a translation needs, and the English text. */
export interface RowNote {
  code: ImportRowCode;
  reason: string;
  params: ImportRowParams;
}

/** Each row with why it may not be written (null: it may). */
export type Verdicts<R> = [R, RowNote | null][];

/**
 * The lock and overlap checks of a batch, set-wise: one read of the lock states of every user of
 * the batch and (overlap policy refuse) one read of the entries the rows overlap, then the rules
 * per row in file order, as a single row's check would apply them:
 * - locked time (the lockdown, a submitted or approved week: lockReasonFor, the rule
 *   assertTimeWritable applies) refuses the row: an import never overrides a lock, even an admin's;
 * - with overlap_policy refuse, an overlap with an earlier accepted row of the file, then with the
 *   user's entries, refuses it.
 * Run inside the transaction that holds the users' timer locks (a run) so that nothing changes
 * between the checks and the insert; a dry run reads without them.
 */
export async function checkRows<R extends { row: SourceRow }>(
  sql: ImportTx,
  groups: OwnedRows<R>[],
  overlapPolicy: string,
): Promise<{ verdicts: Verdicts<R>; states: Map<number | null, TimeLockState> }> {
  const all = groups.flatMap((g) => g.rows.map((r) => r.row.start.getTime()));
  const verdicts: Verdicts<R> = [];
  const states = new Map<number | null, TimeLockState>();
  if (all.length === 0) return { verdicts, states };
  const from = new Date(Math.min(...all));
  const to = new Date(Math.max(...all));
  const userIds = groups.flatMap((g) => (g.userId === null ? [] : [g.userId]));
  const read = await readLockStates(sql, userIds, from, to);
  for (const g of groups) states.set(g.userId, read.of(g.userId));
  const locks = groups.map((g) => g.rows.map((r) => lockReasonFor(states.get(g.userId)!, [r.row.start])));
  // A dry run's placeholder (no user yet) has no entries and is not checked, as a single row's.
  const probes =
    overlapPolicy === 'refuse'
      ? groups.flatMap((g, gi) =>
          g.userId === null
            ? []
            : g.rows.flatMap((r, ri) =>
                locks[gi]![ri] === null ? [{ key: `${gi}:${ri}`, userId: g.userId!, row: r.row }] : [],
              ),
        )
      : [];
  const found = await overlappingEntryIds(
    sql,
    probes.map((p) => ({ userId: p.userId, start: p.row.start, end: p.row.end })),
  );
  const overlaps = new Map(probes.map((p, i) => [p.key, found[i] ?? null]));
  groups.forEach((g, gi) => {
    const accepted: SourceRow[] = [];
    g.rows.forEach((r, ri) => {
      const locked = locks[gi]![ri]!;
      const note: RowNote | null = locked
        ? {
            code: 'locked',
            reason: `locked period: ${locked.detail}`,
            params:
              locked.reason === 'lockdown'
                ? { lock: locked.reason, lockedBefore: locked.day }
                : { lock: locked.reason, weekStart: locked.day },
          }
        : overlapRefusal(overlapPolicy, g.userId, r.row, accepted, overlaps.get(`${gi}:${ri}`));
      if (note === null) accepted.push(r.row);
      verdicts.push([r, note]);
    });
  });
  return { verdicts, states };
}

/** Why an unlocked row may not be written under the overlap policy (null: it may). */
function overlapRefusal(
  overlapPolicy: string,
  userId: number | null,
  r: SourceRow,
  accepted: SourceRow[],
  overlapping: number | null | undefined,
): RowNote | null {
  if (overlapPolicy !== 'refuse' || userId === null) return null;
  if (accepted.some((a) => a.start < r.end && a.end > r.start))
    return { code: 'overlap_in_file', reason: 'overlaps an earlier row of the file', params: {} };
  return overlapping == null
    ? null
    : {
        code: 'overlap',
        reason: `overlaps entry #${overlapping} (settings.overlapPolicy is refuse)`,
        params: { entryId: overlapping },
      };
}
