#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { backupCommand, restoreCommand } from './backup/cli-backup';
import {
  commandHelp,
  findCommand,
  generalHelp,
  parseArgs,
  UsageError,
  type CommandSpec,
  type ParsedArgs,
} from './cli-commands';
import { demoOptions, seedDemoCommand } from './cli-demo';
import { importCommand, importOptions } from './cli-import';
import { createAdminCommand, resetTwoFactorCommand, setPasswordCommand } from './cli-users';
import { ConfigError, loadStartupConfig, type StartupConfig } from './config';
import { resolveDatabase } from './database';
import { withDatabase } from './db';
import { launch, launchInOwnGroup, printCredentials } from './launcher';
import { createMigration } from './migrations/create';
import { datamodel, diffScript, emptySchema, withSchemaEngine } from './migrations/schema-engine';
import { migrationStatus, formatMigrationStatus } from './migrations/status';
import { rollbackLast, RollbackRefusedError } from './migrations/rollback';
import { loadSchemaSources, runStartup, VerifyFailedError } from './pipeline';
import { consoleReporter, errorMessage, silentReporter, type Reporter } from './report';
import { formatVerifyReport, verifyDatabase } from './verify';
import { DatabaseUnreachableError, waitForDatabase } from './wait';

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

const WASM_FLAG = '--experimental-wasm-modules';

/**
 * Node 20 loads the schema engine's WebAssembly only with a flag: rather than asking every
 * operator to pass it, the CLI runs itself again with it (stdio shared, same exit code).
 */
function rerunWithWasm(argv: string[]): number | undefined {
  const flagged = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].includes(WASM_FLAG);
  if (flagged) return undefined;
  const child = spawnSync(
    process.execPath,
    [WASM_FLAG, '--no-warnings', ...process.execArgv, __filename, ...argv],
    {
      stdio: 'inherit',
    },
  );
  return child.status ?? 1;
}

function usageError(spec: CommandSpec, message: string): number {
  console.error(`[startup] error: ${message}\n\n${commandHelp(spec)}`);
  return 64;
}

async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  if (name === '--help' || name === '-h') {
    console.log(generalHelp());
    return 0;
  }
  const spec = findCommand(name);
  if (!spec) {
    console.error(`[startup] error: unknown command "${name}"\n\n${generalHelp()}`);
    return 64;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(commandHelp(spec));
    return 0;
  }
  if (spec.name === 'help') {
    const about = rest[0] && findCommand(rest[0]);
    if (rest[0] && !about) {
      console.error(`[startup] error: unknown command "${rest[0]}"\n\n${generalHelp()}`);
      return 64;
    }
    console.log(about ? commandHelp(about) : generalHelp());
    return 0;
  }
  try {
    const parsed = parseArgs(spec, rest);
    if (spec.name === 'start') {
      const code = launchInOwnGroup(__filename, argv);
      if (code !== undefined) return await code;
    }
    if (spec.needsWasm) {
      const code = rerunWithWasm(argv);
      if (code !== undefined) return code;
    }
    return await run(spec, parsed);
  } catch (err) {
    if (err instanceof UsageError) return usageError(spec, err.message);
    throw err;
  }
}

async function run(spec: CommandSpec, { args, options }: ParsedArgs): Promise<number> {
  const json = options.has('--json');
  const config = loadStartupConfig();
  // In --json mode stdout carries only the report; progress goes to stderr.
  const reporter: Reporter = json
    ? {
        info: (m) => console.error(`[startup] ${m}`),
        warn: (m) => console.error(`[startup] warning: ${m}`),
        error: (m) => console.error(`[startup] error: ${m}`),
      }
    : consoleReporter;

  switch (spec.name) {
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

    case 'migration':
      return withConnection(config, reporter, async (url) => {
        const result = await createMigration(config.prismaDir, withDatabase(url, 'postgres'), args[0]!, {
          allowEmpty: options.has('--empty'),
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

    case 'create-admin':
      return withConnection(config, reporter, async (url) => {
        await (await quickConnect(url)).end();
        return createAdminCommand(url, args[0]!);
      });

    case 'set-password':
      return withConnection(config, reporter, async (url) => {
        await (await quickConnect(url)).end();
        return setPasswordCommand(url, args[0]!);
      });

    case 'reset-two-factor':
      return withConnection(config, reporter, async (url) => {
        await (await quickConnect(url)).end();
        return resetTwoFactorCommand(url, args[0]!);
      });

    case 'seed:demo': {
      const counts = demoOptions(options);
      return withConnection(config, reporter, async (url) => {
        const client = await quickConnect(url);
        try {
          return await seedDemoCommand(client, counts);
        } finally {
          await client.end();
        }
      });
    }

    case 'import': {
      const importing = importOptions(options);
      return withConnection(config, reporter, async (url) => {
        await (await quickConnect(url)).end();
        return importCommand(url, args[0]!, importing);
      });
    }

    case 'backup':
      return withConnection(config, reporter, async (url) => {
        // Fails fast (exit 2) when the server is not there, instead of a long COPY error.
        await (await quickConnect(url)).end();
        return backupCommand(config, url, reporter);
      });

    case 'restore':
      return withConnection(config, reporter, (url) =>
        restoreCommand(
          config,
          url,
          args[0]!,
          { force: options.has('--force'), yes: options.has('--yes') },
          reporter,
        ),
      );

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
          const result = await rollbackLast(client, migrations, { force: options.has('--force') });
          console.log(
            `rolled back ${result.migration}${result.droppedData.length ? ` (dropped ${result.droppedData.join(', ')})` : ''}`,
          );
          return 0;
        } finally {
          await client.end();
        }
      });

    default:
      return usageError(spec, 'no such command');
  }
}

/**
 * Exits once what was printed has been written out: stdout on a pipe may be asynchronous, and
 * process.exit() at once cut `verify --json | jq .` short, at random, after the first 64 kB.
 */
function exit(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

// Node ends a process whose event loop is empty with 0, even while `main` is still pending: a
// command stuck on a promise nothing will settle would look like a success, without a word.
process.once('beforeExit', () => {
  console.error('[startup] error: the command stopped before it finished (internal error)');
  process.exit(1);
});

main(process.argv.slice(2)).then(exit, (err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    return exit(78);
  }
  if (err instanceof DatabaseUnreachableError) {
    console.error(`[startup] error: ${err.message}`);
    return exit(2);
  }
  if (err instanceof VerifyFailedError || err instanceof RollbackRefusedError) {
    console.error(`[startup] error: ${err.message}`);
    return exit(1);
  }
  console.error(`[startup] error: ${errorMessage(err)}`);
  exit(1);
});
