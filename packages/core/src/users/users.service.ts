import { roleOf } from '../auth/principal';
import { hashPassword } from '../auth/password';
import { normalizeUsername, passwordProblems } from '../auth/password-policy';
import { DomainError } from '../errors/domain-error';
import { authorize, authorizeOwn } from '../access/policy';
import { DEFAULT_PASSWORD_RESET_OPTIONS, queuePasswordLink } from '../auth/password-reset.service';
import type { Principal } from '../auth/principal';
import type { UserListFilter, UserRow, UsersRepository } from './users.repository';

export type Role = 'admin' | 'manager' | 'accountant' | 'user';

export interface UserView {
  id: number;
  username: string;
  role: Role;
  isActive: boolean;
  hasPassword: boolean;
  email: string | null;
  createdAt: string;
  lastLogin: string | null;
  twoFactorEnabled: boolean;
}

/** A user as the audit log keeps it: who they are and what they may do (never a password). */
const auditedUser = (row: UserRow) => ({ username: row.username, role: row.role, isActive: row.isActive });

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    role: roleOf(row.role),
    isActive: row.isActive,
    hasPassword: row.passwordHash !== null,
    email: row.email,
    createdAt: row.createdAt.toISOString(),
    lastLogin: row.lastLogin?.toISOString() ?? null,
    twoFactorEnabled: row.totp?.confirmedAt != null,
  };
}

/** Addresses are stored trimmed and lowercased (unique index uq_users_email); blank = none. */
function normalizeEmail(email: string | null | undefined): string | null {
  const v = email?.trim().toLowerCase();
  return v ? v : null;
}

const emailTaken = (email: string) =>
  new DomainError('CONFLICT', `The address "${email}" belongs to another user`);

const SORTS = { username: 'username', createdAt: 'createdAt', lastLogin: 'lastLogin', role: 'role' } as const;

/** Admin management of accounts; the rules that keep an instance administrable live here. */
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  async list(
    actor: Principal,
    filter: UserListFilter,
    page: { page: number; pageSize: number; sort: string },
  ) {
    authorize(actor, 'users.manage');
    const desc = page.sort.startsWith('-');
    const field = SORTS[page.sort.replace(/^-/, '') as keyof typeof SORTS] ?? 'username';
    const { items, total } = await this.users.list(filter, {
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
      orderBy: { [field]: desc ? 'desc' : 'asc' },
    });
    return { items: items.map(toUserView), total, page: page.page, pageSize: page.pageSize };
  }

  async get(actor: Principal, id: number): Promise<UserView> {
    authorize(actor, 'users.manage');
    return toUserView(await this.require(id));
  }

  async create(
    actor: Principal,
    input: { username: string; password?: string; role: Role; isActive?: boolean; email?: string | null },
    now = new Date(),
  ): Promise<UserView> {
    authorize(actor, 'users.manage');
    const username = normalizeUsername(input.username);
    if (input.password !== undefined) {
      const problems = passwordProblems(input.password, username);
      if (problems.length) throw DomainError.validation('The password does not meet the policy', problems);
    }
    if (await this.users.findByUsername(username)) {
      throw new DomainError('CONFLICT', `The username "${username}" is taken`);
    }
    const email = normalizeEmail(input.email);
    if (email && (await this.users.emailTaken(email))) throw emailTaken(email);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    return this.users.transaction(async (tx) => {
      const row = await tx.create({
        username,
        role: input.role,
        isActive: input.isActive ?? true,
        passwordHash,
        email,
      });
      await tx.audit({ entityId: row.id, action: 'create', actor, before: null, after: auditedUser(row) });
      // Without a password but with an address: the new user chooses one from an invitation.
      if (passwordHash === null && email && row.isActive) {
        await queuePasswordLink(
          tx.passwordTokens(),
          row,
          {
            purpose: 'invitation',
            ttlMs: DEFAULT_PASSWORD_RESET_OPTIONS.invitationTtlMs,
            invitedBy: actor.username,
          },
          now,
        );
      }
      return toUserView(row);
    });
  }

  /**
   * Changes that may take away an active admin (demoting, deactivating, deleting) run under
   * UsersRepository.lockAdmins, so that parallel ones cannot each count the other as the admin
   * who remains.
   */
  async update(
    actor: Principal,
    id: number,
    input: { role?: Role; isActive?: boolean; email?: string | null },
    now = new Date(),
  ): Promise<UserView> {
    authorize(actor, 'users.manage');
    const email = input.email === undefined ? undefined : normalizeEmail(input.email);
    if (email && (await this.users.emailTaken(email, id))) throw emailTaken(email);
    return this.users.transaction(async (tx) => {
      await tx.lockAdmins();
      const user = await this.require(id, tx);
      const losesAdmin =
        user.role === 'admin' && user.isActive && (input.role === 'user' || input.isActive === false);
      if (losesAdmin) await this.assertAnotherActiveAdmin(tx, id, 'demoted or deactivated');
      const row = await tx.update(id, { role: input.role, isActive: input.isActive, email });
      if (row.role !== user.role || row.isActive !== user.isActive)
        await tx.audit({
          entityId: id,
          action: 'update',
          actor,
          before: auditedUser(user),
          after: auditedUser(row),
        });
      // A deactivated account is signed out everywhere at once, API tokens included.
      if (input.isActive === false) await tx.endSignIns(id, now);
      return toUserView(row);
    });
  }

  async mailSettings(actor: Principal): Promise<{ email: string | null; weeklyDigest: boolean }> {
    const row = await this.users.mailSettings(actor.userId);
    if (!row) throw new DomainError('UNAUTHENTICATED', 'Not signed in');
    return row;
  }

  /**
   * The user's own address and weekly-digest choice. An address another user has is a 409; a
   * changed address is recorded in the audit log (entity user, action email), as the admin's
   * changes of a user are.
   */
  async updateMailSettings(
    actor: Principal,
    input: { email?: string | null; weeklyDigest?: boolean },
  ): Promise<{ email: string | null; weeklyDigest: boolean }> {
    const email = input.email === undefined ? undefined : normalizeEmail(input.email);
    if (email && (await this.users.emailTaken(email, actor.userId))) throw emailTaken(email);
    return this.users.transaction(async (tx) => {
      const before = await tx.mailSettingsForUpdate(actor.userId);
      if (!before) throw new DomainError('UNAUTHENTICATED', 'Not signed in');
      const row = await tx.updateMailSettings(actor.userId, { email, weeklyDigest: input.weeklyDigest });
      if (row.email !== before.email)
        await tx.audit({
          entityId: actor.userId,
          action: 'email',
          actor,
          before: { email: before.email },
          after: { email: row.email },
        });
      return row;
    });
  }

  /**
   * Admins set (or reset) anyone's password, e.g. for accounts adopted without one; users their
   * own. Either way the user is signed out everywhere, API tokens included.
   */
  async setPassword(actor: Principal, id: number, password: string, now = new Date()): Promise<UserView> {
    authorizeOwn(actor, 'users.setAnyPassword', id);
    const user = await this.require(id);
    const problems = passwordProblems(password, user.username);
    if (problems.length) throw DomainError.validation('The password does not meet the policy', problems);
    const passwordHash = await hashPassword(password);
    return this.users.transaction(async (tx) => {
      const row = await tx.update(id, { passwordHash });
      await tx.endSignIns(id, now);
      return toUserView(row);
    });
  }

  /**
   * An admin's reset of a user's second factor (a lost phone, no recovery codes left): the
   * authenticator, recovery codes and remembered browsers go, and the audit log keeps who did
   * it. The user signs in with the password alone, then sets a factor up again (at once if
   * settings.requireTwoFactor applies to them).
   */
  async resetTwoFactor(actor: Principal, id: number): Promise<UserView> {
    authorize(actor, 'users.manage');
    return this.users.transaction(async (tx) => {
      const user = await this.require(id, tx);
      if (await tx.removeSecondFactor(id))
        await tx.audit({
          entityId: id,
          action: 'two_factor_reset',
          actor,
          before: { ...auditedUser(user), twoFactor: true },
          after: { ...auditedUser(user), twoFactor: false },
        });
      return toUserView({ ...user, totp: null });
    });
  }

  /** Deletes the account, or deactivates it when it has tracked time (history is never lost). */
  async remove(
    actor: Principal,
    id: number,
    now = new Date(),
  ): Promise<{ deleted: boolean; user: UserView }> {
    authorize(actor, 'users.manage');
    return this.users.transaction(async (tx) => {
      await tx.lockAdmins();
      const user = await this.require(id, tx);
      if (user.role === 'admin' && user.isActive) await this.assertAnotherActiveAdmin(tx, id, 'deleted');
      if (await tx.hasTimeEntries(id)) {
        const row = await tx.update(id, { isActive: false });
        if (user.isActive)
          await tx.audit({
            entityId: id,
            action: 'deactivate',
            actor,
            before: auditedUser(user),
            after: auditedUser(row),
          });
        await tx.endSignIns(id, now);
        return { deleted: false, user: toUserView(row) };
      }
      await tx.delete(id);
      await tx.audit({ entityId: id, action: 'delete', actor, before: auditedUser(user), after: null });
      return { deleted: true, user: toUserView(user) };
    });
  }

  private async require(id: number, users = this.users): Promise<UserRow> {
    const user = await users.findById(id);
    if (!user) throw DomainError.notFound('User');
    return user;
  }

  /** Call with the admins' lock held (UsersRepository.lockAdmins). */
  private async assertAnotherActiveAdmin(tx: UsersRepository, id: number, what: string): Promise<void> {
    if ((await tx.countOtherActiveAdmins(id)) === 0) {
      throw new DomainError('INVALID_STATE', `The last active admin cannot be ${what}`);
    }
  }
}
