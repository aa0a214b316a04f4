import { lstatSync } from 'node:fs';
import { chmod, lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * A name a backup archive may have: one plain file name, no folder, not hidden (the temporary
 * files start with a dot). Names read back from backups.file_name are untrusted: a restored
 * archive brings its own rows, and `../x` joined to BACKUP_DIR would name a file elsewhere.
 */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** The archive's path inside `dir`, or null when `name` is not a plain file name. */
export function backupFilePath(dir: string, name: string | null | undefined): string | null {
  if (typeof name !== 'string' || !PLAIN_NAME.test(name)) return null;
  const folder = path.resolve(dir);
  const file = path.join(folder, name);
  return path.dirname(file) === folder ? file : null;
}

/** Like backupFilePath, for names the code itself chose: anything else is a bug, so it throws. */
export function requireBackupFilePath(dir: string, name: string): string {
  const file = backupFilePath(dir, name);
  if (!file) throw new Error(`${JSON.stringify(name)} is not a plain file name for a backup`);
  return file;
}

/** Whether `file` is a regular file (a symlink planted in the folder does not count). */
export function isRegularFileSync(file: string | null): boolean {
  return file !== null && (lstatSync(file, { throwIfNoEntry: false })?.isFile() ?? false);
}

/**
 * Creates BACKUP_DIR as 0700 (archives hold password and token hashes) and tightens an existing
 * one this process owns. A sticky shared folder (such as /tmp) is left as it is: its mode is
 * not ours to change; the archives themselves are 0600 either way.
 */
export async function prepareBackupDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  const ours = typeof process.getuid !== 'function' || info.uid === process.getuid();
  if (info.isDirectory() && ours && (info.mode & 0o077) !== 0 && (info.mode & 0o1000) === 0) {
    await chmod(dir, 0o700);
  }
}
