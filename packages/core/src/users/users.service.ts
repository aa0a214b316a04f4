import { hashPassword } from '../auth/password';
import { normalizeUsername, passwordProblems } from '../auth/password-policy';
import { DomainError } from '../errors/domain-error';
import type { SessionsRepository } from '../sessions/sessions.repository';
import { authorize, authorizeOwn } from '../access/policy';
import type { Principal } from '../auth/principal';
import type { UserListFilter, UserRow, UsersRepository } from './users.repository';

export type Role = 'admin' | 'user';

export interface UserView {
  id: number;
  username: string;
  role: Role;
  isActive: boolean;
  hasPassword: boolean;
  createdAt: string;
  lastLogin: string | null;
}

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    role: row.role === 'admin' ? 'admin' : 'user',
    isActive: row.isActive,
    hasPassword: row.passwordHash !== null,
    createdAt: row.createdAt.toISOString(),
    lastLogin: row.lastLogin?.toISOString() ?? null,
  };
}

const SORTS = { username: 'username', createdAt: 'createdAt', lastLogin: 'lastLogin', role: 'role' } as const;

/** Admin management of accounts; the rules that keep an instance administrable live here. */
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
  ) {}

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
    input: { username: string; password?: string; role: Role; isActive?: boolean },
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
    const row = await this.users.create({
      username,
      role: input.role,
      isActive: input.isActive ?? true,
      passwordHash: input.password === undefined ? null : await hashPassword(input.password),
    });
    return toUserView(row);
  }

  async update(actor: Principal, id: number, input: { role?: Role; isActive?: boolean }): Promise<UserView> {
    authorize(actor, 'users.manage');
    const user = await this.require(id);
    const losesAdmin =
      user.role === 'admin' && user.isActive && (input.role === 'user' || input.isActive === false);
    if (losesAdmin) await this.assertAnotherActiveAdmin(id, 'demoted or deactivated');
    const row = await this.users.update(id, { role: input.role, isActive: input.isActive });
    // A deactivated account is signed out everywhere at once.
    if (input.isActive === false) await this.sessions.deleteForUser(id);
    return toUserView(row);
  }

  /** Admins set (or reset) anyone's password, e.g. for accounts adopted without one. */
  async setPassword(actor: Principal, id: number, password: string): Promise<UserView> {
    authorizeOwn(actor, 'users.setAnyPassword', id);
    const user = await this.require(id);
    const problems = passwordProblems(password, user.username);
    if (problems.length) throw DomainError.validation('The password does not meet the policy', problems);
    const row = await this.users.update(id, { passwordHash: await hashPassword(password) });
    await this.sessions.deleteForUser(id);
    return toUserView(row);
  }

  /** Deletes the account, or deactivates it when it has tracked time (history is never lost). */
  async remove(actor: Principal, id: number): Promise<{ deleted: boolean; user: UserView }> {
    authorize(actor, 'users.manage');
    const user = await this.require(id);
    if (user.role === 'admin' && user.isActive) await this.assertAnotherActiveAdmin(id, 'deleted');
    if (await this.users.hasTimeEntries(id)) {
      const row = await this.users.update(id, { isActive: false });
      await this.sessions.deleteForUser(id);
      return { deleted: false, user: toUserView(row) };
    }
    await this.users.delete(id);
    return { deleted: true, user: toUserView(user) };
  }

  private async require(id: number): Promise<UserRow> {
    const user = await this.users.findById(id);
    if (!user) throw DomainError.notFound('User');
    return user;
  }

  private async assertAnotherActiveAdmin(id: number, what: string): Promise<void> {
    if ((await this.users.countOtherActiveAdmins(id)) === 0) {
      throw new DomainError('INVALID_STATE', `The last active admin cannot be ${what}`);
    }
  }
}
