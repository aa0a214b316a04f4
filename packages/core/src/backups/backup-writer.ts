import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, unlinkSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ArchiveWriter } from './archive-writer';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  MANIFEST_ENTRY,
  tablePart,
  type BackupFile,
  type BackupManifest,
  type BackupTable,
} from './backup-archive';
import { prepareBackupDir, requireBackupFilePath } from './backup-files';
import { SnapshotRepository } from './snapshot.repository';

export interface BackupProgress {
  tablesDone: number;
  tablesTotal: number;
  rowsDone: number;
}

export interface WriteBackupOptions {
  databaseUrl: string;
  dir: string;
  fileName: string;
  /** Recorded in the manifest (null for a backup made outside the backups table, e.g. tests). */
  backupId?: number | null;
  /** Called after each table and, while a large table is copied, every second or so. */
  onProgress?: (progress: BackupProgress) => Promise<void> | void;
}

export interface WrittenBackup {
  file: string;
  sizeBytes: number;
  manifest: BackupManifest;
}

/** Names of the files a backup writes before it is complete (deleted on failure). */
export function temporaryFiles(dir: string, fileName: string): string[] {
  requireBackupFilePath(dir, fileName);
  return [path.join(dir, `.${fileName}.partial`), path.join(dir, `.${fileName}.spool`)];
}

/**
 * Writing the backup into BACKUP_DIR failed: full disk, I/O error, the folder gone or no longer
 * writable. The message says which, in words; nothing is left behind.
 */
export class BackupWriteError extends Error {
  override readonly name = 'BackupWriteError';
  constructor(
    readonly dir: string,
    readonly code: string,
    cause: Error,
  ) {
    super(`cannot write the backup into ${dir}: ${cause.message}`, { cause });
  }
}

/** Error codes of a filesystem that refuses a write (never those of a database connection). */
const WRITE_ERROR_CODES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EIO',
  'EROFS',
  'EFBIG',
  'ENOENT',
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'ESTALE',
]);

function asWriteError(dir: string, err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || err instanceof BackupWriteError) return err;
  if (typeof e.code !== 'string' || !WRITE_ERROR_CODES.has(e.code) || e.syscall === 'connect') return err;
  return new BackupWriteError(dir, e.code, err);
}

/** Temporary files of this process's backups: removed even when the process exits mid-run. */
const liveTemporaries = new Set<string>();
let exitHookInstalled = false;
function removeTemporariesOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const f of liveTemporaries) {
      try {
        unlinkSync(f);
      } catch {
        // already gone
      }
    }
  });
}

const PROGRESS_EVERY_MS = 1_000;

/**
 * Writes a backup of the database (ARCHITECTURE §4): every table from one READ ONLY REPEATABLE
 * READ snapshot, COPY text gzip-compressed per table, the uploaded files, then the manifest
 * (schema version, row counts, sha256 of every part). The archive is built under a hidden
 * temporary name and renamed to `fileName` only when complete and flushed to disk, so a file
 * with the final name is always a whole backup. Everything streams; no table is held in memory.
 * Files are 0600 in a 0700 folder: they hold password and token hashes. Any write error (full
 * disk, I/O error, the folder gone) fails the backup at once with a BackupWriteError, and the
 * temporary files go; other files in the folder are never touched.
 */
export async function writeBackup(options: WriteBackupOptions): Promise<WrittenBackup> {
  const { dir, fileName } = options;
  const finalPath = requireBackupFilePath(dir, fileName);
  const [partial, spool] = temporaryFiles(dir, fileName) as [string, string];
  await prepareBackupDir(dir).catch((err: unknown) => {
    throw asWriteError(dir, err);
  });
  if (existsSync(finalPath)) throw new Error(`${fileName} already exists in ${dir}`);
  removeTemporariesOnExit();
  liveTemporaries.add(partial);
  liveTemporaries.add(spool);

  let archive: ArchiveWriter | undefined;
  const snapshot = await SnapshotRepository.open(options.databaseUrl).catch((err: unknown) => {
    liveTemporaries.delete(partial);
    liveTemporaries.delete(spool);
    throw err;
  });
  try {
    const { takenAt, serverVersion } = await snapshot.describe();
    const migrations = await snapshot.appliedMigrations();
    const tables = await snapshot.tables();
    const sequences = await snapshot.sequences();

    archive = new ArchiveWriter(partial);
    const mtime = takenAt;

    const progress: BackupProgress = { tablesDone: 0, tablesTotal: tables.length, rowsDone: 0 };
    await options.onProgress?.({ ...progress });
    const written: BackupTable[] = [];
    for (const table of tables) {
      const counted = await archive.guard(
        spoolTable(snapshot.copyTable(table), spool, async (rows) => {
          await options.onProgress?.({ ...progress, rowsDone: progress.rowsDone + rows });
        }),
      );
      const part = tablePart(table.name);
      await archive.addFile(part, spool, mtime);
      // Each table gets a new spool file: its space is free again before the next table.
      await unlink(spool);
      written.push({
        name: table.name,
        columns: table.columns,
        orderBy: table.primaryKey,
        part,
        rows: counted.rows,
        bytes: counted.bytes,
        sha256: counted.sha256,
      });
      progress.tablesDone++;
      progress.rowsDone += counted.rows;
      await options.onProgress?.({ ...progress });
    }

    const files: BackupFile[] = [];
    for await (const f of snapshot.uploadedFiles()) {
      const ext =
        f.contentType
          .split('/')[1]
          ?.replace(/\+.*$/, '')
          .replace(/[^a-z0-9]/gi, '') || 'bin';
      const part = `files/${f.id}-${f.kind.replace(/[^a-z0-9_-]/gi, '_')}.${ext}`;
      await archive.addBuffer(part, f.data, mtime);
      const sha256 = createHash('sha256').update(f.data).digest('hex');
      files.push({ part, id: f.id, kind: f.kind, contentType: f.contentType, bytes: f.data.length, sha256 });
    }

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: takenAt.toISOString(),
      backupId: options.backupId ?? null,
      schemaVersion: migrations.at(-1)?.name ?? '',
      migrations,
      serverVersion,
      tables: written,
      sequences,
      files,
    };
    await archive.addBuffer(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2)), mtime);
    await archive.finish();
    await flushToDisk(partial);
    await rename(partial, finalPath);
    await flushToDisk(dir);
    return { file: finalPath, sizeBytes: (await stat(finalPath)).size, manifest };
  } catch (err) {
    // Closed before unlinking: an open descriptor would keep a deleted file's space in use.
    await archive?.abort();
    await Promise.all([unlink(partial), unlink(spool)].map((p) => p.catch(() => {})));
    throw asWriteError(dir, err);
  } finally {
    liveTemporaries.delete(partial);
    liveTemporaries.delete(spool);
    await snapshot.close();
  }
}

/** Streams one table's COPY output gzip-compressed into the spool file, counting and hashing it. */
async function spoolTable(
  copy: Readable,
  spool: string,
  onRows: (rows: number) => Promise<void>,
): Promise<{ rows: number; bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let rows = 0;
  let bytes = 0;
  let lastReport = Date.now();
  let reporting: Promise<void> = Promise.resolve();
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      // COPY text format ends every row with a newline (newlines inside values are escaped).
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
      if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = Date.now();
        const r = rows;
        reporting = reporting.then(() => onRows(r)).catch(() => {});
      }
      done(null, chunk);
    },
  });
  await pipeline(
    copy,
    meter,
    createGzip({ level: 6 }),
    createWriteStream(spool, { flags: 'wx', mode: 0o600 }),
  );
  await reporting;
  return { rows, bytes, sha256: hash.digest('hex') };
}

/** fsync, so that a rename after a power cut never points at an incomplete file. */
async function flushToDisk(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } catch {
    // some filesystems refuse fsync on a directory; the file itself was synced
  } finally {
    await handle.close();
  }
}
