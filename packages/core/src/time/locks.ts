import { zonedStartOfDay } from '@timetracker/contracts';
import { may } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';

/** Why a piece of time refuses writes (docs/approvals.md). */
export type LockReason = 'lockdown' | 'submitted' | 'approved';

/** What a lock check reads inside the write's transaction (see LockSteps.lockState). */
export interface TimeLockState {
  /** settings.locked_before (YYYY-MM-DD) and the company zone it is cut in; null = no lockdown. */
  lockedBefore: string | null;
  timezone: string;
  /** The user's submitted or approved weeks that meet the instants asked about. */
  weeks: { status: 'submitted' | 'approved'; weekStart: string; startsAt: Date; endsAt: Date }[];
}

/** An admin's write to locked time, kept by LockSteps.recordOverride (the audit log absorbs it). */
export interface LockOverride {
  actorId: number;
  /** Whose time; null for an entry without a user (adopted legacy rows). */
  userId: number | null;
  action: TimeWriteAction;
  entryId: number | null;
  reason: LockReason;
}

export type TimeWriteAction = 'create' | 'update' | 'delete' | 'timer';

/**
 * The database side of a lock check, bound to the transaction of the write it guards. That
 * transaction holds the user's timer lock (TimeEntriesRepository.withTimerLock), which a week's
 * submission takes too: a submit and an entry write of one user take turns, so a write never
 * lands in a week submitted between its check and its commit.
 */
export interface LockSteps {
  /** userId null: an entry without a user, which only the lockdown can lock. */
  lockState(userId: number | null, instants: Date[]): Promise<TimeLockState>;
  recordOverride(override: LockOverride): Promise<void>;
}

export interface TimeWrite {
  /** Whose time it is; null for an entry without a user (adopted legacy rows). */
  userId: number | null;
  /** The instants the write touches: an entry's start before and after (entries belong by start). */
  instants: Date[];
  action: TimeWriteAction;
  entryId?: number | null;
}

/** The lockdown's first unlocked instant: 00:00 of settings.locked_before in the company zone. */
export function lockdownInstant(state: Pick<TimeLockState, 'lockedBefore' | 'timezone'>): Date | null {
  return state.lockedBefore === null ? null : zonedStartOfDay(state.lockedBefore, state.timezone);
}

/** Why the write is locked, or null: the lockdown first, then an approved, then a submitted week. */
export function lockReasonFor(
  state: TimeLockState,
  instants: Date[],
): {
  reason: LockReason;
  detail: string;
  /** The lockdown's date or the week's first day (YYYY-MM-DD). */ day: string;
} | null {
  const boundary = lockdownInstant(state);
  if (boundary && instants.some((t) => t < boundary))
    return {
      reason: 'lockdown',
      day: state.lockedBefore!,
      detail: `Time before ${state.lockedBefore} is locked (settings.lockedBefore); only an admin can change it`,
    };
  for (const status of ['approved', 'submitted'] as const) {
    const week = state.weeks.find(
      (w) => w.status === status && instants.some((t) => t >= w.startsAt && t < w.endsAt),
    );
    if (week)
      return {
        reason: status,
        day: week.weekStart,
        detail:
          status === 'approved'
            ? `The week of ${week.weekStart} is approved and locked; only an admin can change it`
            : `The week of ${week.weekStart} is submitted for approval: withdraw it first`,
      };
  }
  return null;
}

/**
 * The one rule every write of time asks (API, timesheet, calendar, bulk, timers, imports): the
 * user's time at `instants` may not be written inside the lockdown or a submitted or approved
 * week, except by an admin, whose write goes ahead and is recorded as an override. Call it inside
 * the write's transaction, with the steps bound to it. Throws TIME_LOCKED (409).
 */
export async function assertTimeWritable(
  steps: LockSteps,
  actor: Principal,
  write: TimeWrite,
): Promise<void> {
  if (write.instants.length === 0) return;
  const locked = lockReasonFor(await steps.lockState(write.userId, write.instants), write.instants);
  if (locked === null) return;
  if (!may(actor, 'time.overrideLocks')) throw new DomainError('TIME_LOCKED', locked.detail);
  await steps.recordOverride({
    actorId: actor.userId,
    userId: write.userId,
    action: write.action,
    entryId: write.entryId ?? null,
    reason: locked.reason,
  });
}
