import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  createTestDatabase,
  TEST_ADMIN_PASSWORD,
  TEST_ADMIN_USERNAME,
  type TestDatabase,
} from '@timetracker/startup/testing';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ADMIN_DIR = path.resolve(here, '..');
const DIST_DIR = path.join(ADMIN_DIR, 'dist');
const API_MAIN = path.resolve(ADMIN_DIR, '../api/dist/main.js');
const WORKER_MAIN = path.resolve(ADMIN_DIR, '../worker/dist/main.js');
export const SCREENSHOT_DIR = path.join(ADMIN_DIR, 'test-results/screenshots');

export const ADMIN = { username: TEST_ADMIN_USERNAME, password: TEST_ADMIN_PASSWORD };
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Fails loudly (never skips) when the machine lacks what the browser tests need. */
export function assertPrerequisites(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. The dashboard's browser tests need it: ` +
        'run `apt-get install -y chromium` (or set CHROMIUM_PATH). Never `npx playwright install`.',
    );
  }
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    throw new Error(`The dashboard is not built (${DIST_DIR}): run \`npm run build -w apps/admin\`.`);
  }
  if (!existsSync(API_MAIN)) {
    throw new Error(`The API is not built (${API_MAIN}): run \`npm run build\`.`);
  }
  if (!existsSync(WORKER_MAIN)) {
    throw new Error(`The worker is not built (${WORKER_MAIN}): run \`npm run build\`.`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningStack {
  baseUrl: string;
  browser: Browser;
  database: TestDatabase;
  /** BACKUP_DIR of the API (and of a worker started with startWorker): a temporary folder. */
  backupDir: string;
  stop: () => Promise<void>;
}

/**
 * The real thing: a database cloned from the migrated, seeded template, the built API serving the
 * built dashboard (as `npm start` does), and headless Chromium.
 */
export async function startStack(options: { apiEnv?: Record<string, string> } = {}): Promise<RunningStack> {
  assertPrerequisites();
  const database = await createTestDatabase();
  const backupDir = mkdtempSync(path.join(tmpdir(), 'tt-admin-e2e-backups-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const api: ChildProcess = spawn(process.execPath, [API_MAIN], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_DIST_DIR: DIST_DIR,
      BACKUP_DIR: backupDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      // The SSO redirect URI (sso.e2e.test.ts registers it at its provider).
      PUBLIC_URL: baseUrl,
      ...options.apiEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  api.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  try {
    await waitForApi(baseUrl, api, output);
  } catch (error) {
    api.kill('SIGTERM');
    await database.drop();
    rmSync(backupDir, { recursive: true, force: true });
    throw error;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    baseUrl,
    browser,
    database,
    backupDir,
    stop: async () => {
      await browser.close();
      await stopProcess(api);
      await database.drop();
      rmSync(backupDir, { recursive: true, force: true });
    },
  };
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The built worker on the stack's database and backup folder, polling for requested backups
 * every second (the scheduled daily backup is pushed out of the way). Stop it when done.
 */
export function startWorker(
  stack: RunningStack,
  env: Record<string, string> = {},
): { stop: () => Promise<void>; output: string[] } {
  const output: string[] = [];
  const worker = spawn(process.execPath, [WORKER_MAIN], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: stack.database.url,
      BACKUP_DIR: stack.backupDir,
      WORKER_BACKUP_POLL_CRON: '* * * * * *',
      WORKER_BACKUP_SCHEDULE_CRON: '0 0 0 1 1 *',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  worker.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  return { stop: () => stopProcess(worker), output };
}

/**
 * Until the API answers ready, it exits, or 90 s pass: a clean-clone CI runs the api suite beside
 * these tests on two cores, and one API there took longer than 30 s to start.
 */
async function waitForApi(baseUrl: string, api: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`The API exited with ${api.exitCode}:\n${output.join('')}`);
    try {
      const res = await fetch(`${baseUrl}/api/v1/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The API did not become ready in 90 s:\n${output.join('')}`);
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page: a test ends by expecting none. */
  errors: string[];
}

/** A fresh browser profile (its own cookies) at a phone or desktop size. */
export async function openPage(
  stack: RunningStack,
  options: { mobile?: boolean; touch?: boolean; colorScheme?: 'light' | 'dark'; locale?: string } = {},
): Promise<Session> {
  const context = await stack.browser.newContext({
    baseURL: stack.baseUrl,
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    // A touch screen without a mouse: `(hover: none) and (pointer: coarse)` match.
    hasTouch: options.touch ?? false,
    isMobile: options.touch ?? false,
    timezoneId: 'UTC',
    // The browser's language (navigator.languages, Accept-Language): en-US unless a test says.
    locale: options.locale ?? 'en-US',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/**
 * How long a sign-in may take: the API's answer (an argon2 check) and the first screen's chunks.
 * Four stacks (API, database, browser each) share two cores while the suite runs, and one sign-in
 * in a clean-clone CI took longer than the pages' 15 s default; a sign-in that fails says so at
 * once (below), so the longer wait only ever waits on a slow machine.
 */
const SIGN_IN_TIMEOUT = 60_000;

export async function signIn(
  page: Page,
  creds: { username: string; password: string },
  path = '/',
): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Username').fill(creds.username);
  await page.getByLabel('Password').fill(creds.password);
  const answer = page.waitForResponse(
    (res) => res.request().method() === 'POST' && new URL(res.url()).pathname === '/api/v1/auth/login',
    { timeout: SIGN_IN_TIMEOUT },
  );
  await page.getByRole('button', { name: 'Sign in' }).click();
  const res = await answer;
  if (!res.ok()) {
    throw new Error(`Signing in as ${creds.username} was answered ${res.status()}: ${await res.text()}`);
  }
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor({ timeout: SIGN_IN_TIMEOUT });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  // Let charts and transitions settle so the picture shows what a person would see.
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** An API call with the admin's credentials, for setting up data the test is not about. */
export function adminApi(stack: RunningStack) {
  return userApi(stack, ADMIN);
}

export type Api = Awaited<ReturnType<typeof adminApi>>;

/** A new account made through `api` (an admin's), with the password to sign in as it. */
export async function createUser(
  api: Api,
  username: string,
  role: 'admin' | 'manager' | 'accountant' | 'user' = 'user',
  password = 'amber-lantern-4242',
) {
  const user = await api<{ id: number }>('POST', '/api/v1/users', { username, password, role });
  return { id: user.id, username, password };
}

/** An API call as this user (a cookie session of its own), for their own data (favourites). */
export async function userApi(stack: RunningStack, creds: { username: string; password: string }) {
  const login = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: creds.username, password: creds.password }),
  });
  if (!login.ok) throw new Error(`${creds.username} login failed: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${stack.baseUrl}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}
