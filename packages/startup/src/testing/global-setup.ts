import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, quoteIdent, withDatabase } from '../db';
import { startEmbeddedPostgres, type EmbeddedServer } from '../embedded';
import { findRepoRoot } from '../paths';
import { runStartup } from '../pipeline';
import { silentReporter } from '../report';
import { ENV_RUN_ID, ENV_SERVER_URL, ENV_TEMPLATE, TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME } from './server';

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
 * Vitest global setup: a PostgreSQL server for the whole run (TEST_DATABASE_URL's, or an
 * embedded one in a temporary folder) and a template database prepared by the startup
 * pipeline itself, which every test file clones.
 */
async function setup(): Promise<() => Promise<void>> {
  const runId = randomBytes(3).toString('hex');
  let embedded: EmbeddedServer | undefined;
  let tempDir: string | undefined;
  let server: string;
  const external = process.env.TEST_DATABASE_URL?.trim();
  if (external) {
    server = withDatabase(external, 'postgres');
  } else {
    tempDir = mkdtempSync(path.join(tmpdir(), 'timetracker-test-'));
    embedded = await startEmbeddedPostgres({
      baseDir: tempDir,
      port: await freePort(),
      reporter: silentReporter,
      ephemeral: true,
    });
    server = embedded.serverUrl;
  }
  const template = `tt_${runId}_template`;
  const admin = await connect(server);
  await admin.query(`CREATE DATABASE ${quoteIdent(template)}`);
  await runStartup({
    databaseUrl: withDatabase(server, template),
    prismaDir: path.join(findRepoRoot(), 'prisma'),
    waitTimeoutMs: 10_000,
    adminUsername: TEST_ADMIN_USERNAME,
    adminPassword: TEST_ADMIN_PASSWORD,
    reporter: silentReporter,
  });
  process.env[ENV_SERVER_URL] = server;
  process.env[ENV_TEMPLATE] = template;
  process.env[ENV_RUN_ID] = runId;

  return async () => {
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`tt\\_${runId}\\_%`],
      );
      for (const r of rows)
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(r.datname)} WITH (FORCE)`);
    } finally {
      await admin.end();
      await embedded?.stop();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    }
  };
}

// `export =` makes module.exports the function itself, which is what vitest's loader calls
// `default` when it imports this CommonJS file.
export = setup;
