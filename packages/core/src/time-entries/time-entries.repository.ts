import {
  directDatabase,
  Prisma,
  type DirectDatabase,
  type DirectSql,
  type PrismaClient,
} from '@timetracker/db';
import { ENTRY_TAG_NAMES } from '../tags/tag-sql';
import type { LockSteps } from '../time/locks';
import {
  LOCKED_BEFORE_SQL,
  lockedWeeksSql,
  lockStateOf,
  lockSteps,
  type LockStateRow,
} from '../time/locks.repository';
import { trackableBy } from '../access/project-scope.repository';
import { entryRowsOf, type EntryRow } from './time-entries-list.repository';
import { AuditLog, type AuditActor } from '../audit/audit-log.repository';
import {
  auditedWriteSql,
  ENTRY_AUDIT_JSON,
  entryAuditBefore,
  recordEntriesAfter,
  recordEntryDeleted,
} from './entry-audit.repository';

export interface TimeSettings {
  roundingMinutes: number;
  roundingMode: string;
  singleActiveTimer: boolean;
  idleTimeoutMinutes: number;
  timezone: string;
  /** The longest an entry may last when created, edited or stopped by hand. */
  maxEntryDurationSeconds: number;
  /** allow | warn | refuse overlapping entries of one user. */
  overlapPolicy: string;
}

/** Another entry of the user that a new or changed one would overlap. */
export interface OverlappingEntry {
  id: number;
  projectName: string | null;
  startTime: Date;
  endTime: Date | null;
}

/** A distinct project/task/notes/tags combination of a user's recent entries. */
export interface RecentCombinationRow {
  projectId: number;
  projectName: string;
  clientName: string | null;
  taskId: number | null;
  taskName: string | null;
  notes: string | null;
  tags: string[];
  billable: boolean;
  lastStartTime: Date;
}

/** How many of a user's newest entries the recent combinations are taken from. */
const RECENT_WINDOW = 500;

/** What applies when the settings row is missing (startup always seeds it). */
const DEFAULT_TIME_SETTINGS: TimeSettings = {
  roundingMinutes: 1,
  roundingMode: 'nearest',
  singleActiveTimer: true,
  idleTimeoutMinutes: 30,
  timezone: 'UTC',
  maxEntryDurationSeconds: 86_400,
  overlapPolicy: 'warn',
};

/** A new entry's own columns; created_at and updated_at come from the database. */
export interface NewEntry {
  userId: number;
  projectId: number;
  taskId: number | null;
  startTime: Date;
  endTime: Date | null;
  durationSeconds: number | null;
  breakSeconds: number;
  notes: string | null;
  /** Ids of its tags, in order (see TagsService.resolve). */
  tagIds: number[];
  source: 'manual' | 'auto';
  billable: boolean;
}

/** A running timer as a start, stop, pause or resume sees it. */
export interface RunningTimer {
  id: number;
  startTime: Date;
  /** The open pause's start, or null when not paused. */
  pausedAt: Date | null;
  /** When it last resumed (a later pause starts no earlier). */
  resumedAt: Date | null;
  /** The closed pauses so far. */
  breakSeconds: number;
  /** Its project's (else client's) rounding override; null = the settings' rule. */
  rounding?: RoundingRule | null;
}

/** A rounding rule: minutes (1 = none) and mode, as settings and the overrides hold it. */
export interface RoundingRule {
  roundingMinutes: number;
  roundingMode: string;
}

/** The steps of a timer start or stop, inside the user's timer lock (see withTimerLock). */
export interface TimerSteps {
  /**
   * The settings and the user's running timers, as they are once the lock is held. With
   * `startingAt` (a timer start), also the user's finished entries that end after it, earliest
   * first, unless the overlap policy is allow: read in the same statement, so that the overlap
   * policy costs a timer start no round trip.
   */
  state(startingAt?: Date): Promise<{
    settings: TimeSettings;
    running: RunningTimer[];
    finishedAfter: OverlappingEntry[];
    /**
     * The approval and lockdown check with the locks read by this same statement: instants from
     * `startingAt` or the earliest running timer's start on (what a start or stop checks) cost
     * no round trip; earlier ones are read as `locks` reads them.
     */
    locks: LockSteps;
  }>;
  /**
   * Stops the entry if it still runs, dropping an open pause; returns it as it is now, or null
   * when it is gone or was stopped meanwhile (the idle sweep takes no timer lock: whichever stop
   * comes first wins).
   */
  stopAt(id: number, endTime: Date, durationSeconds: number): Promise<EntryRow | null>;
  /** Opens a pause at `at` if the entry runs and is not paused; null otherwise (see stopAt). */
  pause(id: number, at: Date): Promise<EntryRow | null>;
  /**
   * Closes the open pause at `at`, adding its whole seconds to break_seconds, if the entry runs
   * and is paused; null otherwise.
   */
  resume(id: number, at: Date): Promise<EntryRow | null>;
  /** Inserts the entry; returns it. */
  insert(entry: NewEntry): Promise<EntryRow>;
  /**
   * The user's entries overlapping [start, end) (see overlappingEntries), read under the lock:
   * writes that check and insert inside it cannot both pass the check (overlap_policy refuse).
   */
  overlapping(start: Date, end: Date | null, exceptId?: number): Promise<OverlappingEntry[]>;
  /** Updates the entry unless billed on an invoice; false when nothing was updated. */
  updateUnlessLocked(id: number, changes: EntryChanges): Promise<boolean>;
  /** Deletes the entry unless billed on an invoice; false when nothing was deleted. */
  deleteUnlessLocked(id: number): Promise<boolean>;
  /** The approval and lockdown check (time/locks.ts) on this transaction. */
  locks: LockSteps;
}

/** What an edit may change; undefined leaves a column as it is. */
export interface EntryChanges {
  projectId?: number;
  taskId?: number | null;
  startTime?: Date;
  endTime?: Date | null;
  durationSeconds?: number | null;
  breakSeconds?: number;
  /** null ends an open pause without counting it (the entry was stopped by an edit). */
  pausedAt?: null;
  notes?: string | null;
  /** Replaces the entry's tags (ids, in order). */
  tagIds?: number[];
  billable?: boolean;
}

const CHANGE_COLUMNS: Record<Exclude<keyof EntryChanges, 'tagIds'>, string> = {
  projectId: 'project_id',
  taskId: 'task_id',
  startTime: 'start_time',
  endTime: 'end_time',
  durationSeconds: 'duration_seconds',
  breakSeconds: 'break_seconds',
  pausedAt: 'paused_at',
  notes: 'notes',
  billable: 'billable',
};

/** Lock waits longer than this answer 503 (a burst of one user's starts queues on the lock). */
/**
 * The foreign key (prisma/sql/005) that keeps an entry's task in the entry's project, whoever
 * writes: a task moved to another project between a write's check and the write itself.
 */
const TASK_PROJECT_FOREIGN_KEY = 'fk_time_entries_task_project';

/** Whether `err` is an entry write refused because its task is not (or no longer) in its project. */
export function isTaskOutsideProject(err: unknown): boolean {
  return (
    err instanceof Prisma.PrismaClientKnownRequestError &&
    err.code === 'P2003' &&
    `${err.message} ${JSON.stringify(err.meta ?? {})}`.includes(TASK_PROJECT_FOREIGN_KEY)
  );
}

export const TIMER_LOCK_TIMEOUT_MS = 15_000;

/** Namespace of the per-user advisory lock that serializes timer starts and stops. */
export const TIMER_LOCK_NAMESPACE = 0x7117;

export class TimeEntriesRepository {
  /** The hot statements (timer, project check) on the pool directly (see DirectDatabase). */
  private readonly direct: DirectDatabase;

  constructor(private readonly db: PrismaClient) {
    this.direct = directDatabase(db);
  }

  async timeSettings(): Promise<TimeSettings> {
    const s = await this.db.settings.findUnique({
      where: { id: 1 },
      select: {
        roundingMinutes: true,
        roundingMode: true,
        singleActiveTimer: true,
        idleTimeoutMinutes: true,
        timezone: true,
        maxEntryDurationSeconds: true,
        overlapPolicy: true,
      },
    });
    return s ?? DEFAULT_TIME_SETTINGS;
  }

  /** The project a new entry goes to, with its client (one join: every timer start asks). */
  /**
   * The rounding rule of a project's entries when it or its client overrides the settings'
   * (the project's first); null = the settings' rule.
   */
  async roundingFor(projectId: number | null): Promise<RoundingRule | null> {
    if (projectId === null) return null;
    const p = await this.db.project.findUnique({
      where: { id: projectId },
      select: {
        roundingMinutes: true,
        roundingMode: true,
        clientRef: { select: { roundingMinutes: true, roundingMode: true } },
      },
    });
    for (const o of [p, p?.clientRef]) {
      if (o?.roundingMinutes != null && o.roundingMode != null)
        return { roundingMinutes: o.roundingMinutes, roundingMode: o.roundingMode };
    }
    return null;
  }

  /** The project, if `trackerId` may track on it (null: anyone may); one statement, no extra round trip. */
  async projectForTime(projectId: number, trackerId: number | null) {
    const [row] = await this.direct.rows<{
      id: number;
      name: string;
      status: string;
      billable: boolean;
      clientName: string | null;
      clientStatus: string | null;
    }>(Prisma.sql`
      SELECT p.id, p.name, p.status, p.billable, c.name AS "clientName", c.status AS "clientStatus"
        FROM projects p LEFT JOIN clients c ON c.id = p.client_id
       WHERE p.id = ${projectId} AND ${trackableBy(trackerId)}`);
    if (!row) return null;
    const { clientName, clientStatus, ...project } = row;
    return {
      ...project,
      clientRef: clientName === null ? null : { name: clientName, status: clientStatus! },
    };
  }

  taskProjectId(taskId: number): Promise<{ projectId: number } | null> {
    return this.db.task.findUnique({ where: { id: taskId }, select: { projectId: true } });
  }

  async activeUserExists(userId: number): Promise<boolean> {
    return (await this.db.user.count({ where: { id: userId, isActive: true } })) > 0;
  }

  /** See overlappingEntries; outside any lock (enough to warn, not to refuse: see TimerSteps). */
  overlapping(userId: number, start: Date, end: Date | null, exceptId?: number): Promise<OverlappingEntry[]> {
    return overlappingEntries(this.direct, userId, start, end, exceptId);
  }

  /**
   * The newest distinct project/task/notes/tags combinations among the user's last entries,
   * newest first, on projects that still accept time. Raw SQL: DISTINCT ON over an expression
   * list and a bounded window of the newest rows, which Prisma cannot say.
   */
  recentCombinations(userId: number, limit: number): Promise<RecentCombinationRow[]> {
    return this.direct.rows<RecentCombinationRow>(Prisma.sql`
      SELECT * FROM (
        SELECT DISTINCT ON (w.project_id, w.task_id, COALESCE(w.notes, ''), w.tags)
               w.project_id AS "projectId", p.name AS "projectName", c.name AS "clientName",
               w.task_id AS "taskId", t.name AS "taskName", w.notes, w.tags, w.billable,
               w.start_time AS "lastStartTime"
          FROM (SELECT te.*, ${ENTRY_TAG_NAMES} AS tags FROM time_entries te
                 WHERE te.user_id = ${userId} AND te.project_id IS NOT NULL
                 ORDER BY te.start_time DESC LIMIT ${RECENT_WINDOW}) w
          JOIN projects p ON p.id = w.project_id AND p.status = 'active'
          LEFT JOIN clients c ON c.id = p.client_id
          LEFT JOIN tasks t ON t.id = w.task_id
         WHERE c.id IS NULL OR c.status = 'active'
         ORDER BY w.project_id, w.task_id, COALESCE(w.notes, ''), w.tags, w.start_time DESC
      ) combos
      ORDER BY "lastStartTime" DESC
      LIMIT ${limit}`);
  }

  /**
   * Inserts the entry and its audit event; returns its id (read it back with
   * TimeEntryListRepository).
   */
  async insert({ tagIds, ...entry }: NewEntry, actor: AuditActor): Promise<number> {
    const tags = { create: tagIds.map((tagId, position) => ({ tagId, position })) };
    return this.db.$transaction(async (tx) => {
      const { id } = await tx.timeEntry.create({ data: { ...entry, tags }, select: { id: true } });
      await recordEntriesAfter(tx, [id], 'create', actor);
      return id;
    });
  }

  /** Inserts the entries (with their tags) and an audit event each in one transaction; returns their ids. */
  async insertMany(entries: NewEntry[], actor: AuditActor): Promise<number[]> {
    return this.db.$transaction(async (tx) => {
      const created = await tx.timeEntry.createManyAndReturn({
        data: entries.map(({ tagIds: _tags, ...entry }) => entry),
        select: { id: true },
      });
      const links = created.flatMap((c, i) =>
        entries[i]!.tagIds.map((tagId, position) => ({ timeEntryId: c.id, tagId, position })),
      );
      if (links.length) await tx.timeEntryTag.createMany({ data: links });
      const ids = created.map((c) => c.id);
      await recordEntriesAfter(tx, ids, 'create', actor);
      return ids;
    });
  }

  /**
   * Runs `work` in a transaction on an entry without a user (adopted legacy rows): the same lock
   * check, update and delete as under a timer lock, with no user's lock to take.
   */
  withoutOwner<T>(
    actor: AuditActor,
    work: (steps: Pick<TimerSteps, 'locks' | 'deleteUnlessLocked' | 'updateUnlessLocked'>) => Promise<T>,
  ): Promise<T> {
    return this.direct.transaction((tx) => work(entryWriteSteps(tx, null, actor)), {
      lockTimeoutMs: TIMER_LOCK_TIMEOUT_MS,
    });
  }

  /**
   * Runs `work` in a transaction holding this user's timer lock, so that concurrent starts and
   * stops by one user take turns (100 parallel starts leave exactly one running timer); every
   * write of its steps is audited as `actor`'s, in the same statement where it can. Raw SQL
   * on the pool directly (DirectDatabase): a timer start or stop is the API's busiest write, and
   * Prisma's interactive transaction and per-query cost were most of its CPU (bench/api).
   */
  withTimerLock<T>(userId: number, actor: AuditActor, work: (steps: TimerSteps) => Promise<T>): Promise<T> {
    return this.direct.transaction((tx) => work(timerSteps(tx, userId, actor)), {
      lockTimeoutMs: TIMER_LOCK_TIMEOUT_MS,
      advisoryLock: [TIMER_LOCK_NAMESPACE, userId],
    });
  }
}

/**
 * Runs `write` (an INSERT or UPDATE of time_entries, without RETURNING) and answers with the
 * rows it wrote as EntryRows, recording each in the audit log, in one statement: the API answers
 * a timer start or stop with the entry (see auditedWriteSql).
 */
async function writeReturningEntry(
  tx: DirectSql,
  write: Prisma.Sql,
  audit: Parameters<typeof auditedWriteSql>[1],
): Promise<EntryRow | undefined> {
  const [row] = await tx.rows<EntryRow>(Prisma.sql`
    ${auditedWriteSql(write, audit)}
    ${entryRowsOf(Prisma.sql`written`)}`);
  return row;
}

/**
 * A finished entry that ends after `start` began less than its own length before `start`, and
 * every finished entry of the user lasts at most GREATEST(this day, the user's
 * user_longest_entries.longest_seconds): none that overlaps begins earlier than `start` minus that
 * (prisma/sql/007_user_longest_entries.sql keeps the bound true; its triggers use the same day).
 */
const OVERLAP_SCAN_FLOOR_SECONDS = 86_400;

/** Longer bounds (over 300 years: junk data) read the user's whole history instead. */
const OVERLAP_SCAN_MAX_SECONDS = 10_000_000_000;

/**
 * The earliest start a finished entry of the user that ends after `start` can have. Bounds the
 * overlap reads to a range of idx_time_entries_user_start (user_id, start_time), so that they read
 * about a day of entries however long the user's history: nothing indexes end_time (an index on
 * it would make every stop a non-HOT update). One uncorrelated scalar subquery, run once per
 * statement (an InitPlan the index scan takes as its lower key).
 */
function finishedEntriesStartFrom(userId: number, start: Date | null): Prisma.Sql {
  return Prisma.sql`(SELECT CASE WHEN b.seconds <= ${OVERLAP_SCAN_MAX_SECONDS}
                                THEN ${start}::timestamptz - make_interval(secs => b.seconds)
                                ELSE '-infinity'::timestamptz END
                       FROM (SELECT GREATEST(${OVERLAP_SCAN_FLOOR_SECONDS}, max(l.longest_seconds)) AS seconds
                               FROM user_longest_entries l WHERE l.user_id = ${userId}) b)`;
}

/**
 * The user's entries, other than `exceptId`, that overlap [start, end): a running one (no end)
 * reaches to infinity, and so does the range when `end` is null. The earliest few. The finished
 * ones from a bounded range of the user's starts (finishedEntriesStartFrom), the running ones from
 * running_timers. Raw SQL so that it also runs inside the timer lock's transaction
 * (TimerSteps.overlapping).
 */
async function overlappingEntries(
  sql: DirectSql,
  userId: number,
  start: Date,
  end: Date | null,
  exceptId?: number,
): Promise<OverlappingEntry[]> {
  return sql.rows<OverlappingEntry>(Prisma.sql`
    SELECT te.id, p.name AS "projectName", te.start_time AS "startTime", te.end_time AS "endTime"
      FROM (SELECT f.id FROM time_entries f
             WHERE f.user_id = ${userId} AND f.start_time >= ${finishedEntriesStartFrom(userId, start)}
               AND f.end_time > ${start}
            UNION -- an entry the idle sweep stopped keeps its running_timers row for a while
            SELECT r.entry_id FROM running_timers r WHERE r.user_id = ${userId}) o
      JOIN time_entries te ON te.id = o.id
      LEFT JOIN projects p ON p.id = te.project_id
     WHERE te.user_id = ${userId}
       AND te.id <> ${exceptId ?? 0}
       AND (${end}::timestamptz IS NULL OR te.start_time < ${end})
       AND (te.end_time IS NULL OR te.end_time > ${start})
     ORDER BY te.start_time
     LIMIT 5`);
}

/**
 * The entries that may change (see isLocked): not billed on a line of any invoice, a draft's too
 * (a line of no invoice is a leftover of the original app; the generation that links entries holds
 * them FOR UPDATE meanwhile). Said as "no item, or an item of no invoice" rather than "no item
 * of an invoice": after waiting for a generation's row lock, PostgreSQL re-checks the newest row version but runs subqueries in the statement's old
 * snapshot, where the new item does not exist yet; NOT EXISTS would then let the write through.
 */
const NOT_BILLED_SQL = Prisma.sql`(time_entries.invoice_item_id IS NULL OR EXISTS (
  SELECT 1 FROM invoice_items ii WHERE ii.id = time_entries.invoice_item_id AND ii.invoice_id IS NULL))`;

/**
 * The writes of one owner's entry inside a transaction: the lock check (time/locks.ts) and the
 * update or delete unless billed. `userId` null: an entry without a user (adopted legacy rows),
 * which only the lockdown locks.
 */
function entryWriteSteps(
  tx: DirectSql,
  userId: number | null,
  actor: AuditActor,
): Pick<TimerSteps, 'locks' | 'deleteUnlessLocked' | 'updateUnlessLocked'> {
  const ownerIs = userId === null ? Prisma.sql`user_id IS NULL` : Prisma.sql`user_id = ${userId}`;
  return {
    locks: lockSteps(tx, actor),
    async deleteUnlessLocked(id) {
      const before = await entryAuditBefore(tx, id);
      const rows = await tx.rows<{ id: number }>(Prisma.sql`
        DELETE FROM time_entries
         WHERE id = ${id} AND ${ownerIs}
           AND ${NOT_BILLED_SQL}
        RETURNING id`);
      if (rows.length === 0) return false;
      await recordEntryDeleted(tx, id, actor, before);
      return true;
    },
    async updateUnlessLocked(id, changes) {
      const set = (Object.keys(CHANGE_COLUMNS) as (keyof typeof CHANGE_COLUMNS)[])
        .filter((field) => changes[field] !== undefined)
        .map((field) => Prisma.sql`${Prisma.raw(CHANGE_COLUMNS[field])} = ${changes[field]}`);
      const before = await entryAuditBefore(tx, id);
      const rows = await tx.rows<{ id: number }>(Prisma.sql`
        UPDATE time_entries
           SET ${Prisma.join([...set, Prisma.sql`updated_at = CURRENT_TIMESTAMP`])}
         WHERE id = ${id} AND ${ownerIs}
           AND ${NOT_BILLED_SQL}
        RETURNING id`);
      if (rows.length === 0) return false;
      if (changes.tagIds !== undefined) await replaceTagsSql(tx, id, changes.tagIds);
      await recordEntriesAfter(tx, [id], 'update', actor, before);
      return true;
    },
  };
}

function timerSteps(tx: DirectSql, userId: number, actor: AuditActor): TimerSteps {
  return {
    ...entryWriteSteps(tx, userId, actor),
    overlapping(start, end, exceptId) {
      return overlappingEntries(tx, userId, start, end, exceptId);
    },
    async state(startingAt) {
      // Read after the lock (a new snapshot per statement): earlier starts by this user are in.
      // The finished entries are an uncorrelated subquery (evaluated once, not per running row),
      // read from a bounded range of the user's starts (finishedEntriesStartFrom): a day or so of
      // entries, not the user's history.
      // The locks are read from the earliest instant a start or stop checks: the new start, or
      // the earliest running timer's start (LEAST skips a null; both null: no weeks, none asked).
      const locksFrom = Prisma.sql`LEAST(${startingAt ?? null}::timestamptz,
        (SELECT min(le.start_time) FROM running_timers lr
           JOIN time_entries le ON le.id = lr.entry_id AND le.end_time IS NULL
          WHERE lr.user_id = ${userId}))`;
      const rows = await tx.rows<
        Partial<TimeSettings> & {
          settingsFound: boolean;
          lockedBefore: string | null;
          weeks: LockStateRow['weeks'];
          id: number | null;
          finishedAfter: { id: number; projectName: string | null; startTime: string; endTime: string }[];
          ruleMinutes: number | null;
          ruleMode: string | null;
        } & Partial<Omit<RunningTimer, 'id'>>
      >(Prisma.sql`
        SELECT s.id IS NOT NULL AS "settingsFound", s.rounding_minutes AS "roundingMinutes",
               s.rounding_mode AS "roundingMode", s.single_active_timer AS "singleActiveTimer",
               s.idle_timeout_minutes AS "idleTimeoutMinutes", s.timezone,
               s.max_entry_duration_seconds AS "maxEntryDurationSeconds",
               s.overlap_policy AS "overlapPolicy", ${LOCKED_BEFORE_SQL} AS "lockedBefore",
               ${lockedWeeksSql(userId, locksFrom, null)} AS weeks,
               e.id, e.start_time AS "startTime", e.paused_at AS "pausedAt",
               e.resumed_at AS "resumedAt", e.break_seconds AS "breakSeconds",
               (SELECT COALESCE(p.rounding_minutes, c.rounding_minutes) FROM projects p
                  LEFT JOIN clients c ON c.id = p.client_id WHERE p.id = e.project_id) AS "ruleMinutes",
               (SELECT CASE WHEN p.rounding_minutes IS NOT NULL THEN p.rounding_mode ELSE c.rounding_mode END
                  FROM projects p LEFT JOIN clients c ON c.id = p.client_id WHERE p.id = e.project_id) AS "ruleMode",
               (SELECT COALESCE(json_agg(f ORDER BY f."startTime", f.id), '[]')
                  FROM (SELECT te.id, p.name AS "projectName", te.start_time AS "startTime",
                               te.end_time AS "endTime"
                          FROM time_entries te LEFT JOIN projects p ON p.id = te.project_id
                         WHERE ${startingAt ?? null}::timestamptz IS NOT NULL
                           AND (SELECT overlap_policy FROM settings WHERE id = 1) IS DISTINCT FROM 'allow'
                           AND te.user_id = ${userId}
                           AND te.start_time >= ${finishedEntriesStartFrom(userId, startingAt ?? null)}
                           AND te.end_time > ${startingAt ?? null}::timestamptz) f
               ) AS "finishedAfter"
          FROM (SELECT 1) one
          LEFT JOIN settings s ON s.id = 1
          LEFT JOIN (running_timers r JOIN time_entries e ON e.id = r.entry_id AND e.end_time IS NULL)
                 ON r.user_id = ${userId}`);
      const first = rows[0]!;
      const settings: TimeSettings = first.settingsFound
        ? {
            roundingMinutes: first.roundingMinutes!,
            roundingMode: first.roundingMode!,
            singleActiveTimer: first.singleActiveTimer!,
            idleTimeoutMinutes: first.idleTimeoutMinutes!,
            timezone: first.timezone!,
            maxEntryDurationSeconds: first.maxEntryDurationSeconds!,
            overlapPolicy: first.overlapPolicy!,
          }
        : DEFAULT_TIME_SETTINGS;
      const running = rows.flatMap((r) =>
        r.id === null
          ? []
          : [
              {
                id: r.id,
                startTime: r.startTime!,
                pausedAt: r.pausedAt ?? null,
                resumedAt: r.resumedAt ?? null,
                breakSeconds: r.breakSeconds ?? 0,
                rounding:
                  r.ruleMinutes !== null && r.ruleMode !== null
                    ? { roundingMinutes: r.ruleMinutes, roundingMode: r.ruleMode }
                    : null,
              },
            ],
      );
      // json_agg gives timestamps as text: back to instants.
      const finishedAfter = first.finishedAfter.map((f) => ({
        ...f,
        startTime: new Date(f.startTime),
        endTime: new Date(f.endTime),
      }));
      const earliest = [...(startingAt ? [startingAt] : []), ...running.map((r) => r.startTime)];
      const locks = lockSteps(tx, actor, {
        state: lockStateOf({
          lockedBefore: first.lockedBefore,
          timezone: first.timezone ?? null,
          weeks: first.weeks,
        }),
        from: earliest.length === 0 ? null : new Date(Math.min(...earliest.map((t) => t.getTime()))),
      });
      return { settings, running, finishedAfter, locks };
    },
    async stopAt(id, endTime, durationSeconds) {
      // updated_at set here skips the trigger's function (prisma/sql/001). `end_time IS NULL` is
      // re-checked on the newest row version after a concurrent stop commits: never a second end.
      const row = await writeReturningEntry(
        tx,
        Prisma.sql`
          UPDATE time_entries
             SET end_time = ${endTime}, duration_seconds = ${durationSeconds}, paused_at = NULL,
                 updated_at = CURRENT_TIMESTAMP
           WHERE id = ${id} AND end_time IS NULL`,
        { action: 'stop', actor, beforeId: id },
      );
      return row ?? null;
    },
    async pause(id, at) {
      // As stopAt: the conditions are re-checked on the newest row version (the idle sweep).
      const row = await writeReturningEntry(
        tx,
        Prisma.sql`
          UPDATE time_entries SET paused_at = ${at}, updated_at = CURRENT_TIMESTAMP
           WHERE id = ${id} AND end_time IS NULL AND paused_at IS NULL`,
        { action: 'pause', actor, beforeId: id },
      );
      return row ?? null;
    },
    async resume(id, at) {
      const row = await writeReturningEntry(
        tx,
        Prisma.sql`
          UPDATE time_entries
             SET break_seconds = break_seconds + floor(extract(epoch FROM ${at}::timestamptz - paused_at))::int,
                 resumed_at = ${at}, paused_at = NULL, updated_at = CURRENT_TIMESTAMP
           WHERE id = ${id} AND end_time IS NULL AND paused_at IS NOT NULL`,
        { action: 'resume', actor, beforeId: id },
      );
      return row ?? null;
    },
    async insert(e) {
      const insert = Prisma.sql`
          INSERT INTO time_entries
                 (user_id, project_id, task_id, start_time, end_time, duration_seconds, break_seconds,
                  notes, source, billable)
          VALUES (${e.userId}, ${e.projectId}, ${e.taskId}, ${e.startTime}, ${e.endTime}, ${e.durationSeconds},
                  ${e.breakSeconds}, ${e.notes}, ${e.source}, ${e.billable})`;
      // Without tags one statement answers with the entry; with tags the links go in before the
      // entry is read back (a statement's own CTE writes are invisible to it).
      const action = e.endTime === null ? 'start' : 'create';
      if (e.tagIds.length === 0) return (await writeReturningEntry(tx, insert, { action, actor }))!;
      const [{ id }] = (await tx.rows<{ id: number }>(Prisma.sql`${insert} RETURNING id`)) as [
        { id: number },
      ];
      await replaceTagsSql(tx, id, e.tagIds);
      // The audit event goes in with the read (a WITH query), once the tags are in.
      const [row] = await tx.rows<EntryRow>(Prisma.sql`
        WITH audited AS (${AuditLog.insertFromSql(
          Prisma.sql`SELECT te.id AS "entityId", NULL::jsonb AS before, ${ENTRY_AUDIT_JSON} AS after
                       FROM time_entries te WHERE te.id = ${id}`,
          { entity: 'time_entry', action, actor },
        )})
        ${entryRowsOf(Prisma.sql`time_entries`)} WHERE te.id = ${id}`);
      return row!;
    },
  };
}

/** Makes `tagIds` (in order) the entry's tags: links of others removed, positions set. */
async function replaceTagsSql(tx: DirectSql, entryId: number, tagIds: number[]): Promise<void> {
  await tx.rows(Prisma.sql`
    DELETE FROM time_entry_tags WHERE time_entry_id = ${entryId} AND tag_id <> ALL(${tagIds}::int[])`);
  if (tagIds.length === 0) return;
  await tx.rows(Prisma.sql`
    INSERT INTO time_entry_tags (time_entry_id, tag_id, position)
    SELECT ${entryId}, u.tag_id, (u.ord - 1)::int FROM unnest(${tagIds}::int[]) WITH ORDINALITY AS u(tag_id, ord)
    ON CONFLICT (time_entry_id, tag_id) DO UPDATE SET position = EXCLUDED.position`);
}
