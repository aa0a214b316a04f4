import { randomBytes } from 'node:crypto';
import { connect, quoteIdent, withDatabase } from '../db';

/** What the global setup hands to test workers, through the environment they inherit. */
export const ENV_SERVER_URL = 'TIMETRACKER_TEST_SERVER_URL';
export const ENV_TEMPLATE = 'TIMETRACKER_TEST_TEMPLATE';
export const ENV_RUN_ID = 'TIMETRACKER_TEST_RUN_ID';

/** The first admin of every test database (seeded by the startup pipeline into the template). */
export const TEST_ADMIN_USERNAME = 'admin';
export const TEST_ADMIN_PASSWORD = 'test-admin-password';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env[ENV_SERVER_URL];
  if (!url) {
    throw new Error(
      `no test database server: add globalSetup: ['@timetracker/startup/testing/global-setup'] to vitest.config`,
    );
  }
  return url;
}

/** Unique per run, so that parallel runs on one shared server never collide and leftovers can be swept. */
export function newDatabaseName(kind: string): string {
  const run = process.env[ENV_RUN_ID] ?? 'x';
  return `tt_${run}_${kind}_${randomBytes(4).toString('hex')}`;
}

async function create(name: string, template?: string): Promise<TestDatabase> {
  const server = serverUrl();
  const admin = await connect(server);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(
          `CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ''}`,
        );
        break;
      } catch (err) {
        // Two files cloning the template at the same instant: PostgreSQL briefly reports it busy.
        if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 50 + attempt * 25));
      }
    }
  } finally {
    await admin.end();
  }
  return { url: withDatabase(server, name), name, drop: () => dropDatabase(name) };
}

/** A fresh database cloned from the template the global setup migrated and seeded. */
export function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[ENV_TEMPLATE];
  if (!template) serverUrl();
  return create(newDatabaseName('db'), template);
}

/** A database with nothing in it, for tests of the startup pipeline itself. */
export function createEmptyDatabase(): Promise<TestDatabase> {
  return create(newDatabaseName('empty'));
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = await connect(serverUrl());
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export function testServerUrl(): string {
  return serverUrl();
}
