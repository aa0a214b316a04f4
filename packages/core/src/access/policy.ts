import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';

type Role = Principal['role'];

interface Permission {
  /** The roles that may do it. */
  roles: readonly Role[];
  /** The 403's message for everyone else. */
  refusal: string;
  /**
   * Whether a team lead (role manager) may also do it to the users they lead. The service asks
   * TeamScopeRepository and passes its answer to `mayOnUser`/`authorizeOnUser`.
   */
  leads?: true;
}

/**
 * Who may do what, per resource: the one place that says it. Services ask `authorize` or `may`
 * with an action from this table and never compare roles themselves (lint forbids it in
 * services), so a new role (manager, accountant, …) is a change here, not a hunt through them.
 */
const PERMISSIONS = {
  // Who changed what (issue #18 §4): before and after values of everyone's time and roles.
  'audit.read': { roles: ['admin'], refusal: 'Only admins can read the audit log' },
  // Budgets limit a project's or client's hours and money; everyone who may see the project sees
  // its hours' progress, money only with rates.see.
  'budgets.manage': { roles: ['admin'], refusal: 'Only admins can set budgets' },
  // Threshold notifications: admins receive every budget's (budgets.notificationsAll), managers
  // those of the projects of the teams they lead (BudgetsRepository narrows it, docs/budgets.md).
  'budgets.notifications': {
    roles: ['admin', 'manager'],
    refusal: 'Only admins and team leads receive budget notifications',
  },
  'budgets.notificationsAll': { roles: ['admin'], refusal: 'Only admins receive every budget notification' },
  'backups.manage': { roles: ['admin'], refusal: 'Only admins can see and make backups' },
  'imports.manage': { roles: ['admin'], refusal: 'Only admins can import time from other trackers' },
  'clients.change': { roles: ['admin'], refusal: 'Only admins can change clients' },
  // Invoices add up everyone's time and rates: admins and accountants (who keep the books).
  'invoices.manage': {
    roles: ['admin', 'accountant'],
    refusal: 'Only admins and accountants can see and change invoices',
  },
  'projects.change': { roles: ['admin'], refusal: 'Only admins can change projects' },
  // Private projects, their clients and tasks: everyone sees those they may track on; these
  // roles see all of them (a manager also sees their teams' projects, see ProjectAccess).
  'projects.seeAll': { roles: ['admin', 'accountant'], refusal: 'You are not allowed to do this' },
  // Rates, costs and money amounts (issue #18): settings.ratesVisibleToAll widens it to everyone,
  // see `maySeeRates`.
  'rates.see': { roles: ['admin', 'accountant'], refusal: 'Only admins and accountants see rates' },
  // Billable and cost rates (issue #18 §2): only admins set them.
  'rates.change': { roles: ['admin'], refusal: 'Only admins can change rates' },
  'reports.compareUsers': {
    roles: ['admin', 'accountant', 'manager'],
    refusal: 'Only admins, accountants and team leads can compare users',
  },
  'reports.othersTime': {
    roles: ['admin', 'accountant'],
    refusal: "Only admins, accountants and their team leads can report on other users' time",
    leads: true,
  },
  'teams.manage': { roles: ['admin'], refusal: 'Only admins can change teams' },
  'teams.see': {
    roles: ['admin', 'accountant', 'manager'],
    refusal: 'Only admins, accountants and managers can see teams',
  },
  'settings.change': { roles: ['admin'], refusal: 'Only admins can change the settings' },
  // The company's tax id and bank details: only invoices (an admin's business) print them.
  'settings.readPrivate': {
    roles: ['admin'],
    refusal: 'Only admins can see the company’s tax id and bank details',
  },
  'setup.see': { roles: ['admin'], refusal: 'Only admins set up the instance' },
  'system.see': { roles: ['admin'], refusal: 'Only admins can see system details' },
  // A task's creator may change and delete it too, its assignee change its status (see mayOwn).
  // Tags are shared by everyone: only admins change one for all (everyone picks and, unless
  // settings.tagCreation = admins, creates them; see tags.createWhenRestricted).
  'tags.manage': {
    roles: ['admin'],
    refusal: 'Only admins can rename, recolour, archive, merge or delete tags',
  },
  'tags.createWhenRestricted': {
    roles: ['admin'],
    refusal: 'Only admins can create tags (settings.tagCreation = admins)',
  },
  'tasks.changeAny': { roles: ['admin'], refusal: 'Only admins and the task’s creator can change it' },
  'tasks.changeStatus': {
    roles: ['admin'],
    refusal: 'Only admins, the task’s creator and its assignee can change it',
  },
  // Entries on the task (anyone's) name the task together with its project.
  'tasks.move': { roles: ['admin'], refusal: 'Only admins move a task to another project' },
  'tasks.deleteAny': { roles: ['admin'], refusal: 'Only admins and the task’s creator can delete it' },
  // Accountants read every report but touch no one's time: not their entries either.
  'timeEntries.listOthers': {
    roles: ['admin'],
    refusal: "Only admins and their team leads can list other users' time",
    leads: true,
  },
  'timeEntries.recordForOthers': {
    roles: ['admin'],
    refusal: 'Only admins and their team leads can record time for another user',
    leads: true,
  },
  // Another user's entry reads as absent to the others (404, not 403).
  'timeEntries.seeOthers': {
    roles: ['admin'],
    refusal: 'You are not allowed to do this',
    leads: true,
  },
  // Approvals and locks (docs/approvals.md). A team's lead decides its members' weeks too: the
  // services ask TeamScopeRepository.manages for that, these actions say who may regardless.
  'approvals.decideAny': {
    roles: ['admin'],
    refusal: 'Only the user’s team lead or an admin can decide this week',
  },
  'approvals.queueAll': { roles: ['admin'], refusal: 'Only admins see every user’s weeks' },
  'approvals.seeAny': { roles: ['admin'], refusal: 'You are not allowed to see this week' },
  // Admins write locked time (the write is recorded as an override); everyone else gets TIME_LOCKED.
  'time.overrideLocks': { roles: ['admin'], refusal: 'Only admins can change locked time' },
  // Webhooks send every entry, invoice and week to an outside URL (docs/webhooks.md).
  'webhooks.manage': { roles: ['admin'], refusal: 'Only admins can manage webhooks' },
  // OpenID Connect settings (docs/sso.md): who may sign in, and with which role.
  'sso.manage': { roles: ['admin'], refusal: 'Only admins can change single sign-on' },
  'usage.see': { roles: ['admin'], refusal: 'Only admins can see usage counts' },
  'users.manage': { roles: ['admin'], refusal: 'Only admins can manage users' },
  // Anyone may set their own password (see mayOwn).
  'users.setAnyPassword': { roles: ['admin'], refusal: 'You are not allowed to do this' },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

/** Whether the actor's role allows the action. */
export function may(actor: Pick<Principal, 'role'>, action: Action): boolean {
  return (PERMISSIONS[action].roles as readonly Role[]).includes(actor.role);
}

/** Whether the actor may do the action to a record owned by `ownerId`: by role, or as its owner. */
export function mayOwn(
  actor: Pick<Principal, 'role' | 'userId'>,
  action: Action,
  ownerId: number | null,
): boolean {
  return may(actor, action) || (ownerId !== null && ownerId === actor.userId);
}

/** Throws the action's 403 unless the actor's role allows it. */
export function authorize(actor: Pick<Principal, 'role'>, action: Action): void {
  if (!may(actor, action)) throw DomainError.forbidden(PERMISSIONS[action].refusal);
}

/** Throws the action's 403 unless the actor's role allows it or the actor owns the record. */
export function authorizeOwn(
  actor: Pick<Principal, 'role' | 'userId'>,
  action: Action,
  ownerId: number | null,
): void {
  if (!mayOwn(actor, action, ownerId)) throw DomainError.forbidden(PERMISSIONS[action].refusal);
}

/**
 * Whom the actor may do a per-user action to: `everyone` by role, `led` (only the users they
 * lead, and themselves: ask TeamScopeRepository.managedUserIds) or `self`.
 */
export function reach(actor: Pick<Principal, 'role'>, action: Action): 'everyone' | 'led' | 'self' {
  if (may(actor, action)) return 'everyone';
  const permission: Permission = PERMISSIONS[action];
  return permission.leads && actor.role === 'manager' ? 'led' : 'self';
}

/**
 * Whether the actor may do the action to `ownerId`'s data: by role, as its owner, or as a team
 * lead of the owner where the action allows it. `manages` is TeamScopeRepository.manages(actor,
 * owner) (pass false without asking when `reach` is not `led`): services never compare roles.
 */
export function mayOnUser(
  actor: Pick<Principal, 'role' | 'userId'>,
  action: Action,
  ownerId: number,
  manages: boolean,
): boolean {
  if (mayOwn(actor, action, ownerId)) return true;
  return reach(actor, action) === 'led' && manages;
}

/** Throws the action's 403 unless `mayOnUser`. */
export function authorizeOnUser(
  actor: Pick<Principal, 'role' | 'userId'>,
  action: Action,
  ownerId: number,
  manages: boolean,
): void {
  if (!mayOnUser(actor, action, ownerId, manages)) throw DomainError.forbidden(PERMISSIONS[action].refusal);
}

/**
 * maySeeRates when the setting has to be read: it is read only for those whose role does not
 * already let them see rates (admins and accountants never pay for the read).
 */
export async function maySeeRatesReading(
  actor: Pick<Principal, 'role'>,
  ratesVisibleToAll: () => Promise<boolean>,
): Promise<boolean> {
  return may(actor, 'rates.see') || (await ratesVisibleToAll());
}

/** Whether the actor sees rates, costs and money: by role, or everyone when the setting says so. */
export function maySeeRates(
  actor: Pick<Principal, 'role'>,
  settings: { ratesVisibleToAll: boolean },
): boolean {
  return settings.ratesVisibleToAll || may(actor, 'rates.see');
}

/**
 * Whether settings.requireTwoFactor (off | admins | everyone) makes this user set up a second
 * factor. Only for accounts that sign in with a local password: SSO users (none yet) rely on
 * their identity provider's second factor, so `hasLocalPassword` is the seam an SSO sign-in
 * passes false to.
 */
export function mustHaveSecondFactor(
  user: { role: string; hasLocalPassword: boolean },
  requireTwoFactor: string,
): boolean {
  if (!user.hasLocalPassword) return false;
  if (requireTwoFactor === 'everyone') return true;
  return requireTwoFactor === 'admins' && user.role === 'admin';
}
