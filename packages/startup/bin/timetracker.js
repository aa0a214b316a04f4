#!/usr/bin/env node
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run as it is */
// The `timetracker` command. This file is in git (dist/ is not), so `npm install` links it into
// node_modules/.bin on a fresh clone, before anything is built; npm skips a bin whose file is
// missing. On a checkout that was never built it builds the CLI once, quietly, then runs it.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');

if (!existsSync(cli)) {
  const root = path.join(__dirname, '..', '..', '..');
  const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
  // Progress and build output go to stderr: stdout is the command's own (`verify --json`).
  console.error('[timetracker] building the CLI first (packages/startup/dist is missing)…');
  const built = existsSync(turbo)
    ? spawnSync(turbo, ['run', 'build', '--filter=@timetracker/startup', '--output-logs=errors-only'], {
        cwd: root,
        stdio: ['ignore', 2, 2],
      })
    : undefined;
  if (!built || built.status !== 0 || !existsSync(cli)) {
    console.error(
      `[timetracker] error: ${cli} is missing and could not be built: run \`npm install\` and ` +
        '`npm run build` at the root of the checkout, then try again',
    );
    process.exit(69); // EX_UNAVAILABLE
  }
}

require(cli);
