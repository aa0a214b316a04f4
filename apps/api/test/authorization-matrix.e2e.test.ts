import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request, { type Response, type Test } from 'supertest';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, createUser, type Session, signIn, sqlOn, startApi } from './support';

// Authorization as a matrix: every operation of the OpenAPI document against every actor, with
// the ids of real objects (the owner's), and one row of expected outcomes per operation. A new
// route fails "every operation has a row" until its row (and, if it needs one, its request)
// is added below. DEVELOPERS.md ("Authorization tests") explains how to add a role (issue #18:
// manager of the team / of another team, accountant, user not on the private project): a name in
// `Column`, its actors in `makeFixture`'s `actors`, and its key in each row constant and
// hand-written row; TypeScript lists the rows that miss it.

// ---------------------------------------------------------------------------------------------
// Actors (the columns)
// ---------------------------------------------------------------------------------------------

type Role = 'admin' | 'manager' | 'accountant' | 'user';

/** One column of the table: actors that must answer the same (a session and a token of one role). */
type Column =
  | 'anonymous'
  | 'admin'
  | 'owner'
  | 'other'
  /** A manager who leads a team the owner is in. */
  | 'lead'
  /** A manager who leads another team (the other user's). */
  | 'otherLead'
  | 'accountant'
  /** A user in no team and not on the private project the owner tracks on. */
  | 'outsider';
/**
 * allowed = 2xx; 401 signed out; 403 refused by the policy; 404 hidden (another user's object);
 * 303 a browser navigation's redirect (SSO start and callback, whoever asks); 400 where the
 * admin's call passes the policy and is refused for its content (the SSO provider check).
 */
type Outcome = 'allowed' | 303 | 400 | 401 | 403 | 404 | 409;
type Row = Record<Column, Outcome>;

interface Actor {
  name: string;
  column: Column;
  /** How the actor authenticates; `fresh` makes a new account of the same role (see below). */
  kind: 'anonymous' | 'session' | 'token';
  role: Role | null;
  /** The owner's data is compared against this user's id in the leak checks. */
  userId: number | null;
  password: string | null;
  session: Session | null;
  token: string | null;
}

// ---------------------------------------------------------------------------------------------
// Expectations: one row per operation (policy.ts, docs/api.md, docs/security.md)
// ---------------------------------------------------------------------------------------------

/** Everyone but the anonymous caller and the admin answers `rest`. */
const row = (anonymous: Outcome, admin: Outcome, owner: Outcome, rest: Outcome): Row => ({
  anonymous,
  admin,
  owner,
  other: rest,
  lead: rest,
  otherLead: rest,
  accountant: rest,
  outsider: rest,
});

const PUBLIC: Row = row('allowed', 'allowed', 'allowed', 'allowed');
/** Anyone signed in, on their own things or on what everyone shares. */
const SIGNED_IN: Row = row(401, 'allowed', 'allowed', 'allowed');
/** policy.ts roles: ['admin']. */
const ADMIN_ONLY: Row = row(401, 'allowed', 403, 403);
/** policy.ts roles: ['admin', 'accountant'] (invoices.manage, rates.see). */
const ADMIN_ACCOUNTANT: Row = { ...ADMIN_ONLY, accountant: 'allowed' };
/**
 * The owner's time (timeEntries.seeOthers, leads): admins and the owner's team lead may; others,
 * accountants too (they touch no one's entries), find nothing there.
 */
const OWNED: Row = { ...row(401, 'allowed', 'allowed', 404), lead: 'allowed' };
/** Only the owner's own account: even an admin finds nothing of another account there. */
const OWN_ACCOUNT: Row = row(401, 404, 'allowed', 404);
/** Shared objects (tasks): everyone reads; the creator and admins change; others are refused. */
const CREATOR: Row = row(401, 'allowed', 'allowed', 403);
/**
 * A week the owner submitted (docs/approvals.md): its user, their team lead and admins see it;
 * other users, another team's manager and accountants find nothing.
 */
const WEEK_OF_OWNER: Row = OWNED;
/** Withdrawing: only the week's user; an admin and the lead see it but may not take it back. */
const WEEK_OWNER_ONLY: Row = { ...row(401, 403, 'allowed', 404), lead: 403 };
/**
 * Approving or rejecting: admins (approvals.decideAny) and the owner's team lead; the owner sees
 * their week but may not decide it; everyone else finds nothing.
 */
const DECIDE_WEEK: Row = { ...row(401, 'allowed', 403, 404), lead: 'allowed' };

/** policy.ts budgets.manage: admins set budgets. */
const BUDGETS_MANAGE: Row = ADMIN_ONLY;
/**
 * Budget progress: whoever may see the project (every signed-in user today; money fields only
 * with rates.see, which budgets.e2e.test.ts checks).
 */
const BUDGETS_READ: Row = SIGNED_IN;
/**
 * policy.ts budgets.notifications: admins and managers (a manager's list holds only the budgets
 * of their teams' projects, which budgets-leads.e2e.test.ts checks).
 */
const BUDGET_NOTIFICATIONS: Row = { ...ADMIN_ONLY, lead: 'allowed', otherLead: 'allowed' };
/** policy.ts 'rates.see': admins and accountants. */
const RATES_READ: Row = ADMIN_ACCOUNTANT;
/** policy.ts 'rates.change': admins only. */
const RATES_CHANGE: Row = ADMIN_ONLY;
/** policy.ts 'invoices.manage': admins and accountants. */
const INVOICES: Row = ADMIN_ACCOUNTANT;
/** policy.ts 'teams.see': admins, accountants and managers (leading a team or not). */
const TEAMS_READ: Row = { ...ADMIN_ACCOUNTANT, lead: 'allowed', otherLead: 'allowed' };

/**
 * The sign-in's second step: public, but without the pending sign-in of a right password (the
 * tt_2fa cookie) there is nothing to complete, whoever asks (docs/security.md).
 */
const SECOND_STEP: Row = row(401, 401, 401, 401);

const EXPECTED: Record<string, Row> = {
  // time entries: another user's entry reads as absent (timeEntries.seeOthers → 404)
  'GET /api/v1/time-entries': SIGNED_IN,
  'POST /api/v1/time-entries': SIGNED_IN,
  'POST /api/v1/time-entries/bulk': SIGNED_IN,
  'GET /api/v1/time-entries/recent-combinations': SIGNED_IN,
  'POST /api/v1/time-entries/{id}/continue': OWNED,
  'POST /api/v1/time-entries/{id}/duplicate': OWNED,
  'GET /api/v1/time-entries/{id}': OWNED,
  'PATCH /api/v1/time-entries/{id}': OWNED,
  'DELETE /api/v1/time-entries/{id}': OWNED,
  // the timer: always the caller's own
  'POST /api/v1/timer/start': SIGNED_IN,
  'POST /api/v1/timer/stop': SIGNED_IN,
  'POST /api/v1/timer/pause': SIGNED_IN,
  'POST /api/v1/timer/resume': SIGNED_IN,
  'GET /api/v1/timer/active': SIGNED_IN,
  'POST /api/v1/timer/heartbeat': SIGNED_IN,
  // signing in
  'GET /api/v1/health': PUBLIC,
  'GET /api/v1/health/ready': PUBLIC,
  'GET /api/v1/auth/options': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/logout': SIGNED_IN,
  'GET /api/v1/auth/me': SIGNED_IN,
  'POST /api/v1/auth/register': PUBLIC, // settings.allowSelfRegister defaults to true
  'POST /api/v1/auth/login/second-factor': SECOND_STEP,
  // single sign-on (docs/sso.md): redirects for everyone (here to /sign-in?sso_error=disabled)
  'GET /api/v1/auth/sso/start': row(303, 303, 303, 303),
  'GET /api/v1/auth/sso/callback': row(303, 303, 303, 303),
  'POST /api/v1/auth/sso/logout': SIGNED_IN,
  'GET /api/v1/sso/config': ADMIN_ONLY,
  'PUT /api/v1/sso/config': ADMIN_ONLY,
  // 400 for the admin: nothing answers at the issuer asked (a closed port on this machine)
  'POST /api/v1/sso/config/check': row(401, 400, 403, 403),
  // my second factor (always the caller's own)
  'GET /api/v1/account/two-factor': SIGNED_IN,
  'POST /api/v1/account/two-factor/enrol': SIGNED_IN,
  'POST /api/v1/account/two-factor/confirm': SIGNED_IN,
  'POST /api/v1/account/two-factor/disable': SIGNED_IN,
  'POST /api/v1/account/two-factor/recovery-codes': SIGNED_IN,
  // password links by mail: anyone, signed in or not (the link is the credential)
  'POST /api/v1/auth/password-reset/request': PUBLIC,
  'POST /api/v1/auth/password-reset/check': PUBLIC,
  'POST /api/v1/auth/password-reset': PUBLIC,
  // my account
  'GET /api/v1/account/preferences': SIGNED_IN,
  'PATCH /api/v1/account/preferences': SIGNED_IN,
  'PUT /api/v1/account/password': SIGNED_IN,
  'GET /api/v1/account/sessions': SIGNED_IN,
  'POST /api/v1/account/sessions/end-others': SIGNED_IN,
  'DELETE /api/v1/account/sessions/{id}': OWN_ACCOUNT,
  'GET /api/v1/account/mail': SIGNED_IN,
  'PATCH /api/v1/account/mail': SIGNED_IN,
  'GET /api/v1/account/calendar-feed': SIGNED_IN,
  'POST /api/v1/account/calendar-feed': SIGNED_IN,
  'DELETE /api/v1/account/calendar-feed': SIGNED_IN,
  // the feed itself: its secret URL is the credential, whoever holds it (docs/calendar-feed.md)
  'GET /api/v1/calendar-feed/{token}': PUBLIC,
  'GET /api/v1/tokens': SIGNED_IN,
  'POST /api/v1/tokens': SIGNED_IN,
  'DELETE /api/v1/tokens/{id}': OWN_ACCOUNT,
  // users (users.manage; anyone may set their own password: users.setAnyPassword + mayOwn)
  'GET /api/v1/users': ADMIN_ONLY,
  'POST /api/v1/users': ADMIN_ONLY,
  'GET /api/v1/users/{id}': ADMIN_ONLY,
  'PATCH /api/v1/users/{id}': ADMIN_ONLY,
  'DELETE /api/v1/users/{id}': ADMIN_ONLY,
  'DELETE /api/v1/users/{id}/two-factor': ADMIN_ONLY,
  'PUT /api/v1/users/{id}/password': ADMIN_ONLY,
  // tasks: shared; the creator (the owner) may change and delete (tasks.changeAny, deleteAny)
  'GET /api/v1/tasks': SIGNED_IN,
  'POST /api/v1/tasks': SIGNED_IN,
  'GET /api/v1/tasks/{id}': SIGNED_IN,
  'PATCH /api/v1/tasks/{id}': CREATOR,
  'DELETE /api/v1/tasks/{id}': CREATOR,
  // clients and projects: everyone reads (and sees rates, see below); admins change
  'GET /api/v1/clients': SIGNED_IN,
  'POST /api/v1/clients': ADMIN_ONLY,
  // rates (issue #18 §2)
  'GET /api/v1/rates': RATES_READ,
  'POST /api/v1/rates': RATES_CHANGE,
  'DELETE /api/v1/rates/{id}': RATES_CHANGE,
  'GET /api/v1/clients/{id}': SIGNED_IN,
  'PATCH /api/v1/clients/{id}': ADMIN_ONLY,
  'DELETE /api/v1/clients/{id}': ADMIN_ONLY,
  'POST /api/v1/clients/{id}/archive': ADMIN_ONLY,
  'POST /api/v1/clients/{id}/activate': ADMIN_ONLY,
  'GET /api/v1/projects': SIGNED_IN,
  'POST /api/v1/projects': ADMIN_ONLY,
  'GET /api/v1/projects/{id}': SIGNED_IN,
  'PATCH /api/v1/projects/{id}': ADMIN_ONLY,
  'DELETE /api/v1/projects/{id}': ADMIN_ONLY,
  'POST /api/v1/projects/{id}/archive': ADMIN_ONLY,
  'POST /api/v1/projects/{id}/activate': ADMIN_ONLY,
  // settings: everyone reads (without the tax id and bank details); admins change
  'GET /api/v1/settings': SIGNED_IN,
  'PATCH /api/v1/settings': ADMIN_ONLY,
  'GET /api/v1/settings/logo': PUBLIC,
  'PUT /api/v1/settings/logo': ADMIN_ONLY,
  'DELETE /api/v1/settings/logo': ADMIN_ONLY,
  // reports and exports: one's own time (reports.othersTime, compareUsers for by-user)
  'GET /api/v1/reports/summary': SIGNED_IN,
  'GET /api/v1/reports/dashboard': SIGNED_IN,
  'GET /api/v1/reports/series/{name}': SIGNED_IN,
  'GET /api/v1/exports/time-entries.csv': SIGNED_IN,
  'GET /api/v1/exports/time-entries.xlsx': SIGNED_IN,
  'GET /api/v1/exports/report-summary.xlsx': SIGNED_IN,
  // one's own timesheet to print (another user's: timeEntries.listOthers, below)
  'GET /api/v1/exports/timesheet.pdf': SIGNED_IN,
  // invoices (invoices.manage)
  'GET /api/v1/invoices': INVOICES,
  'POST /api/v1/invoices': INVOICES,
  'GET /api/v1/invoices/{id}': INVOICES,
  'PATCH /api/v1/invoices/{id}': INVOICES,
  'DELETE /api/v1/invoices/{id}': INVOICES,
  'POST /api/v1/invoices/{id}/generate': INVOICES,
  'POST /api/v1/invoices/{id}/items': INVOICES,
  'PATCH /api/v1/invoices/{id}/items/{itemId}': INVOICES,
  'DELETE /api/v1/invoices/{id}/items/{itemId}': INVOICES,
  'POST /api/v1/invoices/{id}/send': INVOICES,
  'POST /api/v1/invoices/{id}/mark-paid': INVOICES,
  'POST /api/v1/invoices/{id}/cancel': INVOICES,
  'POST /api/v1/invoices/{id}/duplicate': INVOICES,
  'GET /api/v1/invoices/{id}/pdf': INVOICES,
  'GET /api/v1/invoices/{id}/csv': INVOICES,
  // backups (backups.manage); the download of a backup the worker has not made yet is a 409
  'GET /api/v1/backups': ADMIN_ONLY,
  'POST /api/v1/backups': ADMIN_ONLY,
  'GET /api/v1/backups/{id}': ADMIN_ONLY,
  'GET /api/v1/backups/{id}/download': { ...ADMIN_ONLY, admin: 409 },
  // webhooks (webhooks.manage): they send everyone's time and invoices to an outside URL
  'GET /api/v1/webhooks/event-types': ADMIN_ONLY,
  'GET /api/v1/webhooks': ADMIN_ONLY,
  'POST /api/v1/webhooks': ADMIN_ONLY,
  'GET /api/v1/webhooks/{id}': ADMIN_ONLY,
  'PATCH /api/v1/webhooks/{id}': ADMIN_ONLY,
  'DELETE /api/v1/webhooks/{id}': ADMIN_ONLY,
  'GET /api/v1/webhooks/{id}/deliveries': ADMIN_ONLY,
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': ADMIN_ONLY,
  'POST /api/v1/webhooks/{id}/test': ADMIN_ONLY,
  // imports (imports.manage); undo needs a finished import, which only a worker makes: 409
  'GET /api/v1/imports': ADMIN_ONLY,
  'POST /api/v1/imports': ADMIN_ONLY,
  'GET /api/v1/imports/{id}': ADMIN_ONLY,
  'PATCH /api/v1/imports/{id}': ADMIN_ONLY,
  'POST /api/v1/imports/{id}/dry-run': ADMIN_ONLY,
  'POST /api/v1/imports/{id}/run': ADMIN_ONLY,
  'POST /api/v1/imports/{id}/cancel': ADMIN_ONLY,
  'POST /api/v1/imports/{id}/undo': { ...ADMIN_ONLY, admin: 409 },
  'GET /api/v1/admin/system': ADMIN_ONLY,
  'GET /api/v1/admin/usage': ADMIN_ONLY,
  'GET /api/v1/setup': ADMIN_ONLY,
  'POST /api/v1/setup/dismiss': ADMIN_ONLY, // the fixture completes the checklist
  // favourites: the owner's own (another user's reads as absent)
  'GET /api/v1/favourites': SIGNED_IN,
  'POST /api/v1/favourites': SIGNED_IN,
  'PUT /api/v1/favourites/order': SIGNED_IN,
  'GET /api/v1/favourites/{id}': OWN_ACCOUNT,
  'PATCH /api/v1/favourites/{id}': OWN_ACCOUNT,
  'DELETE /api/v1/favourites/{id}': OWN_ACCOUNT,
  'POST /api/v1/favourites/{id}/start': OWN_ACCOUNT,
  // tags: shared; everyone reads and creates (settings.tagCreation); admins change (tags.manage)
  'GET /api/v1/tags': SIGNED_IN,
  'POST /api/v1/tags': SIGNED_IN,
  'GET /api/v1/tags/{id}': SIGNED_IN,
  'PATCH /api/v1/tags/{id}': ADMIN_ONLY,
  'DELETE /api/v1/tags/{id}': ADMIN_ONLY,
  'POST /api/v1/tags/{id}/merge': ADMIN_ONLY,
  // the week grid and the calendar: one's own time
  'GET /api/v1/timesheet': SIGNED_IN,
  'GET /api/v1/timesheet/previous-rows': SIGNED_IN,
  // Whose timesheets one may open: everyone gets a list (their own name at least).
  'GET /api/v1/timesheet/people': SIGNED_IN,
  'PUT /api/v1/timesheet/cells': SIGNED_IN,
  'GET /api/v1/calendar': SIGNED_IN,
  // the audit log (audit.read): before and after values of everyone's time and roles
  'GET /api/v1/audit': ADMIN_ONLY,
  'GET /api/v1/time-entries/{id}/history': ADMIN_ONLY,
  // week approvals and the lockdown: each sees the weeks of those they lead (admins: all)
  'GET /api/v1/approvals': SIGNED_IN,
  'POST /api/v1/approvals': SIGNED_IN,
  'GET /api/v1/approvals/own-week': SIGNED_IN,
  'GET /api/v1/approvals/lockdown': SIGNED_IN,
  'PUT /api/v1/approvals/lockdown': ADMIN_ONLY,
  'GET /api/v1/approvals/{id}': WEEK_OF_OWNER,
  'POST /api/v1/approvals/{id}/withdraw': WEEK_OWNER_ONLY,
  'POST /api/v1/approvals/{id}/approve': DECIDE_WEEK,
  'POST /api/v1/approvals/{id}/reject': DECIDE_WEEK,
  // budgets (issue #18 §3)
  'GET /api/v1/budgets': BUDGETS_READ,
  'POST /api/v1/budgets': BUDGETS_MANAGE,
  'PATCH /api/v1/budgets/{id}': BUDGETS_MANAGE,
  'DELETE /api/v1/budgets/{id}': BUDGETS_MANAGE,
  'GET /api/v1/budgets/notifications': BUDGET_NOTIFICATIONS,
  'POST /api/v1/budgets/notifications/read': BUDGET_NOTIFICATIONS,
  // teams: admins, accountants and managers read (teams.see); admins change (teams.manage)
  'GET /api/v1/teams': TEAMS_READ,
  'POST /api/v1/teams': ADMIN_ONLY,
  'GET /api/v1/teams/{id}': TEAMS_READ,
  'PATCH /api/v1/teams/{id}': ADMIN_ONLY,
  'DELETE /api/v1/teams/{id}': ADMIN_ONLY,
};

// ---------------------------------------------------------------------------------------------
// Requests: the path ids, body and preparation per operation (beside the expectations)
// ---------------------------------------------------------------------------------------------

/** What a request of one operation by one actor needs; `fx` is the shared fixture. */
interface Spec {
  /** Path parameters; a function runs per call (a fresh object for destructive operations). */
  ids?: (actor: Actor) => Promise<Record<string, string | number>> | Record<string, string | number>;
  body?: (actor: Actor) => unknown;
  /** The multipart upload: `true` the logo, `csv` an import file. */
  upload?: true | 'csv';
  query?: string;
  /** The query string, computed per call (ids of fixture objects). */
  queryOf?: () => string;
  /**
   * Operations on the caller's own account or timer (password, sessions, sign-out, timer): run
   * as a fresh account of the actor's role and kind, so they cannot end the shared actors.
   */
  fresh?: true;
  /** Runs once before the operation's calls (for all actors). */
  once?: () => Promise<void>;
  /** Runs as the (possibly fresh) actor before the call, e.g. start the timer that stop stops. */
  before?: (actor: Actor) => Promise<void>;
  /** Writes run per user in parallel; `serial` runs all actors one after another (the owner's timer). */
  serial?: true;
}

let fx: Fixture;

let slot = 0;
/** A distinct hour per entry, so no two made entries overlap. */
function nextSlot() {
  slot += 1;
  const d = 1 + Math.floor(slot / 20);
  const h = (slot % 20) + 2;
  return {
    startTime: `2025-${String(1 + (d % 12)).padStart(2, '0')}-${String(1 + (d % 28)).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`,
    endTime: `2025-${String(1 + (d % 12)).padStart(2, '0')}-${String(1 + (d % 28)).padStart(2, '0')}T${String(h).padStart(2, '0')}:30:00Z`,
  };
}
let days = 0;
/** A distinct weekday in 2022 per call (bulk entries, timesheet cells). */
function nextDay(): string {
  days += 1;
  const d = new Date(Date.UTC(2022, 0, days));
  return d.getUTCDay() === 0 || d.getUTCDay() === 6 ? nextDay() : d.toISOString().slice(0, 10);
}
let weeks = 0;
/** A distinct week from 2010 per call (submitted weeks: no entry of the fixture is in them). */
function nextWeek(): string {
  weeks += 1;
  return new Date(Date.UTC(2010, 0, 4 + 7 * weeks)).toISOString().slice(0, 10);
}
let names = 0;
const unique = (prefix: string) => `${prefix}-${++names}`;

/** Secrets of live password links, each for a throwaway account (a reset ends its sign-ins). */
const passwordLinks: string[] = [];
/** A feed of a user of its own (so no actor's POST replaces it); its URL's token. */
async function makeCalendarFeed(): Promise<string> {
  const [user] = await sql<{ id: number }>('INSERT INTO users (username) VALUES ($1) RETURNING id', [
    unique('subscriber'),
  ]);
  const key = randomBytes(12).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  await sql('INSERT INTO calendar_feeds (user_id, lookup_key, secret_hash) VALUES ($1, $2, $3)', [
    user!.id,
    key,
    createHash('sha256').update(secret).digest('hex'),
  ]);
  return `${key}.${secret}.ics`;
}

async function makePasswordLinks(count = 24) {
  for (let i = 0; i < count; i += 1) {
    const [user] = await sql<{ id: number }>('INSERT INTO users (username) VALUES ($1) RETURNING id', [
      unique('resettable'),
    ]);
    const secret = randomBytes(32).toString('base64url');
    await sql(
      `INSERT INTO password_tokens (token_hash, user_id, purpose, expires_at)
       VALUES ($1, $2, 'reset', now() + interval '1 hour')`,
      [createHash('sha256').update(secret).digest('hex'), user!.id],
    );
    passwordLinks.push(secret);
  }
}

/** The project the next budget creation is for (a fresh one per call: one budget per period). */
let budgetProjectId = 0;

const SPECS: Record<string, Spec> = {
  'POST /api/v1/approvals': { fresh: true, body: () => ({ week: nextWeek() }) },
  'PUT /api/v1/approvals/lockdown': { body: () => ({ lockedBefore: null }) },
  'GET /api/v1/approvals/{id}': { ids: () => ({ id: fx.weekId }) },
  'POST /api/v1/approvals/{id}/withdraw': { ids: async () => ({ id: await fx.make.week() }) },
  'POST /api/v1/approvals/{id}/approve': {
    ids: async () => ({ id: await fx.make.week() }),
    body: () => ({}),
  },
  'POST /api/v1/approvals/{id}/reject': {
    ids: async () => ({ id: await fx.make.week() }),
    body: () => ({ note: 'Tuesday is missing' }),
  },
  'POST /api/v1/budgets': {
    before: async () => {
      budgetProjectId = await fx.make.project();
    },
    body: () => ({ projectId: budgetProjectId, hours: '10' }),
  },
  'PATCH /api/v1/budgets/{id}': {
    ids: async () => ({ id: await fx.make.budget() }),
    body: () => ({ hours: '20' }),
  },
  'DELETE /api/v1/budgets/{id}': { ids: async () => ({ id: await fx.make.budget() }) },
  'POST /api/v1/budgets/notifications/read': { body: () => ({}) },
  'POST /api/v1/time-entries': {
    body: () => ({ projectId: fx.projectId, ...nextSlot() }),
  },
  'POST /api/v1/time-entries/bulk': {
    body: () => {
      const d = nextDay();
      return { projectId: fx.projectId, from: d, to: d, startTime: '09:00', endTime: '09:30' };
    },
  },
  'POST /api/v1/time-entries/{id}/continue': {
    serial: true,
    ids: async () => ({ id: await fx.make.entry() }),
    before: async () => fx.stopOwnerTimer(),
  },
  'POST /api/v1/time-entries/{id}/duplicate': {
    ids: async () => ({ id: await fx.make.entry() }),
    body: () => {
      slot += 1;
      return {
        date: `2024-${String(1 + (slot % 12)).padStart(2, '0')}-${String(1 + (slot % 28)).padStart(2, '0')}`,
      };
    },
  },
  'GET /api/v1/time-entries/{id}': { ids: () => ({ id: fx.entryId }) },
  'GET /api/v1/time-entries/{id}/history': { ids: () => ({ id: fx.entryId }) },
  'PATCH /api/v1/time-entries/{id}': { ids: () => ({ id: fx.entryId }), body: () => ({ billable: true }) },
  'DELETE /api/v1/time-entries/{id}': { ids: async () => ({ id: await fx.make.entry() }) },
  'POST /api/v1/timer/start': { fresh: true, body: () => ({ projectId: fx.projectId }) },
  'POST /api/v1/timer/stop': { fresh: true, body: () => ({}), before: (a) => startTimer(a) },
  'POST /api/v1/timer/pause': { fresh: true, body: () => ({}), before: (a) => startTimer(a) },
  'POST /api/v1/timer/resume': {
    fresh: true,
    body: () => ({}),
    before: async (a) => {
      await startTimer(a);
      await as(a, 'post', '/api/v1/timer/pause').send({}).expect(200);
    },
  },
  'POST /api/v1/timer/heartbeat': { fresh: true },
  'POST /api/v1/auth/login': {
    fresh: true,
    serial: true, // counts sign-ins: none beside another's clearing (see signInInTurn)
    body: () => ({ username: fx.owner.username, password: fx.owner.password }),
  },
  'POST /api/v1/auth/logout': { fresh: true },
  'POST /api/v1/auth/sso/logout': { fresh: true },
  'PUT /api/v1/sso/config': {
    body: () => ({
      enabled: false,
      issuer: '',
      clientId: '',
      scopes: 'openid',
      autoCreate: false,
      linkBy: 'email',
      groupsClaim: '',
      roleMapping: [],
      ssoOnly: false,
    }),
  },
  'POST /api/v1/sso/config/check': { body: () => ({ issuer: 'http://127.0.0.1:9/' }) },
  'POST /api/v1/auth/register': {
    body: () => ({ username: unique('registered'), password: 'registered-pw-1' }),
  },
  'POST /api/v1/auth/password-reset/request': { body: () => ({ login: unique('nobody') }) },
  'POST /api/v1/auth/password-reset/check': {
    once: () => makePasswordLinks(1),
    body: () => ({ token: passwordLinks[0] }),
  },
  'POST /api/v1/auth/password-reset': {
    once: () => makePasswordLinks(),
    // Each call uses a link up: a fresh one per actor.
    body: () => ({ token: passwordLinks.pop(), password: 'reset-by-link-1' }),
  },
  'PATCH /api/v1/account/preferences': { body: () => ({ weekStart: 'monday' }) },
  'PATCH /api/v1/account/mail': { body: () => ({ weeklyDigest: true }) },
  'PUT /api/v1/account/password': {
    fresh: true,
    body: (a) => ({ currentPassword: a.password ?? 'nothing', newPassword: 'a-new-password-2' }),
  },
  'POST /api/v1/account/sessions/end-others': { fresh: true },
  'POST /api/v1/auth/login/second-factor': { body: () => ({ code: '123456' }) },
  'POST /api/v1/account/two-factor/enrol': { fresh: true },
  'POST /api/v1/account/two-factor/confirm': {
    fresh: true,
    before: (a) => startTwoFactor(a),
    body: (a) => ({ code: totpNow(a) }),
  },
  'POST /api/v1/account/two-factor/disable': {
    fresh: true,
    before: (a) => enrolTwoFactor(a),
    body: (a) => ({ password: a.password ?? 'nothing' }),
  },
  'POST /api/v1/account/two-factor/recovery-codes': {
    fresh: true,
    before: (a) => enrolTwoFactor(a),
    body: (a) => ({ password: a.password ?? 'nothing' }),
  },
  'DELETE /api/v1/account/sessions/{id}': { ids: async () => ({ id: await fx.make.ownerSession() }) },
  'POST /api/v1/tokens': { body: () => ({ name: unique('token') }) },
  'GET /api/v1/calendar-feed/{token}': { ids: async () => ({ token: await makeCalendarFeed() }) },
  'DELETE /api/v1/tokens/{id}': { ids: async () => ({ id: await fx.make.ownerToken() }) },
  'POST /api/v1/users': { body: () => ({ username: unique('made'), password: 'made-password-1' }) },
  'GET /api/v1/users/{id}': { ids: () => ({ id: fx.owner.id }) },
  'PATCH /api/v1/users/{id}': {
    ids: async () => ({ id: await fx.make.user() }),
    body: () => ({ isActive: true }),
  },
  'DELETE /api/v1/users/{id}': { ids: async () => ({ id: await fx.make.user() }) },
  'DELETE /api/v1/users/{id}/two-factor': { ids: async () => ({ id: await fx.make.user() }) },
  'PUT /api/v1/users/{id}/password': {
    ids: async () => ({ id: await fx.make.user() }),
    body: () => ({ password: 'set-by-admin-1' }),
  },
  'POST /api/v1/tasks': { body: () => ({ projectId: fx.projectId, name: unique('task') }) },
  'GET /api/v1/tasks/{id}': { ids: () => ({ id: fx.taskId }) },
  'PATCH /api/v1/tasks/{id}': { ids: () => ({ id: fx.taskId }), body: () => ({ description: 'changed' }) },
  'DELETE /api/v1/tasks/{id}': { ids: async () => ({ id: await fx.make.task() }) },
  'POST /api/v1/clients': { body: () => ({ name: unique('client') }) },
  // A day of its own per call: one rate per level, kind and day.
  'POST /api/v1/rates': {
    body: () => ({ kind: 'cost', clientId: fx.clientId, effectiveFrom: nextDay(), amount: '12.00' }),
  },
  'DELETE /api/v1/rates/{id}': { ids: async () => ({ id: await fx.make.rate() }) },
  'GET /api/v1/clients/{id}': { ids: () => ({ id: fx.clientId }) },
  'PATCH /api/v1/clients/{id}': {
    ids: () => ({ id: fx.clientId }),
    body: () => ({ description: 'changed' }),
  },
  'DELETE /api/v1/clients/{id}': { ids: async () => ({ id: await fx.make.client() }) },
  'POST /api/v1/clients/{id}/archive': { ids: async () => ({ id: await fx.make.client() }) },
  'POST /api/v1/clients/{id}/activate': { ids: () => ({ id: fx.clientId }) },
  'POST /api/v1/projects': { body: () => ({ name: unique('project') }) },
  'GET /api/v1/projects/{id}': { ids: () => ({ id: fx.projectId }) },
  'PATCH /api/v1/projects/{id}': {
    ids: () => ({ id: fx.projectId }),
    body: () => ({ description: 'changed' }),
  },
  'DELETE /api/v1/projects/{id}': { ids: async () => ({ id: await fx.make.project() }) },
  'POST /api/v1/projects/{id}/archive': { ids: async () => ({ id: await fx.make.project() }) },
  'POST /api/v1/projects/{id}/activate': { ids: () => ({ id: fx.projectId }) },
  'PATCH /api/v1/settings': { body: () => ({ invoiceNotes: 'Thank you' }) },
  'PUT /api/v1/settings/logo': { upload: true },
  'GET /api/v1/settings/logo': {
    // DELETE /settings/logo may have run before: upload one first
    once: async () => {
      await admin(fx, 'put', '/api/v1/settings/logo')
        .attach('file', PNG, { filename: 'logo.png', contentType: 'image/png' })
        .expect(200);
    },
  },
  'GET /api/v1/reports/series/{name}': { ids: () => ({ name: 'by-project' }) },
  'POST /api/v1/invoices': { body: () => ({ projectId: fx.projectId }) },
  'GET /api/v1/invoices/{id}': { ids: () => ({ id: fx.invoiceId }) },
  'PATCH /api/v1/invoices/{id}': { ids: () => ({ id: fx.invoiceId }), body: () => ({ notes: 'changed' }) },
  // Only the latest invoice may be deleted.
  'DELETE /api/v1/invoices/{id}': { serial: true, ids: async () => ({ id: await fx.make.invoice() }) },
  'POST /api/v1/invoices/{id}/generate': {
    serial: true, // each call bills the unbilled time the one before left
    // something unbilled in the range for each call
    ids: async () => {
      const d = nextDay().replace('2022', '2021');
      await fx.make.entry({ startTime: `${d}T08:00:00Z`, endTime: `${d}T09:00:00Z` });
      return { id: await fx.make.invoice() };
    },
    body: () => ({ from: '2021-01-01', to: '2021-12-31' }),
  },
  'POST /api/v1/invoices/{id}/items': {
    ids: () => ({ id: fx.invoiceId }),
    body: () => ({ description: 'Extra', quantity: '1', unitPrice: '10.00' }),
  },
  'PATCH /api/v1/invoices/{id}/items/{itemId}': {
    ids: () => ({ id: fx.invoiceId, itemId: fx.itemId }),
    body: () => ({ description: 'Changed' }),
  },
  'DELETE /api/v1/invoices/{id}/items/{itemId}': {
    ids: async () => {
      const id = await fx.make.invoice();
      return { id, itemId: await fx.make.item(id) };
    },
  },
  'POST /api/v1/invoices/{id}/send': {
    ids: async () => {
      const id = await fx.make.invoice();
      await fx.make.item(id);
      return { id };
    },
  },
  'POST /api/v1/invoices/{id}/mark-paid': {
    ids: async () => {
      const id = await fx.make.invoice();
      await fx.make.item(id);
      await admin(fx, 'post', `/api/v1/invoices/${id}/send`).expect(200);
      return { id };
    },
  },
  'POST /api/v1/invoices/{id}/cancel': { ids: async () => ({ id: await fx.make.invoice() }) },
  'POST /api/v1/invoices/{id}/duplicate': { ids: () => ({ id: fx.invoiceId }) },
  'GET /api/v1/invoices/{id}/pdf': { ids: () => ({ id: fx.sentInvoiceId }) },
  'GET /api/v1/invoices/{id}/csv': { ids: () => ({ id: fx.invoiceId }) },
  'POST /api/v1/backups': { body: () => ({}) },
  'POST /api/v1/imports': { upload: 'csv', query: 'timezone=UTC' },
  'GET /api/v1/imports/{id}': { ids: () => ({ id: fx.importId }) },
  'PATCH /api/v1/imports/{id}': {
    ids: () => ({ id: fx.importId }),
    body: () => ({ timezone: 'Europe/Berlin' }),
  },
  'POST /api/v1/imports/{id}/dry-run': { ids: async () => ({ id: await newImport() }) },
  'POST /api/v1/imports/{id}/run': { ids: async () => ({ id: await newImport() }) },
  'POST /api/v1/imports/{id}/cancel': {
    ids: async () => {
      const id = await newImport();
      await admin(fx, 'post', `/api/v1/imports/${id}/run`).expect(202);
      return { id };
    },
  },
  'POST /api/v1/imports/{id}/undo': { ids: () => ({ id: fx.importId }) },
  'GET /api/v1/backups/{id}': { ids: () => ({ id: fx.backupId }) },
  'GET /api/v1/backups/{id}/download': { ids: () => ({ id: fx.backupId }) },
  'POST /api/v1/webhooks': {
    body: () => ({ url: 'https://hooks.example.test/tt', events: ['entry.created'] }),
  },
  'GET /api/v1/webhooks/{id}': { ids: () => ({ id: fx.webhookId }) },
  'PATCH /api/v1/webhooks/{id}': {
    ids: () => ({ id: fx.webhookId }),
    body: () => ({ description: 'Changed' }),
  },
  'DELETE /api/v1/webhooks/{id}': { ids: async () => ({ id: await fx.make.webhook() }) },
  'GET /api/v1/webhooks/{id}/deliveries': { ids: () => ({ id: fx.webhookId }) },
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    ids: () => ({ id: fx.webhookId, deliveryId: fx.webhookDeliveryId }),
    body: () => ({}),
  },
  'POST /api/v1/webhooks/{id}/test': { ids: () => ({ id: fx.webhookId }), body: () => ({}) },
  'POST /api/v1/favourites': { fresh: true, body: () => ({ projectId: fx.projectId }) },
  'PUT /api/v1/favourites/order': {
    fresh: true,
    before: async (a) => {
      await as(a, 'post', '/api/v1/favourites').send({ projectId: fx.projectId }).expect(201);
    },
    body: async (a) => {
      if (a.kind === 'anonymous') return { ids: [1] };
      const list = await as(a, 'get', '/api/v1/favourites').expect(200);
      return { ids: (list.body.items as { id: number }[]).map((f) => f.id).reverse() };
    },
  },
  'GET /api/v1/favourites/{id}': { ids: () => ({ id: fx.favouriteId }) },
  'PATCH /api/v1/favourites/{id}': {
    ids: () => ({ id: fx.favouriteId }),
    body: () => ({ notes: 'changed' }),
  },
  'DELETE /api/v1/favourites/{id}': { ids: async () => ({ id: await fx.make.favourite() }) },
  'POST /api/v1/favourites/{id}/start': {
    serial: true,
    ids: () => ({ id: fx.favouriteId }),
    before: async () => fx.stopOwnerTimer(),
  },
  'POST /api/v1/tags': { body: () => ({ name: unique('tag') }) },
  'GET /api/v1/tags/{id}': { ids: () => ({ id: fx.tagId }) },
  'PATCH /api/v1/tags/{id}': { ids: () => ({ id: fx.tagId }), body: () => ({ colour: '#112233' }) },
  'DELETE /api/v1/tags/{id}': { ids: async () => ({ id: await fx.make.tag() }) },
  'POST /api/v1/tags/{id}/merge': {
    ids: async () => ({ id: await fx.make.tag() }),
    body: () => ({ into: fx.tagId }),
  },
  'PUT /api/v1/timesheet/cells': {
    body: () => ({ date: nextDay(), projectId: fx.projectId, seconds: 1800 }),
  },
  'POST /api/v1/teams': { body: () => ({ name: unique('team') }) },
  'GET /api/v1/teams/{id}': { ids: () => ({ id: fx.teamId }) },
  'PATCH /api/v1/teams/{id}': { ids: () => ({ id: fx.teamId }), body: () => ({ name: unique('team') }) },
  'DELETE /api/v1/teams/{id}': { ids: async () => ({ id: await fx.make.team() }) },
};

/**
 * Operations again with a parameter that names the owner (a user id in the query or body): the
 * owner may name themself, admins and the owner's team lead anyone they reach, everyone else is
 * refused (403). Reports and exports (reports.othersTime) also let accountants read it.
 */
const ABOUT_OWNER: Row = { ...row(401, 'allowed', 'allowed', 403), lead: 'allowed' };
const REPORT_ABOUT_OWNER: Row = { ...ABOUT_OWNER, accountant: 'allowed' };
/** The private project and the owner's time on it (docs/roles.md): its members, admins, accountants. */
const PRIVATE_PROJECT: Row = { ...row(401, 'allowed', 'allowed', 404), accountant: 'allowed' };
const ownerQuery = (name: string): Spec => ({ queryOf: () => `${name}=${fx.owner.id}` });
const VARIANTS: Record<string, { operation: string; row: Row; spec: Spec }> = {
  'GET /api/v1/time-entries?userId=owner': {
    operation: 'GET /api/v1/time-entries',
    row: ABOUT_OWNER, // timeEntries.listOthers
    spec: ownerQuery('userId'),
  },
  'GET /api/v1/calendar?userId=owner': {
    operation: 'GET /api/v1/calendar',
    row: ABOUT_OWNER,
    spec: ownerQuery('userId'),
  },
  'GET /api/v1/reports/summary?users=owner': {
    operation: 'GET /api/v1/reports/summary',
    row: REPORT_ABOUT_OWNER, // reports.othersTime
    spec: ownerQuery('users'),
  },
  'GET /api/v1/reports/series/by-project?users=owner': {
    operation: 'GET /api/v1/reports/series/{name}',
    row: REPORT_ABOUT_OWNER,
    spec: { ids: () => ({ name: 'by-project' }), queryOf: () => `users=${fx.owner.id}` },
  },
  'GET /api/v1/reports/series/by-user': {
    operation: 'GET /api/v1/reports/series/{name}',
    // reports.compareUsers: any manager (a lead of no one compares nobody), accountants
    row: { ...ADMIN_ACCOUNTANT, lead: 'allowed', otherLead: 'allowed' },
    spec: { ids: () => ({ name: 'by-user' }) },
  },
  'GET /api/v1/exports/time-entries.csv?users=owner': {
    operation: 'GET /api/v1/exports/time-entries.csv',
    row: REPORT_ABOUT_OWNER,
    spec: ownerQuery('users'),
  },
  'GET /api/v1/exports/time-entries.xlsx?users=owner': {
    operation: 'GET /api/v1/exports/time-entries.xlsx',
    row: REPORT_ABOUT_OWNER,
    spec: ownerQuery('users'),
  },
  'GET /api/v1/exports/report-summary.xlsx?users=owner': {
    operation: 'GET /api/v1/exports/report-summary.xlsx',
    row: REPORT_ABOUT_OWNER,
    spec: ownerQuery('users'),
  },
  // The owner's timesheet (timeEntries.listOthers / recordForOthers): admins and the owner's lead.
  'GET /api/v1/exports/timesheet.pdf?userId=owner': {
    operation: 'GET /api/v1/exports/timesheet.pdf',
    row: ABOUT_OWNER,
    spec: ownerQuery('userId'),
  },
  'GET /api/v1/timesheet?userId=owner': {
    operation: 'GET /api/v1/timesheet',
    row: ABOUT_OWNER,
    spec: ownerQuery('userId'),
  },
  'GET /api/v1/timesheet/previous-rows?userId=owner': {
    operation: 'GET /api/v1/timesheet/previous-rows',
    row: ABOUT_OWNER,
    spec: ownerQuery('userId'),
  },
  'PUT /api/v1/timesheet/cells for the owner': {
    operation: 'PUT /api/v1/timesheet/cells',
    row: ABOUT_OWNER,
    spec: { body: () => ({ userId: fx.owner.id, date: nextDay(), projectId: fx.projectId, seconds: 1800 }) },
  },
  'POST /api/v1/time-entries for the owner': {
    operation: 'POST /api/v1/time-entries',
    row: ABOUT_OWNER, // timeEntries.recordForOthers
    spec: { body: () => ({ userId: fx.owner.id, projectId: fx.projectId, ...nextSlot() }) },
  },
  'PATCH /api/v1/tasks/{id} to another project': {
    operation: 'PATCH /api/v1/tasks/{id}',
    row: ADMIN_ONLY, // tasks.move, even the creator
    spec: {
      ids: async () => ({ id: await fx.make.task() }),
      body: async () => ({ projectId: await fx.make.project() }),
    },
  },
  // A task the owner made and assigned to the other user: its assignee may change its status
  // (tasks.changeStatus + mayOwn), nothing else (tasks.changeAny).
  'PATCH /api/v1/tasks/{id} status, assigned to the other user': {
    operation: 'PATCH /api/v1/tasks/{id}',
    row: { ...CREATOR, other: 'allowed' },
    spec: {
      ids: async () => ({ id: await fx.make.task(fx.other.id) }),
      body: () => ({ status: 'in_progress' }),
    },
  },
  'PATCH /api/v1/tasks/{id} name, assigned to the other user': {
    operation: 'PATCH /api/v1/tasks/{id}',
    row: CREATOR,
    spec: {
      ids: async () => ({ id: await fx.make.task(fx.other.id) }),
      body: () => ({ name: unique('renamed') }),
    },
  },
  'POST /api/v1/time-entries/bulk for the owner': {
    operation: 'POST /api/v1/time-entries/bulk',
    row: ABOUT_OWNER,
    spec: {
      body: () => {
        const d = nextDay();
        return {
          userId: fx.owner.id,
          projectId: fx.projectId,
          from: d,
          to: d,
          startTime: '10:00',
          endTime: '10:30',
        };
      },
    },
  },
  // The private project the owner is a member of (no team): the outsider, other users and the
  // managers find nothing; the owner's lead still reads the owner's time on it.
  'GET /api/v1/projects/{id} private': {
    operation: 'GET /api/v1/projects/{id}',
    row: PRIVATE_PROJECT,
    spec: { ids: () => ({ id: fx.privateProjectId }) },
  },
  'GET /api/v1/time-entries/{id} on the private project': {
    operation: 'GET /api/v1/time-entries/{id}',
    row: OWNED,
    spec: { ids: () => ({ id: fx.privateEntryId }) },
  },
  'GET /api/v1/time-entries?projectId=private': {
    operation: 'GET /api/v1/time-entries',
    row: SIGNED_IN, // each reads their own (none): the leak checks look for the owner's
    spec: { queryOf: () => `projectId=${fx.privateProjectId}` },
  },
  'GET /api/v1/reports/summary?projects=private': {
    operation: 'GET /api/v1/reports/summary',
    row: SIGNED_IN,
    spec: { queryOf: () => `projects=${fx.privateProjectId}` },
  },
};

// ---------------------------------------------------------------------------------------------
// The OpenAPI document's operations
// ---------------------------------------------------------------------------------------------

const doc = JSON.parse(readFileSync(path.join(__dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];
const OPERATIONS = Object.entries(doc.paths).flatMap(([route, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({
    method,
    route,
    key: `${method.toUpperCase()} ${route}`,
  })),
);

// ---------------------------------------------------------------------------------------------
// Fixture
// ---------------------------------------------------------------------------------------------

/** Values no non-admin may read anywhere. */
const SECRETS = {
  taxId: 'TAX-ID-SECRET-4711',
  bankInfo: 'IBAN-SECRET-0815-4711',
  note: 'owner-private-note-93',
};
const RATES = { client: '91.00', project: '93.00' };
/** The private project's name and the owner's notes on it: only its members (and admins, accountants, the owner's lead) read them. */
const PRIVATE = { project: 'private-project-secret-61', note: 'owner-private-project-note-62' };

let db: TestDatabase;
let app: ApiApp;
const sql = sqlOn(() => db.url);

const http = () => request(app.getHttpServer());

/** A request as the actor: a session also sends its CSRF token, a token its Bearer header. */
function as(actor: Actor, method: Method, url: string): Test {
  if (actor.kind === 'session')
    return actor.session!.agent[method](url).set('X-CSRF-Token', actor.session!.csrf);
  const req = http()[method](url);
  return actor.kind === 'token' ? req.set('Authorization', `Bearer ${actor.token}`) : req;
}
function admin(f: Fixture, method: Method, url: string): Test {
  return as(f.adminSession, method, url);
}
/** Secrets of second factors set up by actors (fresh accounts), by user id. */
const totpSecrets = new Map<number | null, string>();
async function startTwoFactor(a: Actor) {
  if (a.kind === 'anonymous') return;
  const res = await as(a, 'post', '/api/v1/account/two-factor/enrol').expect(200);
  totpSecrets.set(a.userId, res.body.secret);
}
const totpNow = (a: Actor) =>
  a.kind === 'anonymous'
    ? '000000'
    : TOTP.generate({ secret: Secret.fromBase32(totpSecrets.get(a.userId)!), timestamp: Date.now() });
async function enrolTwoFactor(a: Actor) {
  if (a.kind === 'anonymous') return;
  await startTwoFactor(a);
  await as(a, 'post', '/api/v1/account/two-factor/confirm')
    .send({ code: totpNow(a) })
    .expect(200);
}
async function startTimer(a: Actor) {
  await as(a, 'post', '/api/v1/timer/start').send({ projectId: fx.projectId }).expect(201);
}

/**
 * This file signs in far more often than the per-address limit allows (auth.e2e.test.ts tests
 * that limit): the counters are cleared before each of its own sign-ins.
 */
async function clearSignInLimits() {
  await sql("DELETE FROM rate_limits WHERE key LIKE 'login:%'");
}

let signInQueue: Promise<unknown> = Promise.resolve();
/**
 * Clears the counters and signs in, one sign-in at a time: writes of several users run at once,
 * and a clearing beside another sign-in's count can deadlock.
 */
function signInInTurn(user: { username: string; password: string }): Promise<Session> {
  const next = signInQueue.then(async () => {
    await clearSignInLimits();
    return signIn(app, { username: user.username, password: user.password });
  });
  signInQueue = next.catch(() => undefined);
  return next;
}

async function newToken(session: Session, name = unique('token')): Promise<{ id: number; token: string }> {
  const res = await session.agent
    .post('/api/v1/tokens')
    .set('X-CSRF-Token', session.csrf)
    .send({ name })
    .expect(201);
  return { id: res.body.id as number, token: res.body.token as string };
}

async function makeActor(
  name: string,
  column: Column,
  kind: Actor['kind'],
  user: { id: number; username: string; password: string; role: Role } | null,
): Promise<Actor> {
  if (!user)
    return { name, column, kind, role: null, userId: null, password: null, session: null, token: null };
  const session = await signInInTurn(user);
  const token = kind === 'token' ? (await newToken(session)).token : null;
  return { name, column, kind, role: user.role, userId: user.id, password: user.password, session, token };
}

type Fixture = Awaited<ReturnType<typeof makeFixture>>;

async function makeFixture() {
  const adminUser = { ...ADMIN, id: 0, role: 'admin' as const };
  const adminSession = await makeActor('admin (session)', 'admin', 'session', adminUser);
  adminUser.id = adminSession.session!.user.id;
  const aSession = adminSession.session!;
  const post = (url: string, body: unknown = {}) =>
    aSession.agent
      .post(url)
      .set('X-CSRF-Token', aSession.csrf)
      .send(body as object);

  const account = async (prefix: string, role: Role = 'user') => {
    const creds = { username: unique(prefix), password: `${prefix}-password-1`, role };
    const made = await createUser(aSession, creds);
    return { ...creds, id: made.id };
  };
  const owner = await account('owner');
  const other = await account('other');
  const lead = await account('lead', 'manager');
  const otherLead = await account('otherlead', 'manager');
  const accountant = await account('accountant', 'accountant');
  const outsider = await account('outsider');
  // The owner's team, led by `lead`; another team (the other user's), led by `otherLead`.
  await post('/api/v1/teams', {
    name: unique('owners-team'),
    members: [{ userId: owner.id }, { userId: lead.id, isLead: true }],
  }).expect(201);
  await post('/api/v1/teams', {
    name: unique('others-team'),
    members: [{ userId: other.id }, { userId: otherLead.id, isLead: true }],
  }).expect(201);

  const ownerSession = await makeActor('owner (session)', 'owner', 'session', owner);
  const os = ownerSession.session!;
  const ownerPost = (url: string, body: unknown = {}) =>
    os.agent
      .post(url)
      .set('X-CSRF-Token', os.csrf)
      .send(body as object);

  await aSession.agent
    .patch('/api/v1/settings')
    .set('X-CSRF-Token', aSession.csrf)
    .send({
      companyTaxId: SECRETS.taxId,
      companyBankInfo: SECRETS.bankInfo,
      companyName: 'Matrix Ltd',
      companyAddress: '1 Matrix Road',
      allowSelfRegister: true,
    })
    .expect(200);

  const make = {
    user: async () => (await account('target')).id,
    client: async () =>
      (
        await post('/api/v1/clients', {
          name: unique('client'),
          defaultHourlyRate: RATES.client,
          // In force for the fixture's entries too (they lie in the past).
          defaultHourlyRateFrom: '1970-01-01',
        }).expect(201)
      ).body.id as number,
    project: async (clientId?: number) =>
      (
        await post('/api/v1/projects', {
          name: unique('project'),
          clientId,
          hourlyRate: RATES.project,
          hourlyRateFrom: '1970-01-01',
        }).expect(201)
      ).body.id as number,
    task: async (assignedTo?: number) =>
      (await ownerPost('/api/v1/tasks', { projectId, name: unique('task'), assignedTo }).expect(201)).body
        .id as number,
    entry: async (when = nextSlot()) =>
      (await ownerPost('/api/v1/time-entries', { projectId, notes: SECRETS.note, ...when }).expect(201)).body
        .id as number,
    favourite: async () =>
      (await ownerPost('/api/v1/favourites', { projectId, notes: SECRETS.note }).expect(201)).body
        .id as number,
    tag: async () => (await ownerPost('/api/v1/tags', { name: unique('tag') }).expect(201)).body.id as number,
    week: async () =>
      (await ownerPost('/api/v1/approvals', { week: nextWeek() }).expect(201)).body.id as number,
    invoice: async () => (await post('/api/v1/invoices', { projectId }).expect(201)).body.id as number,
    webhook: async () =>
      (
        await post('/api/v1/webhooks', {
          url: 'https://hooks.example.test/tt',
          events: ['entry.created', 'invoice.paid'],
        }).expect(201)
      ).body.id as number,
    budget: async () =>
      (await post('/api/v1/budgets', { projectId: await make.project(), hours: '10' }).expect(201)).body
        .id as number,
    rate: async () =>
      (
        await post('/api/v1/rates', {
          kind: 'cost',
          projectId,
          effectiveFrom: nextDay(),
          amount: '5.00',
        }).expect(201)
      ).body.id as number,
    team: async () => (await post('/api/v1/teams', { name: unique('team') }).expect(201)).body.id as number,
    item: async (invoiceId: number) => {
      const res = await post(`/api/v1/invoices/${invoiceId}/items`, {
        description: 'Work',
        quantity: '1',
        unitPrice: '10.00',
      }).expect(201);
      return res.body.items[res.body.items.length - 1].id as number;
    },
    ownerToken: async () => (await newToken(os)).id,
    /** A second sign-in of the owner; its id as the owner's session list shows it. */
    ownerSession: async () => {
      const s = await signInInTurn(owner);
      const list = await s.agent.get('/api/v1/account/sessions').expect(200);
      return list.body.items.find((i: { current: boolean }) => i.current).id as string;
    },
  };

  const clientId = await make.client();
  const projectId = await make.project(clientId);
  // A private project of its own client, the owner its only member, with the owner's time on it.
  const privateProjectId = (
    await post('/api/v1/projects', {
      name: PRIVATE.project,
      clientId: await make.client(),
      hourlyRate: RATES.project,
      hourlyRateFrom: '1970-01-01',
      visibility: 'private',
      memberIds: [owner.id],
    }).expect(201)
  ).body.id as number;
  const privateEntryId = (
    await ownerPost('/api/v1/time-entries', {
      projectId: privateProjectId,
      notes: PRIVATE.note,
      ...nextSlot(),
    }).expect(201)
  ).body.id as number;
  const fixture = {
    owner,
    other,
    adminSession,
    ownerSession,
    actors: [] as Actor[],
    make,
    clientId,
    projectId,
    privateProjectId,
    privateEntryId,
    taskId: await make.task(),
    entryId: await make.entry(),
    favouriteId: await make.favourite(),
    tagId: await make.tag(),
    weekId: await make.week(),
    invoiceId: await make.invoice(),
    teamId: await make.team(),
    itemId: 0,
    /** A sent invoice (a draft has no PDF yet). */
    sentInvoiceId: 0,
    backupId: (await post('/api/v1/backups').expect(202)).body.id as number,
    webhookId: 0,
    /** A test delivery of webhookId, to redeliver. */
    webhookDeliveryId: 0,
    importId: 0,
    /** Stops the owner's running timer, if any (continue and favourite start start one). */
    stopOwnerTimer: async () => {
      const res = await ownerPost('/api/v1/timer/stop', {});
      expect([200, 404, 409]).toContain(res.status);
    },
    /** A new account of the actor's role, signed in the same way (for `fresh` operations). */
    freshActor: async (a: Actor): Promise<Actor> =>
      a.kind === 'anonymous' ? a : makeActor(a.name, a.column, a.kind, await account('fresh', a.role!)),
  };
  fixture.itemId = await make.item(fixture.invoiceId);
  fixture.webhookId = await make.webhook();
  fixture.webhookDeliveryId = (await post(`/api/v1/webhooks/${fixture.webhookId}/test`, {}).expect(202)).body
    .id as number;
  fixture.importId = (
    await as(adminSession, 'post', '/api/v1/imports?timezone=UTC')
      .attach('file', CSV, { filename: 'toggl.csv', contentType: 'text/csv' })
      .expect(201)
  ).body.id as number;
  fixture.sentInvoiceId = await make.invoice();
  await make.item(fixture.sentInvoiceId);
  await post(`/api/v1/invoices/${fixture.sentInvoiceId}/send`).expect(200);
  fixture.actors = [
    await makeActor('anonymous', 'anonymous', 'anonymous', null),
    adminSession,
    await makeActor('admin (token)', 'admin', 'token', adminUser),
    ownerSession,
    await makeActor('owner (token)', 'owner', 'token', owner),
    await makeActor('other user (session)', 'other', 'session', other),
    await makeActor('lead (session)', 'lead', 'session', lead),
    await makeActor('lead (token)', 'lead', 'token', lead),
    await makeActor('other lead (session)', 'otherLead', 'session', otherLead),
    await makeActor('other lead (token)', 'otherLead', 'token', otherLead),
    await makeActor('accountant (session)', 'accountant', 'session', accountant),
    await makeActor('accountant (token)', 'accountant', 'token', accountant),
    await makeActor('outsider (session)', 'outsider', 'session', outsider),
    await makeActor('outsider (token)', 'outsider', 'token', outsider),
  ];
  return fixture;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  fx = await makeFixture();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

function outcomeOf(res: Response): Outcome | number {
  if (res.status >= 200 && res.status < 300) return 'allowed';
  return res.status;
}

/** Columns that may see none of the owner's time (the lead sees it; accountants in reports). */
const STRANGERS: readonly Column[] = ['other', 'otherLead', 'outsider'];
/** Columns not on the private project, nor above it (admins, accountants, the owner's lead). */
const NOT_ON_PRIVATE: readonly Column[] = ['other', 'otherLead', 'outsider'];
/** Rates, costs and money in JSON (docs/roles.md, rates.md, budgets.md): rates.see only. */
const MONEY_FIELDS =
  /"(?:hourlyRate|defaultHourlyRate|billableAmount|costAmount|margin|totalAmount|unitPrice|amount)":\s*"|"money":\s*\{/;
/** Reports and exports: accountants read everyone's (reports.othersTime). */
const REPORTS = /^GET \/api\/v1\/(?:reports|exports)\//;
/** Teams name their members' ids to those who may read teams (teams.see): no time in them. */
const TEAMS = /^GET \/api\/v1\/teams/;

/**
 * What the bodies non-admins got show that they may not see: the company's tax id and bank
 * details (settings.readPrivate), password and token hashes; rates and money without rates.see;
 * to those who may not see it, the owner's notes or id (their time entries, favourites, …); and
 * to those not on it, the private project and the owner's time on it.
 */
async function leaks(
  bodies: { actor: Actor; key: string; text: string }[],
  ratesVisibleToAll = false,
): Promise<string[]> {
  const hashes = (
    await sql<{ h: string }>(
      'SELECT password_hash AS h FROM users WHERE password_hash IS NOT NULL UNION ALL SELECT token_hash FROM api_tokens UNION ALL SELECT token_hash FROM password_tokens UNION ALL SELECT secret_hash FROM calendar_feeds',
    )
  ).map((r) => r.h);
  const faults: string[] = [];
  for (const { actor, key, text } of bodies) {
    if (actor.role === 'admin' || actor.kind === 'anonymous') continue;
    const found = (what: string, value: string) => {
      if (text.includes(value)) faults.push(`${actor.name} ${key}: ${what}`);
    };
    found('company tax id', SECRETS.taxId);
    found('company bank details', SECRETS.bankInfo);
    for (const h of hashes) found('a password or token hash', h);
    if (/\$argon2|\$2[aby]\$/.test(text)) faults.push(`${actor.name} ${key}: a password hash`);
    const seesRates = actor.role === 'accountant' || ratesVisibleToAll;
    if (!seesRates) {
      if (MONEY_FIELDS.test(text)) faults.push(`${actor.name} ${key}: ${MONEY_FIELDS.exec(text)![0]}`);
      found('the client’s rate', RATES.client);
      found('the project’s rate', RATES.project);
    }
    if (STRANGERS.includes(actor.column) || (actor.column === 'accountant' && !REPORTS.test(key))) {
      found('the owner’s notes', SECRETS.note);
      found('the owner’s notes on the private project', PRIVATE.note);
      if (!TEAMS.test(key) && new RegExp(`"userId":${fx.owner.id}\\b`).test(text))
        faults.push(`${actor.name} ${key}: the owner’s id`);
    }
    if (NOT_ON_PRIVATE.includes(actor.column)) found('the private project', PRIVATE.project);
  }
  return faults;
}

async function callAs(
  key: string,
  method: Method,
  route: string,
  shared: Actor,
  spec: Spec = SPECS[key] ?? {},
) {
  const actor = spec.fresh ? await fx.freshActor(shared) : shared;
  if (actor.kind !== 'anonymous') await spec.before?.(actor);
  const ids = (await spec.ids?.(actor)) ?? {};
  const url =
    route.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (!(name in ids)) throw new Error(`${key}: no value for {${name}} in SPECS`);
      return encodeURIComponent(String(ids[name]));
    }) + (spec.queryOf ? `?${spec.queryOf()}` : spec.query ? `?${spec.query}` : '');
  let req = as(actor, method, url);
  if (spec.upload === 'csv') {
    req = req.attach('file', CSV, { filename: 'toggl.csv', contentType: 'text/csv' });
  } else if (spec.upload) {
    req = req.attach('file', PNG, { filename: 'logo.png', contentType: 'image/png' });
  } else if (spec.body) req = req.send((await spec.body(actor)) as object);
  const res = await req;
  return { actor, res };
}

/** A Toggl export of one row (the import routes). */
const CSV = Buffer.from(
  'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n' +
    'Ann,ann@example.test,,Web,,Work,Yes,2021-03-01,09:00:00,2021-03-01,10:00:00,01:00:00,\n',
);

/** A new uploaded import (the admin's), for operations that change its state. */
async function newImport(): Promise<number> {
  const res = await admin(fx, 'post', '/api/v1/imports?timezone=UTC')
    .attach('file', CSV, { filename: 'toggl.csv', contentType: 'text/csv' })
    .expect(201);
  return res.body.id as number;
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** Calls one operation as every actor and compares with its row; then searches the bodies. */
async function runRow(key: string, method: Method, route: string, row: Row, spec: Spec) {
  await spec.once?.();
  // Reads run for all actors at once; writes of one user one after another (one timer per user,
  // etc.), different users at once (unless `serial`: they touch the owner's timer).
  const inTurn = (actors: Actor[]) =>
    actors.reduce(
      async (done, a) => [...(await done), await callAs(key, method, route, a, spec)],
      Promise.resolve([] as Awaited<ReturnType<typeof callAs>>[]),
    );
  const byUser = new Map<number | null, Actor[]>();
  for (const a of fx.actors) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  const results =
    method === 'get'
      ? await Promise.all(fx.actors.map((a) => callAs(key, method, route, a, spec)))
      : spec.serial
        ? await inTurn(fx.actors)
        : (await Promise.all([...byUser.values()].map(inTurn))).flat();
  const wrong = results
    .filter(({ actor, res }) => outcomeOf(res) !== row[actor.column])
    .map(
      ({ actor, res }) =>
        `${actor.name}: ${res.status} ${String(res.body?.code ?? '')} ${String(res.body?.detail ?? '')} (expected ${row[actor.column]})`,
    );
  expect(wrong, wrong.join('\n')).toEqual([]);
  const bodies = results.map(({ actor, res }) => ({ actor, key, text: res.text ?? '' }));
  const leaked = await leaks(bodies);
  expect(leaked, leaked.join('\n')).toEqual([]);
}

describe('authorization matrix', () => {
  it('has exactly one row per operation of the OpenAPI document', () => {
    const keys = OPERATIONS.map((o) => o.key);
    expect(keys.filter((k) => !(k in EXPECTED))).toEqual([]); // add a row for each of these
    expect(Object.keys(EXPECTED).filter((k) => !keys.includes(k))).toEqual([]); // routes gone
    expect(Object.keys(SPECS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it.each(OPERATIONS.filter((o) => o.key in EXPECTED).map((o) => [o.key, o] as const))(
    '%s',
    async (key, { method, route }) => runRow(key, method, route, EXPECTED[key]!, SPECS[key] ?? {}),
  );

  it.each(Object.entries(VARIANTS))('%s', async (key, variant) => {
    const op = OPERATIONS.find((o) => o.key === variant.operation);
    expect(op, `${variant.operation} is not in the OpenAPI document`).toBeDefined();
    await runRow(key, op!.method, op!.route, variant.row, variant.spec);
  });
});

describe('what non-admins read', () => {
  // Lists with every filter open: what each role reads of everyone's data.
  const LISTS = [
    '/api/v1/settings',
    '/api/v1/time-entries?pageSize=500',
    '/api/v1/favourites',
    '/api/v1/tokens',
    '/api/v1/projects?pageSize=500',
    '/api/v1/clients?pageSize=500',
    '/api/v1/tasks?pageSize=500',
    '/api/v1/budgets',
    '/api/v1/approvals?status=submitted',
    '/api/v1/reports/summary?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z',
    '/api/v1/reports/dashboard',
    '/api/v1/calendar?from=2025-01-01&to=2025-01-31',
    '/api/v1/exports/time-entries.csv?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z',
  ];
  const readLists = async () => {
    const bodies: { actor: Actor; key: string; text: string }[] = [];
    for (const a of fx.actors.filter((x) => x.kind !== 'anonymous' && x.role !== 'admin')) {
      const results = await Promise.all(LISTS.map((route) => as(a, 'get', route)));
      results.forEach((res, i) => {
        expect(res.status, `${a.name} GET ${LISTS[i]}: ${res.text}`).toBe(200);
        bodies.push({ actor: a, key: `GET ${LISTS[i]!.split('?')[0]}`, text: res.text });
      });
    }
    return bodies;
  };

  it('never carries the tax id, bank details, hashes, rates, or time the role may not see', async () => {
    expect(await leaks(await readLists())).toEqual([]);
  });

  it('carries rates to everyone once settings.ratesVisibleToAll, still no one else’s time', async () => {
    await admin(fx, 'patch', '/api/v1/settings').send({ ratesVisibleToAll: true }).expect(200);
    try {
      expect(await leaks(await readLists(), true)).toEqual([]);
    } finally {
      await admin(fx, 'patch', '/api/v1/settings').send({ ratesVisibleToAll: false }).expect(200);
    }
  });

  // Issue #18: rates are hidden from users (and managers) unless settings.ratesVisibleToAll.
  it('shows rates to admins and accountants, and to everyone once the setting says so', async () => {
    const read = async (a: Actor) => ({
      client: (await as(a, 'get', `/api/v1/clients/${fx.clientId}`).expect(200)).body,
      project: (await as(a, 'get', `/api/v1/projects/${fx.projectId}`).expect(200)).body,
    });
    const signedIn = fx.actors.filter((x) => x.kind !== 'anonymous');
    for (const a of signedIn) {
      const { client, project } = await read(a);
      const sees = a.role === 'admin' || a.role === 'accountant';
      expect(client.defaultHourlyRate, a.name).toBe(sees ? RATES.client : undefined);
      expect(project.hourlyRate, a.name).toBe(sees ? RATES.project : undefined);
    }
    await admin(fx, 'patch', '/api/v1/settings').send({ ratesVisibleToAll: true }).expect(200);
    try {
      for (const a of signedIn) {
        const { client, project } = await read(a);
        expect(client.defaultHourlyRate, a.name).toBe(RATES.client);
        expect(project.hourlyRate, a.name).toBe(RATES.project);
      }
    } finally {
      await admin(fx, 'patch', '/api/v1/settings').send({ ratesVisibleToAll: false }).expect(200);
    }
  });
});
