/** The `timetracker` CLI's commands as data: the help texts and the argument parser read this. */

export interface OptionSpec {
  name: string;
  /** The value's placeholder (`N`) for an option that takes one; absent for a switch. */
  value?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  /** Older names that still work (root npm scripts and docs use some of them). */
  aliases?: string[];
  /** Positional arguments, required: `['username']`. */
  args?: string[];
  optionalArgs?: string[];
  summary: string;
  options?: OptionSpec[];
  /** Codes beyond those every command shares (see COMMON_EXIT_CODES). */
  exitCodes: [number, string][];
  /** The same command through npm from the repository root. */
  npm?: string;
  /** Loads the Prisma schema engine (WebAssembly): node needs --experimental-wasm-modules. */
  needsWasm?: boolean;
}

const JSON_OPTION: OptionSpec = {
  name: '--json',
  description: 'Print only the JSON report on stdout (progress goes to stderr).',
};

export const COMMANDS: CommandSpec[] = [
  {
    name: 'start',
    summary: 'Embedded PostgreSQL (when DATABASE_URL is unset), startup, then API + worker.',
    exitCodes: [
      [0, 'stopped with Ctrl-C / SIGTERM'],
      [1, 'startup or an app failed'],
    ],
    npm: 'npm start',
  },
  {
    name: 'startup',
    summary: 'Run the startup pipeline once: wait, lock, adopt, migrate, sql, seed, verify.',
    exitCodes: [
      [0, 'the database is verified'],
      [1, 'a step failed (verify mismatch, failed migration)'],
    ],
    npm: 'npm run startup',
  },
  {
    name: 'verify',
    aliases: ['db:verify'],
    summary: 'Compare the live database with the schema (tables, columns, indexes, keys, triggers).',
    options: [JSON_OPTION],
    exitCodes: [
      [0, 'the database matches'],
      [1, 'mismatch'],
    ],
    npm: 'npm run db:verify',
  },
  {
    name: 'status',
    aliases: ['db:status'],
    summary: 'Applied and pending migrations.',
    options: [JSON_OPTION],
    exitCodes: [
      [0, 'every migration is applied'],
      [1, 'a migration is pending or failed'],
    ],
    npm: 'npm run db:status',
  },
  {
    name: 'migration',
    aliases: ['db:migration'],
    args: ['name'],
    summary:
      'Create prisma/migrations/<timestamp>_<name>/ from the change to schema.prisma (offline), with down.sql and a schema snapshot.',
    options: [{ name: '--empty', description: 'Create it even when nothing changed (hand-written SQL).' }],
    exitCodes: [[0, 'created, or nothing to create']],
    npm: 'npm run db:migration -- <name>',
    needsWasm: true,
  },
  {
    name: 'rollback',
    aliases: ['db:rollback'],
    summary: 'Revert the last applied migration with its down.sql, in one transaction.',
    options: [{ name: '--force', description: 'Also when it would drop data.' }],
    exitCodes: [
      [0, 'rolled back'],
      [1, 'refused (it would drop data, or there is no down.sql)'],
    ],
    npm: 'npm run db:rollback',
  },
  {
    name: 'schema-sql',
    aliases: ['db:schema-sql'],
    summary:
      'Print the SQL that creates what schema.prisma declares, from nothing (used by the drift check).',
    exitCodes: [[0, 'printed']],
    npm: 'npm run db:schema-sql',
    needsWasm: true,
  },
  {
    name: 'create-admin',
    aliases: ['user:create-admin'],
    args: ['username'],
    summary:
      'Create an admin account: the password is typed twice without echo on a terminal, or the first line of standard input.',
    exitCodes: [
      [0, 'created'],
      [1, 'the username is taken (nothing changed)'],
      [
        65,
        'the username or password is refused by the policy (10-200 characters, not containing the username)',
      ],
    ],
    npm: 'npm run tt -- create-admin <username>',
  },
  {
    name: 'set-password',
    aliases: ['user:set-password'],
    args: ['username'],
    summary:
      "Set a user's password (e.g. an account adopted from the old app), typed twice or read from standard input; signs the user out everywhere.",
    exitCodes: [
      [0, 'set'],
      [1, 'unknown user'],
      [65, 'the password is refused by the policy'],
    ],
    npm: 'npm run user:set-password -- <username>',
  },
  {
    name: 'reset-two-factor',
    aliases: ['user:reset-two-factor'],
    args: ['username'],
    summary:
      "Break glass: remove a user's second factor (authenticator, recovery codes, remembered browsers), e.g. the only admin's lost phone; recorded in the audit log.",
    exitCodes: [
      [0, 'reset (or there was none)'],
      [1, 'unknown user'],
    ],
    npm: 'npm run tt -- reset-two-factor <username>',
  },
  {
    name: 'backup',
    aliases: ['backup:create'],
    summary:
      'Write a backup now into BACKUP_DIR (every table from one snapshot, compressed, with a manifest and checksums); no worker and no pg_dump needed.',
    exitCodes: [
      [0, 'written'],
      [1, 'failed (nothing is left behind)'],
    ],
    npm: 'npm run backup:create',
  },
  {
    name: 'restore',
    aliases: ['backup:restore'],
    args: ['file'],
    summary:
      'Restore a backup into an empty database: checks every checksum first, refuses an archive newer than this code, loads it at its schema version, then applies later migrations.',
    options: [
      { name: '--force', description: 'Replace a database that is not empty (asks to type its name).' },
      { name: '--yes', description: 'With --force: do not ask (scripts).' },
    ],
    exitCodes: [
      [0, 'restored and verified'],
      [1, 'refused: the database is not empty, or not confirmed'],
      [65, 'the archive is corrupt, newer than this code or does not match it (nothing changed)'],
    ],
    npm: 'npm run backup:restore -- <file>',
  },
  {
    name: 'seed:demo',
    summary:
      'Add demo data: users demo1…demoN, 5 clients, 20 projects, 60 tasks (reused when present) and M finished entries over the last D days. Used by the benchmarks.',
    options: [
      { name: '--users', value: 'N', description: 'Demo users, 1 to 100000 (default 10).' },
      { name: '--entries', value: 'M', description: 'Entries to add, 0 to 100000000 (default 10000).' },
      { name: '--days', value: 'D', description: 'Spread over the last D days, 1 to 36500 (default 365).' },
    ],
    exitCodes: [
      [0, 'added'],
      [1, 'the database has no schema yet (run startup first)'],
    ],
    npm: 'npm run seed:demo -- --users N --entries M',
  },
  {
    name: 'import',
    args: ['file'],
    summary:
      "Import time from a Toggl, Clockify, Kimai, solidtime or generic CSV (docs/import.md): a dry run first, its counts and every refused row (with its row number), then the import; progress on stderr. Recorded as the first active admin's import (see --as); undo it on the Import screen or with the API.",
    options: [
      {
        name: '--format',
        value: 'F',
        description: 'toggl, clockify, kimai, solidtime or generic (default: detected).',
      },
      {
        name: '--zone',
        value: 'Z',
        description: "The file's time zone, e.g. Europe/Berlin (default: settings).",
      },
      { name: '--dry-run', description: 'Only check: print what an import would do, write nothing.' },
      {
        name: '--user-map',
        value: 'A=B,…',
        description: "Source user (email or name) A's rows go to user B (email or username).",
      },
      { name: '--placeholders', description: 'Create placeholder users (no password) for unknown people.' },
      { name: '--as', value: 'ADMIN', description: 'The admin the import is recorded for.' },
    ],
    exitCodes: [
      [0, 'done (or checked, with --dry-run); no row refused'],
      [1, 'the job failed or was cancelled, or there is no such admin'],
      [3, 'done (or checked), but some rows were refused: they are listed'],
      [65, 'the file or mapping is refused (not UTF-8 CSV, a column missing, unknown --user-map user)'],
      [66, 'the file cannot be read'],
    ],
    npm: 'npm run tt -- import <file> [--dry-run]',
  },
  {
    name: 'help',
    optionalArgs: ['command'],
    summary: 'This text; `timetracker help <command>` or `timetracker <command> --help` for one command.',
    exitCodes: [[0, 'printed']],
  },
];

/** What every command may also end with. */
export const COMMON_EXIT_CODES: [number, string][] = [
  [2, 'the database cannot be reached'],
  [64, 'bad usage (unknown command or option, missing argument, bad number)'],
  [78, 'bad configuration (every bad variable is listed)'],
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}

export function usageLine(spec: CommandSpec): string {
  const args = [
    ...(spec.args ?? []).map((a) => ` <${a}>`),
    ...(spec.optionalArgs ?? []).map((a) => ` [${a}]`),
  ].join('');
  const options = (spec.options ?? []).map((o) => ` [${o.name}${o.value ? ` ${o.value}` : ''}]`).join('');
  return `timetracker ${spec.name}${args}${options}`;
}

const WIDTH = 100;

function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

export function generalHelp(): string {
  const commands = COMMANDS.map((c) => {
    const head = `  ${usageLine(c).replace(/^timetracker /, '')}`;
    const aka = c.aliases?.length ? ` Also: ${c.aliases.join(', ')}.` : '';
    const npm = c.npm ? `\n      $ ${c.npm}` : '';
    return `${head}\n${wrap(`${c.summary}${aka}`, 6)}${npm}`;
  }).join('\n');
  return `timetracker — start and maintain a TimeTracker database

Usage: timetracker <command> [arguments] [options]
       npm run tt -- <command> [arguments] [options]   (from the repository root; builds first)

Commands:
${commands}

Exit codes: 0 success; 1 failed or refused; 2 database unreachable; 64 bad usage; 65 bad input
data (password policy, corrupt archive); 78 bad configuration. \`timetracker <command> --help\`
lists each command's own.

Environment: DATABASE_URL (else the embedded PostgreSQL under DATA_DIR), STARTUP_WAIT_TIMEOUT_MS,
ADMIN_USERNAME, ADMIN_PASSWORD, DATA_DIR, EMBEDDED_PG_PORT, PRISMA_DIR, BACKUP_DIR, PORT, HOST —
see .env.example.`;
}

export function commandHelp(spec: CommandSpec): string {
  const parts = [`Usage: ${usageLine(spec)}`, '', wrap(spec.summary, 2)];
  if (spec.options?.length) {
    parts.push('', 'Options:');
    for (const o of spec.options) {
      parts.push(`  ${`${o.name}${o.value ? ` ${o.value}` : ''}`.padEnd(14)} ${o.description}`);
    }
  }
  parts.push('', 'Exit codes:');
  for (const [code, meaning] of [...spec.exitCodes, ...COMMON_EXIT_CODES]) {
    parts.push(`  ${String(code).padEnd(3)} ${meaning}`);
  }
  if (spec.aliases?.length) parts.push('', `Also called: ${spec.aliases.join(', ')}`);
  if (spec.npm) parts.push(`From the repository root: ${spec.npm}`);
  return parts.join('\n');
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  args: string[];
  /** Switches as `true`, valued options as their text. */
  options: Map<string, string | true>;
}

/** `--name value` or `--name=value` for valued options; unknown options and missing arguments throw. */
export function parseArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const args: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('--')) {
      args.push(token);
      continue;
    }
    const [name, inline] = token.includes('=')
      ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)]
      : [token, undefined];
    const option = spec.options?.find((o) => o.name === name);
    if (!option) throw new UsageError(`unknown option ${name} for "${spec.name}"`);
    if (!option.value) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
      options.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value (${option.value})`);
    options.set(name, value);
  }
  const wanted = spec.args ?? [];
  if (args.length < wanted.length) throw new UsageError(`missing <${wanted[args.length]}>`);
  const most = wanted.length + (spec.optionalArgs?.length ?? 0);
  if (args.length > most) {
    throw new UsageError(`unexpected argument "${args[most]}"`);
  }
  return { args, options };
}
