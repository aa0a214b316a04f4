import type { BackupPage, BackupResponse, BackupListQuery } from '@timetracker/contracts';
import { lstat, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { backupFilePath, isRegularFileSync } from './backup-files';
import { backupFileName, dailyBackupDue } from './backup-schedule';
import { temporaryFiles, writeBackup } from './backup-writer';
import type { BackupRow, BackupsRepository } from './backups.repository';

const DAY_MS = 86_400_000;

export interface BackupsConfig {
  /** Where archives are written (BACKUP_DIR), shared by the worker that writes and the API that serves. */
  backupDir: string;
  /** The database to back up (the worker's DATABASE_URL). */
  databaseUrl: string;
}

export interface BackupDownload {
  path: string;
  fileName: string;
  sizeBytes: number;
}

export function toBackupView(row: BackupRow, backupDir: string): BackupResponse {
  return {
    id: row.id,
    trigger: row.trigger as BackupResponse['trigger'],
    status: row.status as BackupResponse['status'],
    requestedAt: row.requestedAt.toISOString(),
    requestedBy: row.requester,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    fileName: row.fileName,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    schemaVersion: row.schemaVersion,
    progress: { tablesDone: row.tablesDone, tablesTotal: row.tablesTotal, rowsDone: Number(row.rowsDone) },
    error: row.error,
    downloadable: row.status === 'ok' && isRegularFileSync(backupFilePath(backupDir, row.fileName)),
  };
}

/**
 * Backups (ARCHITECTURE §4). Admins list them, ask for one now and download them (API); the
 * worker requests the daily one at settings.backup_time in settings.timezone, claims requested
 * backups (one worker each), writes them and applies the retention after a success.
 */
export class BackupsService {
  constructor(
    private readonly repository: BackupsRepository,
    private readonly config: BackupsConfig,
    /** host:pid, recorded with each backup. */
    private readonly worker = `pid:${process.pid}`,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(actor: Principal, query: BackupListQuery): Promise<BackupPage> {
    authorize(actor, 'backups.manage');
    const { rows, total } = await this.repository.page((query.page - 1) * query.pageSize, query.pageSize);
    return {
      items: rows.map((r) => toBackupView(r, this.config.backupDir)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(actor: Principal, id: number): Promise<BackupResponse> {
    authorize(actor, 'backups.manage');
    const row = await this.repository.find(id);
    if (!row) throw DomainError.notFound('Backup');
    return toBackupView(row, this.config.backupDir);
  }

  /** Asks the workers for a backup now; one of them picks it up within seconds. */
  async request(actor: Principal, now: Date): Promise<BackupResponse> {
    authorize(actor, 'backups.manage');
    return toBackupView(await this.repository.requestManual(actor.userId, now), this.config.backupDir);
  }

  async download(actor: Principal, id: number): Promise<BackupDownload> {
    authorize(actor, 'backups.manage');
    const row = await this.repository.find(id);
    if (!row) throw DomainError.notFound('Backup');
    if (row.status !== 'ok' || !row.fileName) {
      throw new DomainError(
        'INVALID_STATE',
        `Backup ${id} is ${row.status}: only a finished backup can be downloaded`,
      );
    }
    // The name comes from the database (and a restored archive brings its own rows): only a
    // plain file name in the backup folder is served, and only a regular file, not a symlink.
    const file = backupFilePath(this.config.backupDir, row.fileName);
    if (!file) throw new DomainError('NOT_FOUND', `The file of backup ${id} is not in the backup folder`);
    const info = await lstat(file).catch(() => null);
    if (!info?.isFile())
      throw new DomainError('NOT_FOUND', `The file of backup ${id} is no longer in the backup folder`);
    return { path: file, fileName: row.fileName, sizeBytes: info.size };
  }

  /**
   * The worker's minutely check: requests today's scheduled backup once its due time (backup_time
   * in the settings zone, that local day) has passed, unless one was already requested for this
   * local day. A backup missed while no worker ran is made when one comes back, the same day.
   */
  async requestScheduled(now: Date): Promise<{ requested: number }> {
    const settings = await this.repository.settings();
    if (!settings) return { requested: 0 };
    const { due, dayStart, dayEnd } = dailyBackupDue(now, settings.backupTime, settings.timezone);
    if (now.getTime() < due.getTime()) return { requested: 0 };
    if (await this.repository.scheduledBetween(dayStart, dayEnd)) return { requested: 0 };
    return { requested: (await this.repository.requestScheduled(due, now)) ? 1 : 0 };
  }

  /**
   * The worker's frequent poll: records backups interrupted by a dead worker as failed (and
   * deletes their leftovers), then makes the oldest requested backup, if any. One per call, so
   * a worker asked to stop starts nothing new; the next poll takes the next one.
   */
  async runRequested(): Promise<{ made: number; failed: number; interrupted: number }> {
    const interrupted = await this.failInterrupted();
    const claimed = await this.repository.claimNext(
      { worker: this.worker, now: this.clock(), fileName: (id, at) => backupFileName(at, id) },
      (row) => this.make(row),
    );
    const made = claimed?.value === true ? 1 : 0;
    const failed = claimed?.value === false ? 1 : 0;
    return { made, failed, interrupted };
  }

  async failInterrupted(): Promise<number> {
    const rows = await this.repository.failInterrupted(this.clock());
    for (const row of rows) {
      // Never a file outside the backup folder, whatever name the row holds.
      const file = backupFilePath(this.config.backupDir, row.fileName);
      if (!file) continue;
      // The worker may have died after the rename and before recording success: that file goes too,
      // so that a failed backup never leaves a file behind.
      const files = [...temporaryFiles(this.config.backupDir, row.fileName!), file];
      await Promise.all(files.map((f) => unlink(f).catch(() => {})));
    }
    return rows.length;
  }

  /** Writes one claimed backup; true when it succeeded. Failures are recorded, never thrown. */
  private async make(row: BackupRow): Promise<boolean> {
    try {
      let lastReport = 0;
      let lastTables = -1;
      const written = await writeBackup({
        databaseUrl: this.config.databaseUrl,
        dir: this.config.backupDir,
        fileName: row.fileName!,
        backupId: row.id,
        onProgress: async (p) => {
          // Once per table finished, and at most once a second while a big one is copied.
          if (p.tablesDone === lastTables && Date.now() - lastReport < 1000) return;
          lastReport = Date.now();
          lastTables = p.tablesDone;
          await this.repository.progress(row.id, p);
        },
      });
      const { manifest } = written;
      await this.repository.succeed(row.id, this.clock(), {
        sizeBytes: written.sizeBytes,
        schemaVersion: manifest.schemaVersion,
        tablesDone: manifest.tables.length,
        tablesTotal: manifest.tables.length,
        rowsDone: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
      });
    } catch (err) {
      await this.repository.fail(row.id, this.clock(), errorMessage(err));
      return false;
    }
    await this.applyRetention();
    return true;
  }

  /**
   * Keeps settings.backup_retention_days: deletes older backups (file and row). Called only
   * after a successful backup, so a run of failures never leaves the instance without one.
   */
  async applyRetention(): Promise<{ deleted: number }> {
    const settings = await this.repository.settings();
    if (!settings) return { deleted: 0 };
    const cutoff = new Date(this.clock().getTime() - settings.backupRetentionDays * DAY_MS);
    const old = await this.repository.finishedBefore(cutoff);
    for (const row of old) {
      // A name that is not a plain file name in the folder deletes nothing (the row still goes).
      const file = backupFilePath(this.config.backupDir, row.fileName);
      if (file) await unlink(file).catch(() => {});
    }
    await this.repository.delete(old.map((r) => r.id));
    await this.removeStrayTemporaries();
    return { deleted: old.length };
  }

  /** Temporary files no running backup owns (left by a process killed outright). */
  private async removeStrayTemporaries(): Promise<void> {
    const names = await readdir(this.config.backupDir).catch(() => [] as string[]);
    const owned = new Set(
      (await this.repository.runningFileNames())
        .filter((f) => backupFilePath(this.config.backupDir, f) !== null)
        .flatMap((f) => temporaryFiles(this.config.backupDir, f)),
    );
    for (const name of names) {
      const file = path.join(this.config.backupDir, name);
      if (/^\.timetracker-backup-.*\.(?:partial|spool)$/.test(name) && !owned.has(file)) {
        await unlink(file).catch(() => {});
      }
    }
  }
}

function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message.trim().split('\n').at(-1) ?? 'unknown error').slice(0, 1000);
}
