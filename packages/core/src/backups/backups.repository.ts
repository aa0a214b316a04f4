import type { Prisma, PrismaClient } from '@timetracker/db';

/** Namespace of the per-backup advisory locks (key = backup id); the job locks use 0x70b5. */
const BACKUP_LOCK_NAMESPACE = 0x70b6;

/** A backup may run this long while its worker holds the lock. */
const MAX_BACKUP_MS = 12 * 60 * 60 * 1000;

export const BACKUP_FIELDS = {
  id: true,
  trigger: true,
  status: true,
  requestedAt: true,
  requester: { select: { id: true, username: true } },
  scheduledFor: true,
  startedAt: true,
  finishedAt: true,
  fileName: true,
  sizeBytes: true,
  schemaVersion: true,
  tablesDone: true,
  tablesTotal: true,
  rowsDone: true,
  error: true,
} satisfies Prisma.BackupSelect;

export type BackupRow = Prisma.BackupGetPayload<{ select: typeof BACKUP_FIELDS }>;

export interface BackupOutcome {
  sizeBytes: number;
  schemaVersion: string;
  tablesDone: number;
  tablesTotal: number;
  rowsDone: number;
}

export class BackupsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async page(skip: number, take: number): Promise<{ rows: BackupRow[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.backup.findMany({
        select: BACKUP_FIELDS,
        orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
        skip,
        take,
      }),
      this.prisma.backup.count(),
    ]);
    return { rows, total };
  }

  find(id: number): Promise<BackupRow | null> {
    return this.prisma.backup.findUnique({ where: { id }, select: BACKUP_FIELDS });
  }

  requestManual(requestedBy: number | null, now: Date): Promise<BackupRow> {
    return this.prisma.backup.create({
      data: { trigger: 'manual', requestedBy, requestedAt: now },
      select: BACKUP_FIELDS,
    });
  }

  /** Requests the scheduled backup due at `due`; false when one was already requested for it. */
  async requestScheduled(due: Date, now: Date): Promise<boolean> {
    const rows = await this.prisma.backup.createManyAndReturn({
      data: [{ trigger: 'schedule', scheduledFor: due, requestedAt: now }],
      skipDuplicates: true,
      select: { id: true },
    });
    return rows.length > 0;
  }

  /** Whether a scheduled backup was already requested for a due time in [from, to). */
  async scheduledBetween(from: Date, to: Date): Promise<boolean> {
    const row = await this.prisma.backup.findFirst({
      where: { trigger: 'schedule', scheduledFor: { gte: from, lt: to } },
      select: { id: true },
    });
    return row !== null;
  }

  async settings(): Promise<{ backupTime: string; timezone: string; backupRetentionDays: number } | null> {
    return this.prisma.settings.findUnique({
      where: { id: 1 },
      select: { backupTime: true, timezone: true, backupRetentionDays: true },
    });
  }

  /**
   * Claims the oldest requested backup and runs `work` on it while holding its advisory lock,
   * in a transaction kept open only for the lock (the work uses other connections). The lock is
   * taken before the row says `running`, so a running row whose lock is free always belongs to
   * a worker that died. Returns null when nothing is waiting (or another worker took it).
   */
  async claimNext<T>(
    claim: { worker: string; now: Date; fileName: (id: number, now: Date) => string },
    work: (row: BackupRow) => Promise<T>,
  ): Promise<{ value: T } | null> {
    return this.prisma.$transaction(
      async (tx) => {
        const next = await tx.backup.findFirst({
          where: { status: 'requested' },
          orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
          select: { id: true },
        });
        if (!next) return null;
        // Raw SQL: Prisma has no API for advisory locks.
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${BACKUP_LOCK_NAMESPACE}::int, ${next.id}::int) AS locked`;
        if (!lock?.locked) return null;
        const { count } = await this.prisma.backup.updateMany({
          where: { id: next.id, status: 'requested' },
          data: {
            status: 'running',
            startedAt: claim.now,
            worker: claim.worker,
            fileName: claim.fileName(next.id, claim.now),
          },
        });
        if (count === 0) return null;
        const row = await this.prisma.backup.findUniqueOrThrow({
          where: { id: next.id },
          select: BACKUP_FIELDS,
        });
        return { value: await work(row) };
      },
      { maxWait: 10_000, timeout: MAX_BACKUP_MS },
    );
  }

  async progress(
    id: number,
    p: { tablesDone: number; tablesTotal: number; rowsDone: number },
  ): Promise<void> {
    await this.prisma.backup.updateMany({
      where: { id, status: 'running' },
      data: { tablesDone: p.tablesDone, tablesTotal: p.tablesTotal, rowsDone: BigInt(p.rowsDone) },
    });
  }

  async succeed(id: number, now: Date, outcome: BackupOutcome): Promise<void> {
    await this.prisma.backup.update({
      where: { id },
      data: {
        status: 'ok',
        finishedAt: now,
        error: null,
        sizeBytes: BigInt(outcome.sizeBytes),
        schemaVersion: outcome.schemaVersion,
        tablesDone: outcome.tablesDone,
        tablesTotal: outcome.tablesTotal,
        rowsDone: BigInt(outcome.rowsDone),
      },
      select: { id: true },
    });
  }

  async fail(id: number, now: Date, error: string): Promise<void> {
    await this.prisma.backup.update({
      where: { id },
      data: { status: 'failed', finishedAt: now, error: error.slice(0, 1000) },
      select: { id: true },
    });
  }

  /**
   * Marks failed every running backup whose worker is gone (its lock is free) and returns their
   * file names, so the caller can remove what they left behind.
   */
  async failInterrupted(now: Date): Promise<{ id: number; fileName: string | null }[]> {
    const running = await this.prisma.backup.findMany({
      where: { status: 'running' },
      select: { id: true, fileName: true },
    });
    const failed: { id: number; fileName: string | null }[] = [];
    for (const row of running) {
      const taken = await this.prisma.$transaction(async (tx) => {
        // Raw SQL: Prisma has no API for advisory locks.
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${BACKUP_LOCK_NAMESPACE}::int, ${row.id}::int) AS locked`;
        if (!lock?.locked) return false;
        const { count } = await tx.backup.updateMany({
          where: { id: row.id, status: 'running' },
          data: {
            status: 'failed',
            finishedAt: now,
            error: 'interrupted: the worker stopped during the backup',
          },
        });
        return count > 0;
      });
      if (taken) failed.push(row);
    }
    return failed;
  }

  /** Backups requested before `cutoff` that are finished (ok or failed): the retention candidates. */
  finishedBefore(cutoff: Date): Promise<{ id: number; fileName: string | null; status: string }[]> {
    return this.prisma.backup.findMany({
      where: { status: { in: ['ok', 'failed'] }, requestedAt: { lt: cutoff } },
      select: { id: true, fileName: true, status: true },
    });
  }

  async runningFileNames(): Promise<string[]> {
    const rows = await this.prisma.backup.findMany({
      where: { status: 'running', fileName: { not: null } },
      select: { fileName: true },
    });
    return rows.map((r) => r.fileName!);
  }

  async delete(ids: number[]): Promise<void> {
    await this.prisma.backup.deleteMany({ where: { id: { in: ids } } });
  }
}
