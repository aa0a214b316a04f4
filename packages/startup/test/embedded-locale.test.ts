import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, quoteIdent, withDatabase } from '../src/db';
import { startEmbeddedPostgres, warnIfCaseFoldingIsAsciiOnly, type EmbeddedServer } from '../src/embedded';
import { findRepoRoot } from '../src/paths';
import { runStartup } from '../src/pipeline';
import { memoryReporter, silentReporter } from '../src/report';
import { newDatabaseName, testServerUrl } from '../src/testing';

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

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('embedded PostgreSQL case folding', () => {
  it('treats CAFÉ and café as one tag name in a fresh cluster', async () => {
    const baseDir = mkdtempSync(path.join(tmpdir(), 'tt-embedded-locale-'));
    cleanups.push(async () => rmSync(baseDir, { recursive: true, force: true }));
    const server: EmbeddedServer = await startEmbeddedPostgres({
      baseDir,
      port: await freePort(),
      reporter: silentReporter,
      ephemeral: true,
    });
    cleanups.push(() => server.stop());
    const admin = await connect(server.serverUrl);
    await admin.query('CREATE DATABASE timetracker');
    await admin.end();
    const url = withDatabase(server.serverUrl, 'timetracker');
    await runStartup({
      databaseUrl: url,
      prismaDir: path.join(findRepoRoot(), 'prisma'),
      waitTimeoutMs: 10_000,
      adminUsername: 'admin',
      adminPassword: 'locale-test-password',
      reporter: silentReporter,
    });

    const client = await connect(url);
    try {
      await client.query(`INSERT INTO tags (name) VALUES ('CAFÉ')`);
      await expect(client.query(`INSERT INTO tags (name) VALUES ('café')`)).rejects.toMatchObject({
        code: '23505',
      });
    } finally {
      await client.end();
    }
    const reporter = memoryReporter();
    await warnIfCaseFoldingIsAsciiOnly(server.serverUrl, server.dataDir, reporter);
    expect(reporter.lines).toEqual([]);
  });

  it('warns, with the way out, about a database whose case folding is ASCII only', async () => {
    const name = newDatabaseName('ctype_c');
    const admin = await connect(testServerUrl());
    await admin.query(
      `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 LOCALE_PROVIDER libc LOCALE 'C'`,
    );
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await admin.end();
    });
    const reporter = memoryReporter();
    await warnIfCaseFoldingIsAsciiOnly(withDatabase(testServerUrl(), name), '/data/postgres', reporter);
    expect(reporter.lines).toHaveLength(1);
    expect(reporter.lines[0]).toMatch(/^warning: .*\/data\/postgres.*C character type.*CAFÉ and café/);
    expect(reporter.lines[0]).toContain('npm run backup:restore');
  });
});
