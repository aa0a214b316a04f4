import { createInterface } from 'node:readline/promises';
import path from 'node:path';
import { BackupWriteError, CorruptBackupError, writeBackup, type WrittenBackup } from '@timetracker/core';
import type { StartupConfig } from '../config';
import type { Reporter } from '../report';
import { restoreBackup, RestoreFailedError, RestoreRefusedError } from './restore';

/**
 * `timetracker backup`: a backup now, into BACKUP_DIR, from the CLI (no worker needed). Exit 0
 * written; 1 failed (a write error such as a full disk is named in words; nothing is left
 * behind, older backups are untouched).
 */
export async function backupCommand(config: StartupConfig, url: string, reporter: Reporter): Promise<number> {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  let written: WrittenBackup;
  try {
    written = await writeBackup({
      databaseUrl: url,
      dir: config.backupDir,
      fileName: `timetracker-backup-${stamp}-cli.tar`,
      onProgress: (p) => {
        if (p.tablesDone > 0)
          reporter.info(`backup: ${p.tablesDone}/${p.tablesTotal} tables, ${p.rowsDone} rows`);
      },
    });
  } catch (err) {
    if (!(err instanceof BackupWriteError)) throw err;
    console.error(
      `[backup] error: ${err.message}; no backup was written, nothing is left behind ` +
        `and the older backups are untouched`,
    );
    return 1;
  }
  const rows = written.manifest.tables.reduce((s, t) => s + t.rows, 0);
  console.log(
    `backup written: ${written.file} (${written.sizeBytes} bytes, ${written.manifest.tables.length} tables, ` +
      `${rows} rows, schema ${written.manifest.schemaVersion})`,
  );
  return 0;
}

/**
 * `timetracker restore <file> [--force] [--yes]`. Exit codes: 0 restored, 1 refused (database
 * not empty, not confirmed) or failed (the cause is printed; the database is as it was), 65 the
 * archive is corrupt or tampered with, newer than this code or does not match it.
 */
export async function restoreCommand(
  config: StartupConfig,
  url: string,
  file: string,
  flags: { force: boolean; yes: boolean },
  reporter: Reporter,
): Promise<number> {
  try {
    const result = await restoreBackup({
      file: path.resolve(file),
      databaseUrl: url,
      prismaDir: config.prismaDir,
      force: flags.force,
      waitTimeoutMs: config.waitTimeoutMs,
      adminUsername: config.adminUsername,
      adminPassword: config.adminPassword,
      reporter,
      confirm: flags.yes ? undefined : confirmOnTerminal,
    });
    console.log(
      `restored ${result.rows} rows into ${result.tables} tables from the backup of ${result.manifest.createdAt}` +
        (result.laterMigrations.length
          ? `; then applied ${result.laterMigrations.length} later migration(s)`
          : ''),
    );
    return 0;
  } catch (err) {
    if (err instanceof CorruptBackupError) {
      console.error(
        `[restore] error: the archive is corrupt or tampered with, nothing was changed: ${err.message}`,
      );
      return 65;
    }
    if (err instanceof RestoreFailedError) {
      console.error(`[restore] error: ${err.message}`);
      return 1;
    }
    if (err instanceof RestoreRefusedError) {
      console.error(`[restore] error: ${err.message}`);
      return err.reason === 'archive' ? 65 : 1;
    }
    throw err;
  }
}

/** On a terminal, the operator types the database's name; elsewhere --yes is required. */
async function confirmOnTerminal(what: { database: string; relations: number }): Promise<boolean> {
  if (!process.stdin.isTTY) {
    console.error(
      `[restore] database "${what.database}" is not empty; not on a terminal to confirm: pass --yes with --force`,
    );
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(
      `This REPLACES everything in database "${what.database}" (${what.relations} relations) with the backup.\n` +
        `Type the database name to confirm: `,
    );
    return answer.trim() === what.database;
  } finally {
    rl.close();
  }
}
