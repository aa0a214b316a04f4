import {
  zonedDate,
  type ApprovalDetailResponse,
  type ApprovalResponse,
  type ApprovalStatus,
  type OwnWeekResponse,
} from '@timetracker/contracts';
import { authorize, may } from '../access/policy';
import type { TeamScopeRepository } from '../access/team-scope.repository';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { viewerFirstDay, viewerZone } from '../time/viewer-zone';
import type { TimeEntryListRepository } from '../time-entries/time-entries-list.repository';
import { toTimeEntryView } from '../time-entries/time-entry.view';
import { weekFrame } from '../timesheet/timesheet-grid';
import type { ApprovalRow, ApprovalsRepository } from './approvals.repository';

/** More entries than a week of anyone's time holds; the detail shows at most these. */
const MAX_WEEK_ENTRIES = 1000;

/**
 * Weeks sent for approval (docs/approvals.md). A user submits their own week (cut in their zone
 * and first day of the week) and may withdraw it until it is decided; a lead of a team they are
 * in, or an admin, approves or rejects it. submitted → approved | rejected | withdrawn; a
 * rejected or withdrawn week may be submitted again. Submitted and approved weeks lock the
 * user's time (time/locks.ts).
 */
export class ApprovalsService {
  constructor(
    private readonly approvals: ApprovalsRepository,
    private readonly teams: TeamScopeRepository,
    private readonly lists: TimeEntryListRepository,
  ) {}

  /** The actor's own week holding `week` (default: today), with its approval if any. */
  async ownWeek(actor: Principal, query: { week?: string }, now = new Date()): Promise<OwnWeekResponse> {
    const frame = await this.frameOf(actor, query.week, now);
    const row = await this.approvals.byWeek(actor.userId, frame.dates[0]!);
    return { weekStart: frame.dates[0]!, approval: row && toApprovalView(row) };
  }

  async submit(actor: Principal, input: { week: string }, now = new Date()): Promise<ApprovalResponse> {
    const frame = await this.frameOf(actor, input.week, now);
    const week = { weekStart: frame.dates[0]!, startsAt: frame.bounds[0]!, endsAt: frame.bounds[7]! };
    const id = await this.approvals.inUserLock(actor.userId, async (steps) => {
      const current = await steps.weekRow(week.weekStart);
      if (current?.status === 'submitted' || current?.status === 'approved')
        throw new DomainError('INVALID_STATE', `The week of ${week.weekStart} is already ${current.status}`);
      if (await steps.timerRunningIn(week.startsAt, week.endsAt))
        throw new DomainError('INVALID_STATE', 'A timer is running in this week: stop it before submitting');
      return steps.submit(week, now, { actor, before: current?.status ?? null });
    });
    return this.get(actor, id);
  }

  /** The owner takes a submitted week back (not once decided). */
  async withdraw(actor: Principal, id: number, now = new Date()): Promise<ApprovalResponse> {
    const row = await this.visible(actor, id);
    if (row.userId !== actor.userId) throw DomainError.forbidden('Only the user withdraws their week');
    await this.move(actor, 'withdraw', row, 'withdrawn', {
      actorId: actor.userId,
      note: null,
      at: now,
      decision: false,
    });
    return this.get(actor, id);
  }

  async decide(
    actor: Principal,
    id: number,
    to: 'approved' | 'rejected',
    note: string | null,
    now = new Date(),
  ): Promise<ApprovalResponse> {
    const row = await this.visible(actor, id);
    if (!(await this.mayDecide(actor, row.userId)))
      throw DomainError.forbidden('Only the user’s team lead or an admin can decide this week');
    const verb = to === 'approved' ? 'approve' : 'reject';
    await this.move(actor, verb, row, to, { actorId: actor.userId, note, at: now, decision: true });
    return this.get(actor, id);
  }

  /** Weeks in `status` of the users the actor leads (admins: everyone's), with their totals. */
  async queue(actor: Principal, status: ApprovalStatus): Promise<ApprovalResponse[]> {
    const userIds = may(actor, 'approvals.queueAll') ? null : await this.teams.managedUserIds(actor.userId);
    if (userIds?.length === 0) return [];
    return (await this.approvals.list(userIds, status)).map(toApprovalView);
  }

  async get(actor: Principal, id: number): Promise<ApprovalResponse> {
    return toApprovalView(await this.visible(actor, id));
  }

  /** The week with its entries, for its user, their lead and admins. */
  async detail(actor: Principal, id: number): Promise<ApprovalDetailResponse> {
    const row = await this.visible(actor, id);
    const { items } = await this.lists.page(
      { userId: row.userId, from: row.startsAt, to: row.endsAt },
      { field: 'startTime', desc: false },
      { skip: 0, take: MAX_WEEK_ENTRIES },
    );
    return { ...toApprovalView(row), entries: items.map(toTimeEntryView) };
  }

  async lockdown(): Promise<{ lockedBefore: string | null }> {
    return { lockedBefore: await this.approvals.lockedBefore() };
  }

  /**
   * Sets or clears the lockdown (the route is admin-only: settings.change); a change is recorded
   * in the audit log (entity lock, action lockdown).
   */
  async setLockdown(
    actor: Principal,
    input: { lockedBefore: string | null },
  ): Promise<{ lockedBefore: string | null }> {
    authorize(actor, 'settings.change');
    await this.approvals.setLockedBefore(input.lockedBefore, actor);
    return this.lockdown();
  }

  private async move(
    actor: Principal,
    verb: 'withdraw' | 'approve' | 'reject',
    row: ApprovalRow,
    to: ApprovalStatus,
    by: { actorId: number; note: string | null; at: Date; decision: boolean },
  ): Promise<void> {
    const moved = await this.approvals.inUserLock(row.userId, (steps) =>
      steps.transition(row.id, 'submitted', to, by, { actor, action: verb }),
    );
    if (!moved) {
      const now = await this.approvals.byId(row.id);
      throw new DomainError(
        'INVALID_STATE',
        `The week of ${row.weekStart} is ${now?.status ?? 'gone'}, no longer submitted`,
      );
    }
  }

  private async mayDecide(actor: Principal, userId: number): Promise<boolean> {
    return may(actor, 'approvals.decideAny') || (await this.teams.manages(actor.userId, userId));
  }

  /** Another user's week reads as absent unless the actor leads them or may see any (404). */
  private async visible(actor: Principal, id: number): Promise<ApprovalRow> {
    const row = await this.approvals.byId(id);
    if (
      !row ||
      (row.userId !== actor.userId &&
        !may(actor, 'approvals.seeAny') &&
        !(await this.teams.manages(actor.userId, row.userId)))
    )
      throw DomainError.notFound('Week approval');
    return row;
  }

  private async frameOf(actor: Principal, week: string | undefined, now: Date) {
    const zone = viewerZone(actor, await this.approvals.zoneSettings());
    return weekFrame(week ?? zonedDate(now, zone), zone, viewerFirstDay(actor));
  }
}

/** The week as the API answers it (webhooks send the same). */
export function toApprovalView(row: ApprovalRow): ApprovalResponse {
  return {
    ...row,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    submittedAt: row.submittedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}
