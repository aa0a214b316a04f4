import {
  addCalendarDays,
  INSTANT_MAX,
  parseDurationInput,
  zonedDate,
  zonedStartOfDay,
  zonedTimeToInstant,
  type FirstDayOfWeek,
  type TimesheetCellResult,
  type TimesheetResponse,
} from '@timetracker/contracts';
import type { TeamScopeRepository } from '../access/team-scope.repository';
import { authorizeOnUser, may, reach, type Action } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { viewerFirstDay, viewerZone } from '../time/viewer-zone';
import type { TimeEntriesService } from '../time-entries/time-entries.service';
import type { EntryWarning } from '../time-entries/time-entry.view';
import {
  buildTimesheet,
  cellOf,
  dayLocks,
  invoiceLockedReason,
  rowKey,
  rowRefView,
  weekFrame,
} from './timesheet-grid';
import type { TimesheetRepository } from './timesheet.repository';

/** Where a cell's first entry of the day starts (local time), when the day has no entry yet. */
export const TIMESHEET_DAY_START = '09:00';

export interface CellInput {
  date: string;
  projectId: number;
  taskId?: number | null;
  /** Whose timesheet (default: the actor's). */
  userId?: number;
  seconds?: number;
  duration?: string;
}

/** Whose timesheet a request is about, and the zone and first day their weeks are cut in. */
export interface Whose {
  userId: number;
  zone: string;
  firstDay: FirstDayOfWeek;
}

/**
 * The week timesheet (docs/timesheet.md): a user's own entries (or, for admins and team leads,
 * another user's) as a grid of project/task rows ×
 * days in the viewer's zone, and the cell rule that turns "this row on this day holds 1:30" into
 * entry writes. Every write is a TimeEntriesService create, update or delete, with their rules
 * (rounding, maximum duration, overlap policy, locks, bounds): the totals are always the entries.
 */
export class TimesheetService {
  constructor(
    private readonly sheets: TimesheetRepository,
    private readonly timeEntries: TimeEntriesService,
    /** Who leads whom; without it a team lead opens only their own timesheet. */
    private readonly teams?: Pick<TeamScopeRepository, 'manages' | 'managedUserIds'>,
  ) {}

  /**
   * The week holding `week` (default: today in their zone), with each day's lock
   * (docs/approvals.md) so that a locked day reads greyed before anyone types in it.
   */
  async week(
    actor: Principal,
    query: { week?: string; userId?: number },
    now = new Date(),
  ): Promise<TimesheetResponse> {
    return this.weekOf(actor, await this.whose(actor, query.userId, 'timeEntries.listOthers'), query, now);
  }

  /** The rows of the week before `week`, on projects that still take time, without their time. */
  async previousRows(actor: Principal, query: { week?: string; userId?: number }, now = new Date()) {
    const whose = await this.whose(actor, query.userId, 'timeEntries.listOthers');
    const frame = weekFrame(
      addCalendarDays(query.week ?? zonedDate(now, whose.zone), -7),
      whose.zone,
      whose.firstDay,
    );
    const refs = await this.sheets.trackableRows(whose.userId, frame.bounds[0]!, frame.bounds[7]!);
    return refs.map((r) => ({ key: rowKey(r.projectId, r.taskId), ...rowRefView(r) }));
  }

  /**
   * Whose timesheets the actor may open, themselves first: admins everyone active, team leads the
   * people they lead (timeEntries.recordForOthers: those they may also write for).
   */
  async people(actor: Principal): Promise<{ id: number; username: string }[]> {
    const scope = reach(actor, 'timeEntries.recordForOthers');
    const ids =
      scope === 'everyone'
        ? null
        : scope === 'led' && this.teams
          ? [actor.userId, ...(await this.teams.managedUserIds(actor.userId))]
          : [actor.userId];
    const people = await this.sheets.people(ids);
    return [...people.filter((p) => p.id === actor.userId), ...people.filter((p) => p.id !== actor.userId)];
  }

  /**
   * Makes one row's day hold `seconds` (the cell rule, docs/timesheet.md):
   * - a locked cell (an entry billed on an invoice) or one with a running timer: 409, nothing changes;
   * - the same total: nothing changes;
   * - one manual entry: its end moves to start + seconds (0 deletes it);
   * - otherwise (empty, several entries, or one a timer recorded): more time is added as one new
   *   manual entry of the difference, after the day's last entry (09:00 on an empty day); less
   *   is a 409 (which entry to shorten is the person's choice, in the list).
   */
  async setCell(actor: Principal, input: CellInput, now = new Date()): Promise<TimesheetCellResult> {
    const target = input.seconds ?? parseDurationInput(input.duration ?? '');
    if (target === null)
      throw DomainError.validation('Not a duration', [{ path: 'duration', message: 'not a duration' }]);
    const whose = await this.whose(actor, input.userId, 'timeEntries.recordForOthers');
    const zone = whose.zone;
    const dayFrom = zonedStartOfDay(input.date, zone);
    const dayTo = zonedStartOfDay(addCalendarDays(input.date, 1), zone);
    const day = await this.sheets.entriesStarting(whose.userId, dayFrom, dayTo);
    const taskId = input.taskId ?? null;
    const entries = day.filter((e) => e.projectId === input.projectId && e.taskId === taskId);
    const cell = cellOf(input.date, entries, now);
    const locked = entries.find((e) => e.invoiceStatus !== null);
    if (locked) throw new DomainError('CONFLICT', `This day cannot change: ${invoiceLockedReason(locked)}`);
    if (cell.running)
      throw new DomainError(
        'CONFLICT',
        'A timer is running in this cell; stop it first (the timesheet never changes a running timer)',
      );

    let action: TimesheetCellResult['action'] = 'unchanged';
    let entryId: number | null = null;
    let warnings: EntryWarning[] = [];
    const only = entries.length === 1 ? entries[0]! : undefined;
    if (target === cell.seconds) {
      // Already so: no write (a cell committed twice does not add twice).
    } else if (only && only.source === 'manual') {
      entryId = only.id;
      if (target === 0) {
        await this.timeEntries.remove(actor, only.id);
        action = 'deleted';
      } else {
        const end = new Date(only.startTime.getTime() + target * 1000);
        assertBeforeBound(end);
        warnings =
          (await this.timeEntries.update(actor, only.id, { endTime: end.toISOString() }, now)).warnings ?? [];
        action = 'updated';
      }
    } else if (target < cell.seconds) {
      throw new DomainError(
        'CONFLICT',
        entries.length === 1
          ? 'This time was recorded by a timer; the timesheet only adds to it. Change the entry in the list to shorten it'
          : `This day holds ${entries.length} entries for this row; the timesheet only adds to them. Change them in the list to remove time`,
      );
    } else {
      // After the day's last finished entry, of any row, so that the new one follows the others.
      const lastEnd = day.reduce<Date | null>(
        (latest, e) => (e.endTime && (!latest || e.endTime > latest) ? e.endTime : latest),
        null,
      );
      const start = lastEnd ?? zonedTimeToInstant(input.date, TIMESHEET_DAY_START, zone);
      const end = new Date(start.getTime() + (target - cell.seconds) * 1000);
      assertBeforeBound(end);
      const created = await this.timeEntries.create(actor, {
        ...(whose.userId === actor.userId ? {} : { userId: whose.userId }),
        projectId: input.projectId,
        taskId,
        startTime: start.toISOString(),
        endTime: end.toISOString(),
      });
      entryId = created.id;
      warnings = created.warnings ?? [];
      action = 'created';
    }
    return { action, entryId, warnings, week: await this.weekOf(actor, whose, { week: input.date }, now) };
  }

  private async weekOf(actor: Principal, whose: Whose, query: { week?: string }, now: Date) {
    const frame = weekFrame(query.week ?? zonedDate(now, whose.zone), whose.zone, whose.firstDay);
    // Side by side on the pool: the lock read does not add a round trip to the week's GET.
    const [rows, locks] = await Promise.all([
      this.sheets.entriesStarting(whose.userId, frame.bounds[0]!, frame.bounds[7]!),
      this.sheets.lockState(whose.userId, frame.bounds[0]!, frame.bounds[7]!),
    ]);
    return buildTimesheet(frame, rows, now, {
      userId: whose.userId,
      locks: dayLocks(frame, locks, may(actor, 'time.overrideLocks')),
    });
  }

  /**
   * The actor's own timesheet (their zone and first day), or another user's the actor may read or
   * write (`action`, by role or as the user's team lead): cut in that user's zone and first day,
   * the weeks they submit. 403 for others, 404 for no such active user.
   */
  private whose(actor: Principal, userId: number | undefined, action: Action): Promise<Whose> {
    return whoseTimesheet(this.sheets, this.teams, actor, userId, action);
  }
}

/**
 * The actor's own timesheet (their zone and first day), or another user's the actor may read or
 * write (`action`, by role or as the user's team lead): cut in that user's zone and first day,
 * the weeks they submit. 403 for others, 404 for no such active user.
 */
export async function whoseTimesheet(
  sheets: Pick<TimesheetRepository, 'zoneSettings' | 'subject'>,
  teams: Pick<TeamScopeRepository, 'manages'> | undefined,
  actor: Principal,
  userId: number | undefined,
  action: Action,
): Promise<Whose> {
  if (userId === undefined || userId === actor.userId)
    return {
      userId: actor.userId,
      zone: viewerZone(actor, await sheets.zoneSettings()),
      firstDay: viewerFirstDay(actor),
    };
  const leads = reach(actor, action) === 'led' && teams ? await teams.manages(actor.userId, userId) : false;
  authorizeOnUser(actor, action, userId, leads);
  const subject = await sheets.subject(userId);
  if (!subject) throw DomainError.notFound('User');
  return {
    userId,
    zone: subject.timezone ?? subject.company,
    firstDay: viewerFirstDay({ weekStart: subject.weekStart }),
  };
}

/** Entries end before 2100 (ARCHITECTURE §4): the last days of 2099 cannot take a whole day. */
function assertBeforeBound(end: Date) {
  if (end.getTime() >= Date.parse(INSTANT_MAX))
    throw DomainError.validation('Entries end before 2100', [
      { path: 'seconds', message: 'would end after 2099-12-31' },
    ]);
}
