import {
  directDatabase,
  Prisma,
  type DirectDatabase,
  type DirectSql,
  type PrismaClient,
} from '@timetracker/db';
import { entryRowsOf, type EntryRow } from './time-entries-list.repository';

/**
 * Not billed on any invoice (a line of no invoice is a leftover of the original app): the
 * entries that may change (see isLocked). A draft's entries too are frozen, so that its lines
 * always bill what they link; the generation that links them holds them FOR UPDATE meanwhile.
 */
const NOT_LOCKED = {
  OR: [{ invoiceItemId: null }, { invoiceItem: { invoiceId: null } }],
} satisfies Prisma.TimeEntryWhereInput;

export interface TimeSettings {
  roundingMinutes: number;
  roundingMode: string;
  singleActiveTimer: boolean;
  idleTimeoutMinutes: number;
  timezone: string;
  /** The longest an entry may last when created, edited or stopped by hand. */
  maxEntryDurationSeconds: number;
}

/** What applies when the settings row is missing (startup always seeds it). */
const DEFAULT_TIME_SETTINGS: TimeSettings = {
  roundingMinutes: 1,
  roundingMode: 'nearest',
  singleActiveTimer: true,
  idleTimeoutMinutes: 30,
  timezone: 'UTC',
  maxEntryDurationSeconds: 86_400,
};

/** A new entry's own columns; created_at and updated_at come from the database. */
export interface NewEntry {
  userId: number;
  projectId: number;
  taskId: number | null;
  startTime: Date;
  endTime: Date | null;
  durationSeconds: number | null;
  notes: string | null;
  tags: string | null;
  source: 'manual' | 'auto';
  billable: boolean;
}

/** The steps of a timer start or stop, inside the user's timer lock (see withTimerLock). */
export interface TimerSteps {
  /** The settings and the user's running timers, as they are once the lock is held. */
  state(): Promise<{ settings: TimeSettings; running: { id: number; startTime: Date }[] }>;
  /**
   * Stops the entry if it still runs; returns it as it is now, or null when it is gone or was
   * stopped meanwhile (the idle sweep takes no timer lock: whichever stop comes first wins).
   */
  stopAt(id: number, endTime: Date, durationSeconds: number): Promise<EntryRow | null>;
  /** Inserts the entry; returns it. */
  insert(entry: NewEntry): Promise<EntryRow>;
}

/** Lock waits longer than this answer 503 (a burst of one user's starts queues on the lock). */
const TIMER_LOCK_TIMEOUT_MS = 15_000;

/** Namespace of the per-user advisory lock that serializes timer starts and stops. */
const TIMER_LOCK_NAMESPACE = 0x7117;

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
      },
    });
    return s ?? DEFAULT_TIME_SETTINGS;
  }

  /** The project a new entry goes to, with its client (one join: every timer start asks). */
  async projectForTime(projectId: number) {
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
       WHERE p.id = ${projectId}`);
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

  /** Inserts the entry; returns its id (read it back with TimeEntryListRepository). */
  async insert(entry: NewEntry): Promise<number> {
    return (await this.db.timeEntry.create({ data: entry, select: { id: true } })).id;
  }

  /** Inserts the entries; returns their ids. */
  async insertMany(entries: NewEntry[]): Promise<number[]> {
    const created = await this.db.timeEntry.createManyAndReturn({ data: entries, select: { id: true } });
    return created.map((c) => c.id);
  }

  /**
   * Updates the entry unless it is billed on an invoice (a draft too), deciding in the UPDATE
   * itself: an invoice generated between the caller's check and this write still wins (the
   * UPDATE waits for the generation's row lock, then sees the link). Returns false when nothing
   * was updated (billed meanwhile, or gone).
   */
  async updateUnlessLocked(id: number, data: Prisma.TimeEntryUncheckedUpdateManyInput): Promise<boolean> {
    return (await this.db.timeEntry.updateMany({ where: { id, ...NOT_LOCKED }, data })).count > 0;
  }

  /** Deletes the entry unless it is locked (as updateUnlessLocked); false when nothing was deleted. */
  async deleteUnlessLocked(id: number): Promise<boolean> {
    return (await this.db.timeEntry.deleteMany({ where: { id, ...NOT_LOCKED } })).count > 0;
  }

  /**
   * Runs `work` in a transaction holding this user's timer lock, so that concurrent starts and
   * stops by one user take turns (100 parallel starts leave exactly one running timer). Raw SQL
   * on the pool directly (DirectDatabase): a timer start or stop is the API's busiest write, and
   * Prisma's interactive transaction and per-query cost were most of its CPU (bench/api).
   */
  withTimerLock<T>(userId: number, work: (steps: TimerSteps) => Promise<T>): Promise<T> {
    return this.direct.transaction((tx) => work(timerSteps(tx, userId)), {
      lockTimeoutMs: TIMER_LOCK_TIMEOUT_MS,
      advisoryLock: [TIMER_LOCK_NAMESPACE, userId],
    });
  }
}

/**
 * Runs `write` (an INSERT or UPDATE of time_entries) and answers with the rows it wrote as
 * EntryRows, in one statement: the API answers a timer start or stop with the entry.
 */
async function writeReturningEntry(tx: DirectSql, write: Prisma.Sql): Promise<EntryRow | undefined> {
  const [row] = await tx.rows<EntryRow>(Prisma.sql`
    WITH written AS (${write} RETURNING *)
    ${entryRowsOf(Prisma.sql`written`)}`);
  return row;
}

function timerSteps(tx: DirectSql, userId: number): TimerSteps {
  return {
    async state() {
      // Read after the lock (a new snapshot per statement): earlier starts by this user are in.
      const rows = await tx.rows<
        Partial<TimeSettings> & { settingsFound: boolean; id: number | null; startTime: Date | null }
      >(Prisma.sql`
        SELECT s.id IS NOT NULL AS "settingsFound", s.rounding_minutes AS "roundingMinutes",
               s.rounding_mode AS "roundingMode", s.single_active_timer AS "singleActiveTimer",
               s.idle_timeout_minutes AS "idleTimeoutMinutes", s.timezone,
               s.max_entry_duration_seconds AS "maxEntryDurationSeconds",
               e.id, e.start_time AS "startTime"
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
          }
        : DEFAULT_TIME_SETTINGS;
      const running = rows.flatMap((r) => (r.id === null ? [] : [{ id: r.id, startTime: r.startTime! }]));
      return { settings, running };
    },
    async stopAt(id, endTime, durationSeconds) {
      // updated_at set here skips the trigger's function (prisma/sql/001). `end_time IS NULL` is
      // re-checked on the newest row version after a concurrent stop commits: never a second end.
      const row = await writeReturningEntry(
        tx,
        Prisma.sql`
          UPDATE time_entries
             SET end_time = ${endTime}, duration_seconds = ${durationSeconds}, updated_at = CURRENT_TIMESTAMP
           WHERE id = ${id} AND end_time IS NULL`,
      );
      return row ?? null;
    },
    async insert(e) {
      const row = await writeReturningEntry(
        tx,
        Prisma.sql`
          INSERT INTO time_entries
                 (user_id, project_id, task_id, start_time, end_time, duration_seconds, notes, tags, source, billable)
          VALUES (${e.userId}, ${e.projectId}, ${e.taskId}, ${e.startTime}, ${e.endTime}, ${e.durationSeconds},
                  ${e.notes}, ${e.tags}, ${e.source}, ${e.billable})`,
      );
      return row!;
    },
  };
}
