import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, type TestDatabase } from '../src/testing';
import { repoRoot } from './support';

const linked = path.join(repoRoot, 'node_modules', '.bin', 'timetracker');

/** Runs `node_modules/.bin/timetracker`, as npx and the root scripts do. */
function timetracker(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(linked, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the timetracker command', () => {
  it('is a file in git, which npm links at install time (before any build made dist/)', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'packages/startup/package.json'), 'utf8'));
    const bin = path.join('packages/startup', manifest.bin.timetracker as string);
    expect(bin).not.toMatch(/\/dist\//);
    const tracked = execFileSync('git', ['ls-files', '--error-unmatch', bin], { cwd: repoRoot }).toString();
    expect(tracked.trim()).toBe(bin);
    expect(existsSync(linked)).toBe(true);
    expect(realpathSync(linked)).toBe(realpathSync(path.join(repoRoot, bin)));
    // Every root script that calls it finds it by that name.
    const scripts = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts;
    for (const name of ['tt', 'user:set-password', 'backup:create', 'backup:restore'])
      expect(scripts[name], name).toMatch(/&& timetracker\b/);
  });

  describe('verify --json', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createEmptyDatabase();
    });
    afterAll(() => db?.drop());

    it('prints only the JSON report on stdout, whole, however long', async () => {
      // An empty database: every table is missing, a report of some 75 kB (more than a pipe holds).
      const result = await timetracker(['verify', '--json'], { DATABASE_URL: db.url });
      expect(result.code, result.stderr).toBe(1);
      const report = JSON.parse(result.stdout) as { ok: boolean; tables: unknown[] };
      expect(report.ok).toBe(false);
      expect(report.tables.length).toBeGreaterThan(10);
      expect(result.stdout.length).toBeGreaterThan(65_536);
    });
  });
});
