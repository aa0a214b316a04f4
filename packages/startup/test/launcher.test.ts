import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../src/testing';
import { cliPath } from './support';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tt-launch-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The process group of a process (the fifth field of /proc/<pid>/stat, after the command). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/**
 * `npm start` as a user runs it: the launcher with its apps, stopped with Ctrl-C. A terminal
 * sends Ctrl-C's SIGINT to the whole foreground process group (launcher, apps, PostgreSQL), so
 * the launcher runs in a group of its own and `stop` signals that group.
 */
async function launch(env: Record<string, string>) {
  const child = spawn(process.execPath, [cliPath, 'start'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('TimeTracker is running')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`launcher did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      process.kill(-child.pid!, 'SIGINT');
      // npm, in the same group, gets that Ctrl-C too and forwards it to its child: a second
      // SIGINT reaches the launcher while it stops, which must not kill it mid-shutdown.
      while (!output.includes('stopping') && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 20));
      }
      try {
        process.kill(child.pid!, 'SIGINT');
      } catch {
        // already gone
      }
      return exited;
    },
  };
}

describe('npm start', () => {
  it('runs embedded PostgreSQL, startup, API and worker; prints the password once; Ctrl-C stops cleanly', async () => {
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(await freePort()),
      DATABASE_URL: '',
    };

    const first = await launch(env);
    expect(first.output()).toContain('embedded PostgreSQL started');
    expect(first.output()).toMatch(/First admin: "admin" {2}password: \S{20}/);
    expect(first.output()).toContain(`TimeTracker is running: http://localhost:${port}`);
    const ready = await fetch(`http://127.0.0.1:${port}/api/v1/health/ready`);
    expect(ready.status).toBe(200);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('<div id="root">');
    expect(first.output()).toContain('worker ready');
    // The embedded server runs with the settings we give it (see embedded.ts).
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'embedded-postgres.json'), 'utf8'));
    const server = new Client({
      host: '127.0.0.1',
      port: Number(env.EMBEDDED_PG_PORT),
      user: credentials.user,
      password: credentials.password,
      database: 'postgres',
    });
    await server.connect();
    try {
      expect((await server.query('SHOW wal_buffers')).rows[0].wal_buffers).toBe('16MB');
    } finally {
      await server.end();
    }
    // Out of reach of a terminal's Ctrl-C: PostgreSQL is not in the group that `npm start` runs in.
    const postmaster = Number(
      readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    expect(processGroup(postmaster)).not.toBe(first.pid);
    const running = first.output().length;
    expect(await first.stop()).toBe(0);
    // Ctrl-C reaches only the launcher's shell; the launcher stops the apps (their jobs finish
    // against a live database), then PostgreSQL, and nothing reports an error.
    expect(first.output().slice(running)).not.toMatch(/"level":(50|60)|ERROR|exited \(/);

    // Data is kept across restarts; the generated password is never printed again.
    const second = await launch(env);
    expect(second.output()).not.toContain('First admin');
    expect(second.output()).toContain('migrate: up to date');
    expect(second.output()).toContain('seed: nothing to insert');
    expect(await second.stop()).toBe(0);
  });

  it('uses DATABASE_URL when it is set, with no embedded server', async () => {
    const db = await createEmptyDatabase();
    try {
      const port = await freePort();
      const run = await launch({
        DATABASE_URL: db.url,
        PORT: String(port),
        ADMIN_PASSWORD: 'a-long-test-password',
      });
      expect(run.output()).not.toContain('embedded PostgreSQL');
      // A person's terminal (turbo gives the apps a pipe): short lines, not JSON.
      expect(run.output()).toMatch(/\d\d:\d\d:\d\d INFO {2}API listening on/);
      expect(run.output()).not.toContain('{"level"');
      expect(run.output()).toContain('First admin: "admin"  password: a-long-test-password');
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/health/ready`)).status).toBe(200);
      const before = run.output().length;
      expect(await run.stop()).toBe(0);
      // Stopping is orderly: apps first, then the database; no job or app reports an error.
      const stopping = run.output().slice(before);
      expect(stopping).not.toMatch(/"level":(50|60)|ERROR|exited \(/);
    } finally {
      await db.drop();
    }
  });
});
