import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real filesystem of a few megabytes that fills up: writes past its size fail with ENOSPC. */
export interface SmallFilesystem {
  /** Where it is mounted (an empty, sticky folder like /tmp; make a folder in it for backups). */
  dir: string;
  /** Grows (or shrinks, if what is stored fits) the filesystem, keeping its files. */
  resize(size: string): void;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `size` (`2m`, `512k`) on a new temporary folder. Needs root (or
 * CAP_SYS_ADMIN), as in CI and the development machines. A loop-mounted image or /dev/full
 * would also fail writes, but only a filesystem that really fills up shows what a full disk
 * does to a backup: earlier writes succeed, the one that does not fit fails, deleted files give
 * their space back.
 */
export function mountSmallFilesystem(size: string): SmallFilesystem {
  const dir = mkdtempSync(path.join(tmpdir(), 'tt-small-fs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let mounted = true;
  return {
    dir,
    resize(newSize) {
      execFileSync('mount', ['-o', `remount,size=${newSize}`, dir], { stdio: 'pipe' });
    },
    unmount() {
      if (!mounted) return;
      execFileSync('umount', [dir], { stdio: 'pipe' });
      mounted = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Why a small filesystem cannot be mounted here (not root, no mount in the sandbox), or null
 * when it can: tests that need one skip with this message instead of failing.
 */
export function smallFilesystemUnavailable(): string | null {
  try {
    mountSmallFilesystem('64k').unmount();
    return null;
  } catch (err) {
    const detail = (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
    return `cannot mount a small tmpfs to fill up (needs root): ${detail}`;
  }
}
