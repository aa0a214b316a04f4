import type { Prisma, PrismaClient } from '@timetracker/db';

export const ENTRY_SELECT = {
  id: true,
  userId: true,
  projectId: true,
  taskId: true,
  startTime: true,
  endTime: true,
  durationSeconds: true,
  notes: true,
  tags: true,
  source: true,
  billable: true,
  invoiceItemId: true,
  createdAt: true,
  updatedAt: true,
  stoppedReason: true,
  autoStoppedAt: true,
  user: { select: { username: true } },
  project: { select: { name: true, clientId: true, clientRef: { select: { name: true } } } },
  task: { select: { name: true } },
  invoiceItem: { select: { invoice: { select: { status: true, invoiceNumber: true } } } },
} satisfies Prisma.TimeEntrySelect;

export type EntryRow = Prisma.TimeEntryGetPayload<{ select: typeof ENTRY_SELECT }>;

/** Not billed, or billed on a draft invoice: the entries that may still change (see isLocked). */
const NOT_LOCKED = {
  OR: [
    { invoiceItemId: null },
    { invoiceItem: { invoiceId: null } },
    { invoiceItem: { invoice: { status: 'draft' } } },
  ],
} satisfies Prisma.TimeEntryWhereInput;

export interface TimeSettings {
  roundingMinutes: number;
  roundingMode: string;
  singleActiveTimer: boolean;
  idleTimeoutMinutes: number;
  timezone: string;
}

/** Namespace of the per-user advisory lock that serializes timer starts and stops. */
const TIMER_LOCK_NAMESPACE = 0x7117;

type Db = PrismaClient | Prisma.TransactionClient;

export class TimeEntriesRepository {
  constructor(private readonly db: Db) {}

  async timeSettings(): Promise<TimeSettings> {
    const s = await this.db.settings.findUnique({
      where: { id: 1 },
      select: {
        roundingMinutes: true,
        roundingMode: true,
        singleActiveTimer: true,
        idleTimeoutMinutes: true,
        timezone: true,
      },
    });
    return (
      s ?? {
        roundingMinutes: 1,
        roundingMode: 'nearest',
        singleActiveTimer: true,
        idleTimeoutMinutes: 30,
        timezone: 'UTC',
      }
    );
  }

  projectForTime(projectId: number) {
    return this.db.project.findUnique({
      where: { id: projectId },
      select: {
        id: true,
        name: true,
        status: true,
        billable: true,
        clientRef: { select: { name: true, status: true } },
      },
    });
  }

  taskProjectId(taskId: number): Promise<{ projectId: number } | null> {
    return this.db.task.findUnique({ where: { id: taskId }, select: { projectId: true } });
  }

  async activeUserExists(userId: number): Promise<boolean> {
    return (await this.db.user.count({ where: { id: userId, isActive: true } })) > 0;
  }

  async list(
    where: Prisma.TimeEntryWhereInput,
    orderBy: Prisma.TimeEntryOrderByWithRelationInput[],
    skip: number,
    take: number,
  ) {
    const [items, total] = await Promise.all([
      this.db.timeEntry.findMany({ where, orderBy, skip, take, select: ENTRY_SELECT }),
      this.db.timeEntry.count({ where }),
    ]);
    return { items, total };
  }

  findById(id: number): Promise<EntryRow | null> {
    return this.db.timeEntry.findUnique({ where: { id }, select: ENTRY_SELECT });
  }

  findRunning(userId: number): Promise<EntryRow[]> {
    return this.db.timeEntry.findMany({
      where: { userId, endTime: null },
      orderBy: { startTime: 'desc' },
      select: ENTRY_SELECT,
    });
  }

  /** Running timers, just what a switch needs (inside the timer lock: keep it light). */
  runningStarts(userId: number): Promise<{ id: number; startTime: Date }[]> {
    return this.db.timeEntry.findMany({
      where: { userId, endTime: null },
      select: { id: true, startTime: true },
    });
  }

  async stopAt(id: number, endTime: Date, durationSeconds: number): Promise<void> {
    await this.db.timeEntry.update({
      where: { id },
      data: { endTime, durationSeconds },
      select: { id: true },
    });
  }

  insert(data: Prisma.TimeEntryUncheckedCreateInput): Promise<{ id: number }> {
    return this.db.timeEntry.create({ data, select: { id: true } });
  }

  create(data: Prisma.TimeEntryUncheckedCreateInput): Promise<EntryRow> {
    return this.db.timeEntry.create({ data, select: ENTRY_SELECT });
  }

  async createMany(data: Prisma.TimeEntryCreateManyInput[]): Promise<EntryRow[]> {
    const created = await this.db.timeEntry.createManyAndReturn({ data, select: { id: true } });
    return this.db.timeEntry.findMany({
      where: { id: { in: created.map((c) => c.id) } },
      orderBy: { startTime: 'asc' },
      select: ENTRY_SELECT,
    });
  }

  /**
   * Updates the entry unless it is billed on an invoice that left the draft state, deciding in
   * the UPDATE itself, so an invoice sent between the caller's check and this write still wins.
   * Returns null when nothing was updated (locked meanwhile, or gone).
   */
  async updateUnlessLocked(
    id: number,
    data: Prisma.TimeEntryUncheckedUpdateManyInput,
  ): Promise<EntryRow | null> {
    const { count } = await this.db.timeEntry.updateMany({ where: { id, ...NOT_LOCKED }, data });
    return count === 0 ? null : this.findById(id);
  }

  /** Deletes the entry unless it is locked (as updateUnlessLocked); false when nothing was deleted. */
  async deleteUnlessLocked(id: number): Promise<boolean> {
    return (await this.db.timeEntry.deleteMany({ where: { id, ...NOT_LOCKED } })).count > 0;
  }

  /**
   * Runs `work` in a transaction holding this user's timer lock, so that concurrent starts and
   * stops by one user take turns (100 parallel starts leave exactly one running timer).
   */
  withTimerLock<T>(userId: number, work: (repo: TimeEntriesRepository) => Promise<T>): Promise<T> {
    const client = this.db as PrismaClient;
    return client.$transaction(
      async (tx) => {
        // Raw SQL: Prisma has no API for advisory locks (executeRaw: the function returns void,
        // which $queryRaw cannot deserialize).
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TIMER_LOCK_NAMESPACE}::int, ${userId}::int)`;
        return work(new TimeEntriesRepository(tx));
        // A burst of starts by one user queues on the lock: let them wait their turn (Prisma's
        // default of 2 s to obtain a transaction fails them instead).
      },
      { maxWait: 15_000, timeout: 20_000 },
    );
  }
}
