#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '@timetracker/core';
import { ConfigError, loadStartupConfig, type StartupConfig } from './config';
import { readNewPassword, setPassword } from './set-password';
import { backupCommand, restoreCommand } from './backup/cli-backup';
import { resolveDatabase } from './database';
import { withDatabase } from './db';
import { launch, printCredentials } from './launcher';
import { createMigration } from './migrations/create';
import { datamodel, diffScript, emptySchema, withSchemaEngine } from './migrations/schema-engine';
import { migrationStatus, formatMigrationStatus } from './migrations/status';
import { rollbackLast, RollbackRefusedError } from './migrations/rollback';
import { loadSchemaSources, runStartup, VerifyFailedError } from './pipeline';
import { consoleReporter, errorMessage, silentReporter, type Reporter } from './report';
import { formatVerifyReport, verifyDatabase } from './verify';
import { DatabaseUnreachableError, waitForDatabase } from './wait';

const HELP = `timetracker — start and maintain a TimeTracker database

Usage: timetracker <command> [options]   (or: npm run <script> -- [options])

Commands:
  start                    Embedded PostgreSQL (when DATABASE_URL is unset), startup, then API + worker.
                           npm start
  startup                  Run the startup pipeline once: wait, lock, adopt, migrate, sql, seed, verify.
                           Exit 0 only when verify passes.                        npm run startup
  verify [--json]          Compare the live database with the schema. Exit 0 ok, 1 mismatch,
                           2 cannot connect.                                      npm run db:verify
  status [--json]          Applied and pending migrations. Exit 1 if any is pending or failed.
                                                                                  npm run db:status
  migration <name> [--empty]
                           Create prisma/migrations/<timestamp>_<name>/ from the change to
                           schema.prisma (offline), with down.sql and a schema snapshot.
                                                                                  npm run db:migration -- <name>
  rollback [--force]       Revert the last applied migration with its down.sql, in one transaction.
                           Refuses when it would drop data unless --force.      npm run db:rollback
  schema-sql               Print the SQL that creates what schema.prisma declares, from nothing
                           (offline; used by the drift check).
  user:set-password <username>
                           Set a user's password (e.g. an account adopted from the old app): typed
                           twice on a terminal, or the first line of standard input. Signs the user
                           out everywhere.                   npm run user:set-password -- <username>
  backup                   Write a backup now into BACKUP_DIR (every table from one snapshot, compressed,
                           with a manifest and checksums); no worker and no pg_dump needed.
                                                                                  npm run backup:create
  restore <file> [--force] [--yes]
                           Restore a backup: checks every checksum first, refuses an archive newer than
                           this code, loads it at its schema version, then applies later migrations.
                           Into an empty database; --force replaces a database that is not empty
                           (asks to type its name, or --yes). Exit 65 corrupt/mismatched archive,
                           1 refused.                                           npm run backup:restore -- <file>
  help                     This text.

Environment: DATABASE_URL, STARTUP_WAIT_TIMEOUT_MS, ADMIN_USERNAME, ADMIN_PASSWORD, DATA_DIR,
EMBEDDED_PG_PORT, PRISMA_DIR, BACKUP_DIR, PORT, HOST — see .env.example.`;

/** verify/status answer quickly: a missing server is "cannot connect" (exit 2), not a long wait. */
const QUICK_CONNECT_MS = 3_000;

async function withConnection<T>(
  config: StartupConfig,
  reporter: Reporter,
  use: (url: string) => Promise<T>,
): Promise<T> {
  const database = await resolveDatabase(config, reporter);
  try {
    return await use(database.url);
  } finally {
    await database.release();
  }
}

async function quickConnect(url: string) {
  return waitForDatabase(url, {
    timeoutMs: QUICK_CONNECT_MS,
    reporter: silentReporter,
    createIfMissing: false,
  });
}

async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const args = rest.filter((a) => !a.startsWith('--'));
  const json = flags.has('--json');
  if (command === 'help' || flags.has('--help')) {
    console.log(HELP);
    return 0;
  }
  const config = loadStartupConfig();
  // In --json mode stdout carries only the report; progress goes to stderr.
  const reporter: Reporter = json
    ? {
        info: (m) => console.error(`[startup] ${m}`),
        warn: (m) => console.error(`[startup] warning: ${m}`),
        error: (m) => console.error(`[startup] error: ${m}`),
      }
    : consoleReporter;

  switch (command) {
    case 'start':
      return launch(config, reporter);

    case 'startup':
      return withConnection(config, reporter, async (url) => {
        const result = await runStartup({
          databaseUrl: url,
          prismaDir: config.prismaDir,
          waitTimeoutMs: config.waitTimeoutMs,
          adminUsername: config.adminUsername,
          adminPassword: config.adminPassword,
          reporter,
        });
        if (result.seed.adminCredentials) printCredentials(result.seed.adminCredentials);
        return 0;
      });

    case 'verify':
      return withConnection(config, reporter, async (url) => {
        const client = await quickConnect(url);
        try {
          const { migrations, sqlFiles } = loadSchemaSources(config.prismaDir);
          const report = await verifyDatabase(client, migrations, sqlFiles);
          console.log(json ? JSON.stringify(report, null, 2) : formatVerifyReport(report));
          return report.ok ? 0 : 1;
        } finally {
          await client.end();
        }
      });

    case 'status':
      return withConnection(config, reporter, async (url) => {
        const client = await quickConnect(url);
        try {
          const status = await migrationStatus(client, loadSchemaSources(config.prismaDir).migrations);
          console.log(json ? JSON.stringify(status, null, 2) : formatMigrationStatus(status));
          return status.pending.length || status.failed.length || status.problems.length ? 1 : 0;
        } finally {
          await client.end();
        }
      });

    case 'migration': {
      const name = args[0];
      if (!name) {
        console.error('usage: npm run db:migration -- <name>');
        return 64;
      }
      return withConnection(config, reporter, async (url) => {
        const result = await createMigration(config.prismaDir, withDatabase(url, 'postgres'), name, {
          allowEmpty: flags.has('--empty'),
        });
        if (!result.created) {
          console.log(
            'schema.prisma has not changed since the last migration: nothing to create (use --empty for a hand-written one)',
          );
          return 0;
        }
        console.log(`created ${result.dir}\n\n${result.up}`);
        return 0;
      });
    }

    case 'user:set-password': {
      const username = args[0];
      if (!username) {
        console.error('usage: npm run user:set-password -- <username>');
        return 64;
      }
      return withConnection(config, reporter, async (url) => {
        const password = await readNewPassword();
        try {
          const name = await setPassword(url, username, password);
          console.log(`password set for "${name}"; their sessions were signed out`);
          return 0;
        } catch (err) {
          if (err instanceof DomainError) {
            const fields = err.extra.fieldErrors?.map((f) => `${f.path} ${f.message}`).join('; ');
            console.error(`[startup] error: ${err.message}${fields ? `: ${fields}` : ''}`);
            return err.code === 'NOT_FOUND' ? 1 : 65;
          }
          throw err;
        }
      });
    }

    case 'backup':
      return withConnection(config, reporter, async (url) => {
        // Fails fast (exit 2) when the server is not there, instead of a long COPY error.
        await (await quickConnect(url)).end();
        return backupCommand(config, url, reporter);
      });

    case 'restore': {
      const file = args[0];
      if (!file) {
        console.error('usage: npm run backup:restore -- <file> [--force] [--yes]');
        return 64;
      }
      return withConnection(config, reporter, (url) =>
        restoreCommand(config, url, file, { force: flags.has('--force'), yes: flags.has('--yes') }, reporter),
      );
    }

    case 'schema-sql':
      return withConnection(config, reporter, async (url) => {
        const schema = readFileSync(path.join(config.prismaDir, 'schema.prisma'), 'utf8');
        const sql = await withSchemaEngine(withDatabase(url, 'postgres'), schema, (engine) =>
          diffScript(engine, emptySchema, datamodel(schema)),
        );
        process.stdout.write(sql);
        return 0;
      });

    case 'rollback':
      return withConnection(config, reporter, async (url) => {
        const client = await quickConnect(url);
        try {
          const { migrations } = loadSchemaSources(config.prismaDir);
          const result = await rollbackLast(client, migrations, { force: flags.has('--force') });
          console.log(
            `rolled back ${result.migration}${result.droppedData.length ? ` (dropped ${result.droppedData.join(', ')})` : ''}`,
          );
          return 0;
        } finally {
          await client.end();
        }
      });

    default:
      console.error(`unknown command "${command}"\n\n${HELP}`);
      return 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    if (err instanceof DatabaseUnreachableError) {
      console.error(`[startup] error: ${err.message}`);
      process.exit(2);
    }
    if (err instanceof VerifyFailedError || err instanceof RollbackRefusedError) {
      console.error(`[startup] error: ${err.message}`);
      process.exit(1);
    }
    console.error(`[startup] error: ${errorMessage(err)}`);
    process.exit(1);
  },
);
