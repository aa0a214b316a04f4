import { authorizeOnUser, may, mayOnUser, reach, type Action } from '../access/policy';
import type { TeamScopeRepository } from '../access/team-scope.repository';
import type { Principal } from '../auth/principal';
import { auditActorOf } from '../audit/audit-log.repository';
import { DomainError } from '../errors/domain-error';
import { elapsedSeconds, roundDuration, type RoundingMode } from '../time/rounding';
import { addCalendarDays, instantToZonedTime } from '@timetracker/contracts';
import { zonedWallTimeToInstant } from '../time/zone';
import { viewerZone } from '../time/viewer-zone';
import type { EntryRow, EntrySortField, TimeEntryListRepository } from './time-entries-list.repository';
import {
  isTaskOutsideProject,
  type EntryChanges,
  type NewEntry,
  type OverlappingEntry,
  type RoundingRule,
  type RunningTimer,
  type TimeEntriesRepository,
  type TimeSettings,
} from './time-entries.repository';
import type { TagsService } from '../tags/tags.service';
import { lockedReason, toTimeEntryView, type EntryWarning, type TimeEntryView } from './time-entry.view';
import { checkProjectAndTask, trackerFor } from './entry-target';
import { decodeEntryCursor, encodeEntryCursor } from './entry-cursor';
import { assertTimeWritable } from '../time/locks';

export interface EntryFields {
  projectId: number;
  taskId?: number | null;
  notes?: string | null;
  tags?: string[];
  /**
   * Tags the entry carries over from another entry or a favourite (continue, duplicate, start):
   * archived ones among them stay on the copy (only picking an archived tag anew is refused).
   */
  carriedTags?: string[];
  billable?: boolean;
}

export interface TimeEntryFilter {
  userId?: number;
  projectId?: number;
  clientId?: number;
  taskId?: number;
  billable?: boolean;
  tag?: string;
  tags?: string[];
  tagMode?: 'any' | 'all';
  from?: string;
  to?: string;
  running?: boolean;
}

/** Running timers a user can have at once when single_active_timer is off: more than anyone needs. */
const MAX_RUNNING_SHOWN = 500;

const SORTS = { startTime: 'startTime', durationSeconds: 'durationSeconds', createdAt: 'createdAt' } as const;

/**
 * The billed duration (ARCHITECTURE §4): end − start − breaks, then rounded by the most specific
 * rule: the project's, else its client's (`override`), else the settings'. Stored with the
 * entry, so a later rule change never rewrites it.
 */
const durationFor = (
  start: Date,
  end: Date,
  breakSeconds: number,
  s: Pick<TimeSettings, 'roundingMinutes' | 'roundingMode'>,
  override: RoundingRule | null | undefined,
) => {
  const rule = override ?? s;
  return roundDuration(
    elapsedSeconds(start, end) - breakSeconds,
    rule.roundingMinutes,
    rule.roundingMode as RoundingMode,
  );
};

/** A typed break is shorter than its entry (a timer's pauses may take it all: see pauseTimer). */
function assertBreakFits(start: Date, end: Date, breakSeconds: number, path: string): void {
  if (breakSeconds === 0 || breakSeconds < elapsedSeconds(start, end)) return;
  throw DomainError.validation('The break is as long as the entry or longer', [
    { path, message: 'the break must be shorter than the time from start to end' },
  ]);
}

/**
 * The time settings with the acting person's zone (viewerZone) in place of the company's: in this
 * service the zone only reads local times (a range's days, a duplicate's day, overlap messages),
 * and those are the person's.
 */
function inViewerZone(actor: Principal, settings: TimeSettings): TimeSettings {
  return { ...settings, timezone: viewerZone(actor, settings) };
}

/** A back-dated timer start this far ahead of the server's clock is taken as now-ish, not the future. */
const CLOCK_SKEW_MS = 60_000;

const hoursText = (seconds: number) => `${Math.round((seconds / 3600) * 100) / 100} h`;

/**
 * An entry lasts at most settings.max_entry_duration_seconds (default 24 h): 1970 to 2030 is a
 * typing mistake, not 525,960 billable hours, and 2000 to 2100 would not fit duration_seconds.
 */
function assertWithinMaxDuration(
  start: Date,
  end: Date,
  s: Pick<TimeSettings, 'maxEntryDurationSeconds'>,
  path: string,
  hint = '',
): void {
  if (elapsedSeconds(start, end) <= s.maxEntryDurationSeconds) return;
  const max = hoursText(s.maxEntryDurationSeconds);
  throw DomainError.validation(`An entry lasts at most ${max} (settings.maxEntryDurationSeconds)${hint}`, [
    { path, message: `at most ${max} after the start` },
  ]);
}

/**
 * Time entries and timers: users see and change only their own entries, admins anyone's.
 * Durations are rounded with the settings in force when an entry ends, is created, or has its
 * times edited; a later settings change never rewrites them.
 */
export class TimeEntriesService {
  constructor(
    private readonly entries: TimeEntriesRepository,
    private readonly lists: TimeEntryListRepository,
    private readonly tags: TagsService,
    /** Who leads whom; without it nobody manages anyone (workers, tests of other rules). */
    private readonly teams?: Pick<TeamScopeRepository, 'manages'>,
  ) {}

  async list(
    actor: Principal,
    filter: TimeEntryFilter,
    page: { page: number; pageSize: number; sort: string; cursor?: string },
  ) {
    if (filter.userId !== undefined)
      authorizeOnUser(
        actor,
        'timeEntries.listOthers',
        filter.userId,
        await this.leads(actor, 'timeEntries.listOthers', filter.userId),
      );
    // Without userId: admins everyone's, everyone else (a lead too) their own.
    const userId = may(actor, 'timeEntries.listOthers') ? filter.userId : (filter.userId ?? actor.userId);
    const field =
      (page.sort.replace(/^-/, '') as EntrySortField) in SORTS
        ? (page.sort.replace(/^-/, '') as EntrySortField)
        : 'startTime';
    // A cursor picks up after the last row of the page it came with (however many rows were
    // added or removed since); a page number counts rows from the first.
    const at = page.cursor === undefined ? undefined : decodeEntryCursor(page.cursor, page.sort, field);
    const number = at?.page ?? page.page;
    const result = await this.lists.page(
      {
        ...filter,
        userId,
        from: filter.from ? new Date(filter.from) : undefined,
        to: filter.to ? new Date(filter.to) : undefined,
      },
      { field, desc: page.sort.startsWith('-') },
      at
        ? { after: at.after, take: page.pageSize }
        : { skip: (page.page - 1) * page.pageSize, take: page.pageSize },
    );
    return {
      items: result.items.map(toTimeEntryView),
      total: result.total,
      totalIsEstimate: result.totalIsEstimate,
      page: number,
      pageSize: page.pageSize,
      nextCursor: result.next && encodeEntryCursor(page.sort, result.next, number + 1),
    };
  }

  async get(actor: Principal, id: number): Promise<TimeEntryView> {
    return toTimeEntryView(await this.visible(actor, id));
  }

  /** A manual entry with start and end; admins may record it for another user. */
  async create(
    actor: Principal,
    input: EntryFields & { userId?: number; startTime: string; endTime: string; breakSeconds?: number },
  ): Promise<TimeEntryView> {
    const userId = await this.ownerFor(actor, input.userId);
    const project = await checkProjectAndTask(
      this.entries,
      input.projectId,
      input.taskId,
      trackerFor(actor, userId),
    );
    const start = new Date(input.startTime);
    const end = new Date(input.endTime);
    const breakSeconds = input.breakSeconds ?? 0;
    assertBreakFits(start, end, breakSeconds, 'breakSeconds');
    const settings = inViewerZone(actor, await this.entries.timeSettings());
    assertWithinMaxDuration(start, end, settings, 'endTime');
    // A tag made for this entry is not left behind when the write is refused (an overlap, a lock).
    return this.tags.withTags(actor, input.tags, input.carriedTags ?? [], async (resolved) => {
      const entry: NewEntry = {
        userId,
        projectId: input.projectId,
        taskId: input.taskId ?? null,
        startTime: start,
        endTime: end,
        durationSeconds: durationFor(
          start,
          end,
          breakSeconds,
          settings,
          await this.entries.roundingFor(input.projectId),
        ),
        breakSeconds,
        notes: input.notes ?? null,
        tagIds: resolved ?? [],
        source: 'manual',
        billable: input.billable ?? project.billable,
      };
      const warnings =
        settings.overlapPolicy === 'warn' ? await this.checkOverlaps(userId, start, end, settings) : [];
      const [row] = await this.insertEntries(actor, userId, [entry], settings);
      return withWarnings(toTimeEntryView(row!), warnings);
    });
  }

  /**
   * A copy of a finished entry on another day (the viewer's zone) at the same local start and
   * end times, as a new manual entry: the rules of a create apply (project open, overlaps).
   */
  async duplicate(actor: Principal, id: number, input: { date: string }): Promise<TimeEntryView> {
    const row = await this.visible(actor, id);
    if (row.endTime === null) throw new DomainError('INVALID_STATE', 'A running entry cannot be duplicated');
    const { projectId, userId } = row;
    if (projectId === null || userId === null)
      throw new DomainError('INVALID_STATE', 'The entry has no project or user to copy');
    const settings = inViewerZone(actor, await this.entries.timeSettings());
    const from = instantToZonedTime(new Date(row.startTime), settings.timezone);
    const to = instantToZonedTime(new Date(row.endTime), settings.timezone);
    const days = Math.round((Date.parse(to.date) - Date.parse(from.date)) / 86_400_000);
    return this.create(actor, {
      userId,
      projectId,
      taskId: row.taskId,
      notes: row.notes,
      tags: row.tags,
      carriedTags: row.tags,
      billable: row.billable,
      breakSeconds: row.breakSeconds,
      startTime: zonedWallTimeToInstant(input.date, from.time, settings.timezone).toISOString(),
      endTime: zonedWallTimeToInstant(
        addCalendarDays(input.date, days),
        to.time,
        settings.timezone,
      ).toISOString(),
    });
  }

  /** Starts a timer with the entry's project, task, notes, tags and billable flag. */
  async continueEntry(actor: Principal, id: number, now = new Date()): Promise<TimeEntryView> {
    const row = await this.visible(actor, id);
    if (row.projectId === null)
      throw new DomainError('INVALID_STATE', 'The entry has no project to continue');
    return this.startTimer(
      actor,
      {
        projectId: row.projectId,
        taskId: row.taskId,
        notes: row.notes,
        tags: row.tags,
        carriedTags: row.tags,
        billable: row.billable,
      },
      now,
    );
  }

  /** The user's newest distinct project/task/notes/tags combinations, to start again. */
  async recentCombinations(actor: Principal, limit: number) {
    const rows = await this.entries.recentCombinations(actor.userId, limit);
    return rows.map((r) => ({
      ...r,
      lastStartTime: r.lastStartTime.toISOString(),
    }));
  }

  /** One entry per day of a range (local times in the viewer's zone), optionally without weekends. */
  async bulkCreate(
    actor: Principal,
    input: EntryFields & {
      userId?: number;
      from: string;
      to: string;
      startTime: string;
      endTime: string;
      skipWeekends: boolean;
      breakSeconds?: number;
    },
  ): Promise<TimeEntryView[]> {
    const userId = await this.ownerFor(actor, input.userId);
    const project = await checkProjectAndTask(
      this.entries,
      input.projectId,
      input.taskId,
      trackerFor(actor, userId),
    );
    const settings = inViewerZone(actor, await this.entries.timeSettings());
    // A tag made for these entries is not left behind when the write is refused (a lock, an overlap).
    return this.tags.withTags(actor, input.tags, [], async (resolved) => {
      const tagIds = resolved ?? [];
      const rounding = await this.entries.roundingFor(input.projectId);
      const rows: NewEntry[] = [];
      for (let day = input.from; day <= input.to; day = nextDay(day)) {
        const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
        if (input.skipWeekends && (weekday === 0 || weekday === 6)) continue;
        const start = zonedWallTimeToInstant(day, input.startTime, settings.timezone);
        const end = zonedWallTimeToInstant(day, input.endTime, settings.timezone);
        assertWithinMaxDuration(start, end, settings, 'endTime');
        const breakSeconds = input.breakSeconds ?? 0;
        assertBreakFits(start, end, breakSeconds, 'breakSeconds');
        rows.push({
          userId,
          projectId: input.projectId,
          taskId: input.taskId ?? null,
          startTime: start,
          endTime: end,
          durationSeconds: durationFor(start, end, breakSeconds, settings, rounding),
          breakSeconds,
          notes: input.notes ?? null,
          tagIds,
          source: 'manual',
          billable: input.billable ?? project.billable,
        });
      }
      if (rows.length === 0)
        throw DomainError.validation('The range has no day to record', [
          { path: 'to', message: 'no weekday in range' },
        ]);
      const warnings: EntryWarning[][] = [];
      if (settings.overlapPolicy === 'warn')
        for (const r of rows)
          warnings.push(await this.checkOverlaps(userId, r.startTime, r.endTime, settings));
      const written = await this.insertEntries(actor, userId, rows, settings);
      return written.map((row, i) => withWarnings(toTimeEntryView(row), warnings[i] ?? []));
    });
  }

  /** Every field may change, a running entry's too; changed times recompute the duration. */
  async update(
    actor: Principal,
    id: number,
    input: Partial<EntryFields> & { startTime?: string; endTime?: string | null; breakSeconds?: number },
    now = new Date(),
  ): Promise<TimeEntryView> {
    const row = await this.editable(actor, id);
    if (input.projectId !== undefined || input.taskId !== undefined) {
      const projectId = input.projectId ?? row.projectId;
      if (projectId === null)
        throw DomainError.validation('The entry needs a project', [
          { path: 'projectId', message: 'required' },
        ]);
      await checkProjectAndTask(
        this.entries,
        projectId,
        input.taskId === undefined ? (input.projectId === undefined ? row.taskId : null) : input.taskId,
        trackerFor(actor, row.userId ?? actor.userId),
      );
    }
    const rowStart = new Date(row.startTime);
    const rowEnd = row.endTime === null ? null : new Date(row.endTime);
    const start = input.startTime ? new Date(input.startTime) : rowStart;
    const end =
      input.endTime === undefined ? rowEnd : input.endTime === null ? null : new Date(input.endTime);
    if (end === null && rowEnd !== null) {
      throw DomainError.validation('A finished entry cannot be made to run again', [
        { path: 'endTime', message: 'required for a finished entry' },
      ]);
    }
    if (end && end < start)
      throw DomainError.validation('The entry ends before it starts', [
        { path: 'endTime', message: 'can’t be before the start' },
      ]);
    if (end === null && start > now)
      throw DomainError.validation('A running entry cannot start in the future', [
        { path: 'startTime', message: 'must not be in the future' },
      ]);
    const timesChanged =
      start.getTime() !== rowStart.getTime() || (end?.getTime() ?? null) !== (rowEnd?.getTime() ?? null);
    const breakSeconds = input.breakSeconds ?? row.breakSeconds;
    const breakChanged = breakSeconds !== row.breakSeconds;
    if (end === null) assertRunningBreaks(row, start, input.breakSeconds, now);
    else if (timesChanged || breakChanged)
      assertBreakFits(
        start,
        end,
        breakSeconds,
        input.breakSeconds === undefined ? 'endTime' : 'breakSeconds',
      );
    // A move to another project re-rounds too: its rule may differ.
    const projectChanged = input.projectId !== undefined && input.projectId !== row.projectId;
    const settings =
      timesChanged || breakChanged || projectChanged
        ? inViewerZone(actor, await this.entries.timeSettings())
        : undefined;
    if (settings && end) assertWithinMaxDuration(start, end, settings, 'endTime');
    const owner = row.userId;
    const warnings =
      settings?.overlapPolicy === 'warn' && owner !== null
        ? await this.checkOverlaps(owner, start, end, settings, id)
        : [];
    // A tag made for this change is not left behind when the write is refused.
    return this.tags.withTags(actor, input.tags, row.tags, async (tagIds) => {
      const changes: EntryChanges = {
        projectId: input.projectId,
        taskId:
          input.taskId !== undefined
            ? input.taskId
            : input.projectId !== undefined && input.projectId !== row.projectId
              ? null
              : undefined,
        startTime: start,
        endTime: end,
        durationSeconds:
          settings && end
            ? durationFor(
                start,
                end,
                breakSeconds,
                settings,
                await this.entries.roundingFor(
                  input.projectId !== undefined ? input.projectId : row.projectId,
                ),
              )
            : end
              ? undefined
              : null,
        breakSeconds: breakChanged ? breakSeconds : undefined,
        // Ended by an edit while paused: the open pause ends too, uncounted (the end is as typed).
        pausedAt: end !== null && row.pausedAt !== null ? null : undefined,
        notes: input.notes,
        tagIds,
        billable: input.billable,
      };
      // Under the owner's timer lock (as a create): the approval and lockdown check (the entry's
      // old and new start) and refused overlaps hold until the write commits.
      const write = { userId: owner, instants: [rowStart, start], action: 'update' as const, entryId: id };
      const updated = await taskStillInProject(
        owner !== null
          ? this.entries.withTimerLock(owner, auditActorOf(actor), async (timer) => {
              await assertTimeWritable(timer.locks, actor, write);
              if (settings?.overlapPolicy === 'refuse') {
                const [other] = await timer.overlapping(start, end, id);
                if (other) throw refusal(other, settings.timezone);
              }
              return timer.updateUnlessLocked(id, changes);
            })
          : // An entry without a user: only the lockdown locks it (an admin's write is an override).
            this.entries.withoutOwner(auditActorOf(actor), async (steps) => {
              await assertTimeWritable(steps.locks, actor, write);
              return steps.updateUnlessLocked(id, changes);
            }),
      );
      if (!updated) return this.refuseChange(actor, id);
      return withWarnings(await this.view(id), warnings);
    });
  }

  async remove(actor: Principal, id: number): Promise<void> {
    const row = await this.editable(actor, id);
    const owner = row.userId;
    const write = {
      userId: owner,
      instants: [new Date(row.startTime)],
      action: 'delete' as const,
      entryId: id,
    };
    // Under the owner's timer lock; an entry without a user has none to take (only the lockdown locks it).
    const deleted =
      owner === null
        ? await this.entries.withoutOwner(auditActorOf(actor), async (steps) => {
            await assertTimeWritable(steps.locks, actor, write);
            return steps.deleteUnlessLocked(id);
          })
        : await this.entries.withTimerLock(owner, auditActorOf(actor), async (timer) => {
            await assertTimeWritable(timer.locks, actor, write);
            return timer.deleteUnlessLocked(id);
          });
    if (!deleted) await this.refuseChange(actor, id);
  }

  /**
   * Starts a timer, now or back-dated to `startTime`. With settings.single_active_timer the
   * user's running timer stops at the same instant; the per-user lock makes that hold under
   * concurrent starts. The overlap policy applies to the user's finished entries (several
   * running timers are what single_active_timer off allows, and the one it stops ends where
   * the new one starts): refused ones are checked under the lock, so the check holds.
   */
  async startTimer(
    actor: Principal,
    input: EntryFields & { startTime?: string },
    now = new Date(),
  ): Promise<TimeEntryView> {
    const project = await checkProjectAndTask(
      this.entries,
      input.projectId,
      input.taskId,
      trackerFor(actor, actor.userId),
    );
    const requested = input.startTime === undefined ? null : new Date(input.startTime);
    if (requested && requested.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw DomainError.validation('A timer cannot start in the future', [
        { path: 'startTime', message: 'must not be in the future' },
      ]);
    // A tag made for this timer is not left behind when the start is refused (an overlap, a lock).
    const { row, warnings } = await this.tags.withTags(
      actor,
      input.tags,
      input.carriedTags ?? [],
      async (resolved) => {
        const tagIds = resolved ?? [];
        return taskStillInProject(
          this.entries.withTimerLock(actor.userId, auditActorOf(actor), async (timer) => {
            const state = await timer.state(requested ?? now);
            const settings = state.settings;
            const running = settings.singleActiveTimer ? state.running : [];
            if (requested) {
              assertWithinMaxDuration(
                requested,
                now,
                settings,
                'startTime',
                ': add the time as an entry instead',
              );
              const later = running.find((r) => r.startTime > requested);
              if (later)
                throw new DomainError(
                  'CONFLICT',
                  `The running timer (entry #${later.id}) started after ${input.startTime}: stop it, or start this one later`,
                );
            }
            // `now` was read before waiting for the lock: a start queued behind another must not stop
            // that timer before it began. The switch happens at one instant, never earlier than it.
            const at =
              requested ?? new Date(Math.max(now.getTime(), ...running.map((r) => r.startTime.getTime())));
            // The new timer's start and the starts of the timers it stops (docs/approvals.md).
            await assertTimeWritable(state.locks, actor, {
              userId: actor.userId,
              instants: [at, ...running.map((r) => r.startTime)],
              action: 'timer',
            });
            const overlaps = state.finishedAfter.filter((o) => o.endTime! > at);
            if (settings.overlapPolicy === 'refuse' && overlaps[0])
              throw refusal(overlaps[0], viewerZone(actor, settings));
            for (const entry of running) {
              // A paused timer ends where its pause began (see stopTimer).
              const end = stopInstant(entry, at);
              if (entry.breakSeconds > elapsedSeconds(entry.startTime, end))
                throw new DomainError(
                  'CONFLICT',
                  `The running timer (entry #${entry.id}) had breaks after ${at.toISOString()}: stop it, or start this one later`,
                );
              await timer.stopAt(
                entry.id,
                end,
                durationFor(entry.startTime, end, entry.breakSeconds, settings, entry.rounding),
              );
            }
            const row = await timer.insert({
              userId: actor.userId,
              projectId: input.projectId,
              taskId: input.taskId ?? null,
              startTime: at,
              endTime: null,
              durationSeconds: null,
              breakSeconds: 0,
              notes: input.notes ?? null,
              tagIds,
              source: 'auto',
              billable: input.billable ?? project.billable,
            });
            const warnings =
              settings.overlapPolicy === 'warn' ? overlapWarnings(overlaps, viewerZone(actor, settings)) : [];
            return { row, warnings };
          }),
        );
      },
    );
    return withWarnings(toTimeEntryView(row), warnings);
  }

  /**
   * Stops the running timer now, or at an explicit time between its start and now. A paused
   * timer ends where its pause began (or at `at`, when earlier): the paused time is neither work
   * nor a break, as when the idle sweep stops it.
   */
  async stopTimer(
    actor: Principal,
    input: { at?: string; entryId?: number },
    now = new Date(),
  ): Promise<TimeEntryView> {
    const { id, row } = await this.entries.withTimerLock(actor.userId, auditActorOf(actor), async (timer) => {
      const { settings, running, locks } = await timer.state();
      const entry = theRunningTimer(running, input.entryId);
      await assertTimeWritable(locks, actor, timerWrite(actor, entry));
      const at = stopInstant(entry, input.at ? new Date(input.at) : now);
      if (at < entry.startTime) {
        throw DomainError.validation('The timer cannot stop before it started', [
          { path: 'at', message: 'must not be before the start' },
        ]);
      }
      assertNotFuture(at, now, 'The timer cannot stop in the future');
      if (entry.breakSeconds > elapsedSeconds(entry.startTime, at)) {
        throw DomainError.validation('The timer had more breaks than that before the stop', [
          { path: 'at', message: 'the breaks so far are longer than the time up to then' },
        ]);
      }
      // A timer left running past the maximum is not stopped as it is: the person says when it
      // really ended (`at`, or the entry's endTime). Switching timers and the idle sweep still stop it.
      assertWithinMaxDuration(
        entry.startTime,
        at,
        settings,
        'at',
        `: stop it with an earlier \`at\` (at most ${new Date(entry.startTime.getTime() + settings.maxEntryDurationSeconds * 1000).toISOString()}) or edit its endTime`,
      );
      return {
        id: entry.id,
        row: await timer.stopAt(
          entry.id,
          at,
          durationFor(entry.startTime, at, entry.breakSeconds, settings, entry.rounding),
        ),
      };
    });
    if (!row) return this.refuseStop(id);
    return toTimeEntryView(row);
  }

  /**
   * Pauses the running timer now, or at `at` (a pause forgotten: not before the start or the last
   * resume, not in the future). Until resumed the time is a break; stopped while paused, the entry
   * ends where the pause began.
   */
  async pauseTimer(
    actor: Principal,
    input: { at?: string; entryId?: number },
    now = new Date(),
  ): Promise<TimeEntryView> {
    const { id, row } = await this.entries.withTimerLock(actor.userId, auditActorOf(actor), async (timer) => {
      const { running, locks } = await timer.state();
      const entry = theRunningTimer(running, input.entryId);
      await assertTimeWritable(locks, actor, timerWrite(actor, entry));
      if (entry.pausedAt)
        throw new DomainError(
          'INVALID_STATE',
          `The timer is already paused (since ${entry.pausedAt.toISOString()})`,
        );
      const earliest = new Date(Math.max(entry.startTime.getTime(), entry.resumedAt?.getTime() ?? 0));
      const at = input.at ? new Date(input.at) : new Date(Math.max(now.getTime(), earliest.getTime()));
      if (at < earliest) {
        throw DomainError.validation('A pause cannot begin before the timer started or last resumed', [
          { path: 'at', message: `must not be before ${earliest.toISOString()}` },
        ]);
      }
      assertNotFuture(at, now, 'A pause cannot begin in the future');
      return { id: entry.id, row: await timer.pause(entry.id, at) };
    });
    if (!row) return this.refuseStop(id);
    return toTimeEntryView(row);
  }

  /** Resumes the paused timer now (or at `at`, after the pause began): the pause becomes a break. */
  async resumeTimer(
    actor: Principal,
    input: { at?: string; entryId?: number },
    now = new Date(),
  ): Promise<TimeEntryView> {
    const { id, row } = await this.entries.withTimerLock(actor.userId, auditActorOf(actor), async (timer) => {
      const { running, locks } = await timer.state();
      const entry = theRunningTimer(running, input.entryId);
      await assertTimeWritable(locks, actor, timerWrite(actor, entry));
      const pausedAt = entry.pausedAt;
      if (!pausedAt) throw new DomainError('INVALID_STATE', 'The timer is not paused');
      const at = input.at ? new Date(input.at) : new Date(Math.max(now.getTime(), pausedAt.getTime()));
      if (at < pausedAt) {
        throw DomainError.validation('The timer cannot resume before its pause began', [
          { path: 'at', message: `must not be before ${pausedAt.toISOString()}` },
        ]);
      }
      assertNotFuture(at, now, 'The timer cannot resume in the future');
      return { id: entry.id, row: await timer.resume(entry.id, at) };
    });
    if (!row) return this.refuseStop(id);
    return toTimeEntryView(row);
  }

  async activeTimers(actor: Principal): Promise<TimeEntryView[]> {
    const { items } = await this.lists.page(
      { userId: actor.userId, running: true },
      { field: 'startTime', desc: true },
      { skip: 0, take: MAX_RUNNING_SHOWN },
    );
    return items.map(toTimeEntryView);
  }

  /** The activity itself is recorded by the caller's write (see AuthService.touchActivity). */
  async heartbeat(_actor: Principal, now = new Date()) {
    const settings = await this.entries.timeSettings();
    return { lastActivityAt: now.toISOString(), idleTimeoutMinutes: settings.idleTimeoutMinutes };
  }

  /**
   * Inserts the entries in one transaction under the user's timer lock, after the approval and
   * lockdown check (time/locks.ts) and, with overlap_policy refuse, unless one overlaps another
   * entry of the user (or one inserted before it): a 409 naming that entry, and nothing is
   * written. Under the lock, concurrent writes and a week's submission cannot both pass.
   */
  private insertEntries(
    actor: Principal,
    userId: number,
    rows: NewEntry[],
    settings: TimeSettings,
  ): Promise<EntryRow[]> {
    return taskStillInProject(
      this.entries.withTimerLock(userId, auditActorOf(actor), async (timer) => {
        await assertTimeWritable(timer.locks, actor, {
          userId,
          instants: rows.map((r) => r.startTime),
          action: 'create',
        });
        const written: EntryRow[] = [];
        for (const row of rows) {
          if (settings.overlapPolicy === 'refuse') {
            const [other] = await timer.overlapping(row.startTime, row.endTime);
            if (other) throw refusal(other, settings.timezone);
          }
          written.push(await timer.insert(row));
        }
        return written;
      }),
    );
  }

  /**
   * The overlap policy for [start, end) of the user's time (end null: running): refuse throws
   * a 409 naming the first other entry, warn returns a warning per entry, allow asks nothing.
   */
  private async checkOverlaps(
    userId: number,
    start: Date,
    end: Date | null,
    settings: TimeSettings,
    exceptId?: number,
  ): Promise<EntryWarning[]> {
    if (settings.overlapPolicy !== 'warn' && settings.overlapPolicy !== 'refuse') return [];
    const others = await this.entries.overlapping(userId, start, end, exceptId);
    if (others.length === 0) return [];
    if (settings.overlapPolicy === 'refuse') throw refusal(others[0]!, settings.timezone);
    return overlapWarnings(others, settings.timezone);
  }

  private async view(id: number): Promise<TimeEntryView> {
    const row = await this.lists.byId(id);
    if (!row) throw DomainError.notFound('Time entry');
    return toTimeEntryView(row);
  }

  private async visible(actor: Principal, id: number): Promise<EntryRow> {
    const row = await this.lists.byId(id);
    // Another user's entry reads as absent (unless the caller leads them): its existence is not
    // the caller's business.
    if (!row) throw DomainError.notFound('Time entry');
    const owner = row.userId;
    const seen =
      owner === null
        ? may(actor, 'timeEntries.seeOthers')
        : mayOnUser(
            actor,
            'timeEntries.seeOthers',
            owner,
            await this.leads(actor, 'timeEntries.seeOthers', owner),
          );
    if (!seen) throw DomainError.notFound('Time entry');
    return row;
  }

  /** Whether the actor leads `userId` for this action: asked only of team leads, about others. */
  private async leads(actor: Principal, action: Action, userId: number): Promise<boolean> {
    if (userId === actor.userId || reach(actor, action) !== 'led' || !this.teams) return false;
    return this.teams.manages(actor.userId, userId);
  }

  private async editable(actor: Principal, id: number): Promise<EntryRow> {
    const row = await this.visible(actor, id);
    const locked = lockedReason(row);
    if (locked !== null) throw new DomainError('INVALID_STATE', locked);
    return row;
  }

  /**
   * The stop found the entry no longer running: deleted, or stopped between the state's read
   * and the stop by a writer that takes no timer lock (the idle sweep). The first stop stands.
   */
  private async refuseStop(id: number): Promise<never> {
    const row = await this.lists.byId(id);
    if (!row) throw DomainError.notFound('Time entry');
    const why = row.stoppedReason === 'idle' ? ' for being idle' : '';
    throw new DomainError(
      'CONFLICT',
      `The timer was already stopped${why} at ${row.endTime}; its end was kept`,
    );
  }

  /** The write found the entry locked (billed on an invoice meanwhile) or gone: say which. */
  private async refuseChange(actor: Principal, id: number): Promise<never> {
    await this.editable(actor, id);
    throw new DomainError('CONFLICT', 'The entry changed meanwhile; try again');
  }

  private async ownerFor(actor: Principal, userId: number | undefined): Promise<number> {
    if (userId === undefined || userId === actor.userId) return actor.userId;
    authorizeOnUser(
      actor,
      'timeEntries.recordForOthers',
      userId,
      await this.leads(actor, 'timeEntries.recordForOthers', userId),
    );
    if (!(await this.entries.activeUserExists(userId)))
      throw DomainError.validation('No such active user', [
        { path: 'userId', message: 'unknown or inactive user' },
      ]);
    return userId;
  }
}

/** The one running timer a stop, pause or resume acts on (entryId: which, when several run). */
function theRunningTimer(all: RunningTimer[], entryId: number | undefined): RunningTimer {
  const running = all.filter((e) => entryId === undefined || e.id === entryId);
  if (running.length === 0) throw new DomainError('INVALID_STATE', 'No timer is running');
  if (running.length > 1)
    throw new DomainError('INVALID_STATE', 'Several timers are running: say which with entryId');
  return running[0]!;
}

/** A stop, pause or resume writes the running entry, which belongs where it started. */
function timerWrite(actor: Principal, entry: RunningTimer) {
  return { userId: actor.userId, instants: [entry.startTime], action: 'timer' as const, entryId: entry.id };
}

/** Where a timer asked to stop at `at` ends: a paused one no later than its pause's start. */
function stopInstant(entry: RunningTimer, at: Date): Date {
  return entry.pausedAt && entry.pausedAt < at ? entry.pausedAt : at;
}

/** A minute of leeway for clocks that disagree, as a timer's stop always allowed. */
function assertNotFuture(at: Date, now: Date, message: string): void {
  if (at.getTime() > now.getTime() + 60_000)
    throw DomainError.validation(message, [{ path: 'at', message: 'must not be in the future' }]);
}

/**
 * A running entry's breaks come from pausing it: a break is typed once it has ended. Its start
 * may move, but not past its open pause or so late that the breaks so far would not fit.
 */
function assertRunningBreaks(row: EntryRow, start: Date, typedBreak: number | undefined, now: Date): void {
  if (typedBreak !== undefined && typedBreak !== row.breakSeconds)
    throw DomainError.validation('A running timer’s breaks come from pausing it', [
      { path: 'breakSeconds', message: 'pause and resume the timer, or set the break once it has stopped' },
    ]);
  const pausedAt = row.pausedAt === null ? null : new Date(row.pausedAt);
  if (pausedAt && start > pausedAt)
    throw DomainError.validation('The timer was paused before that start', [
      { path: 'startTime', message: `must not be after the pause began (${row.pausedAt})` },
    ]);
  if (row.breakSeconds > elapsedSeconds(start, pausedAt ?? now))
    throw DomainError.validation('The breaks so far are longer than the time since that start', [
      { path: 'startTime', message: 'too late for the breaks already taken' },
    ]);
}

function withWarnings(view: TimeEntryView, warnings: EntryWarning[]): TimeEntryView {
  return warnings.length ? { ...view, warnings } : view;
}

/** A warning per other entry (the earliest five), each naming it. */
function overlapWarnings(others: OverlappingEntry[], timeZone: string): EntryWarning[] {
  return others.slice(0, 5).map((o) => ({
    code: 'OVERLAP' as const,
    entryId: o.id,
    projectName: o.projectName,
    startTime: o.startTime.toISOString(),
    endTime: o.endTime?.toISOString() ?? null,
    detail: `Overlaps ${describeEntry(o, timeZone)}`,
  }));
}

function refusal(other: OverlappingEntry, timeZone: string): DomainError {
  return new DomainError('CONFLICT', `The entry overlaps ${describeEntry(other, timeZone)}`);
}

/** "entry #12 (Website, 2026-12-04 09:00–10:30)": local times in the viewer's zone. */
function describeEntry(entry: OverlappingEntry, timeZone: string): string {
  const from = instantToZonedTime(entry.startTime, timeZone);
  const to = entry.endTime ? instantToZonedTime(entry.endTime, timeZone) : null;
  const end =
    to === null
      ? 'running'
      : to.date === from.date
        ? to.time.slice(0, 5)
        : `${to.date} ${to.time.slice(0, 5)}`;
  return `entry #${entry.id} (${entry.projectName ?? 'no project'}, ${from.date} ${from.time.slice(0, 5)}–${end})`;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The task was checked to be in the entry's project, but an admin moved it to another project
 * before the write: the database's foreign key (task, project) refuses the write, a conflict
 * rather than an error (the move itself is refused once the task has time).
 */
async function taskStillInProject<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (isTaskOutsideProject(err)) {
      throw new DomainError(
        'CONFLICT',
        'The task was moved to another project meanwhile; choose the task again',
      );
    }
    throw err;
  }
}
