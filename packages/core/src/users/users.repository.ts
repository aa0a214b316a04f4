import { directDatabase, Prisma, type PrismaClient } from '@timetracker/db';
import { AuditLog, type AuditEventInput } from '../audit/audit-log.repository';
import { PasswordTokensRepository } from '../auth/password-tokens.repository';

export const USER_FIELDS = {
  id: true,
  username: true,
  role: true,
  isActive: true,
  createdAt: true,
  lastLogin: true,
  passwordHash: true,
  totp: { select: { confirmedAt: true } },
  email: true,
  language: true,
} satisfies Prisma.UserSelect;

export type UserRow = Prisma.UserGetPayload<{ select: typeof USER_FIELDS }>;

export interface UserListFilter {
  search?: string;
  role?: string;
  active?: boolean;
}

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Share-locks the user row until the transaction ends and reads what a new sign-in depends on.
 * Password changes and deactivations update that row before they end the user's sign-ins
 * (UsersRepository.endSignIns), so they wait for a transaction holding this lock, and it waits
 * for them: a session or token created under it is either ended by them or refused.
 */
export async function lockUserForSignIn(
  tx: Prisma.TransactionClient,
  userId: number,
): Promise<{ isActive: boolean; passwordHash: string | null } | null> {
  // Raw SQL: Prisma has no row locks.
  const [row] = await tx.$queryRaw<{ isActive: boolean; passwordHash: string | null }[]>`
    SELECT is_active AS "isActive", password_hash AS "passwordHash" FROM users WHERE id = ${userId} FOR SHARE`;
  return row ?? null;
}

/** Namespace of the advisory lock that serializes changes that may take away an active admin. */
const ADMINS_LOCK_NAMESPACE = 0xad31;

export class UsersRepository {
  constructor(private readonly prisma: Db) {}

  /** Runs `work` in one transaction; the repository it gets writes inside it. */
  transaction<T>(work: (tx: UsersRepository) => Promise<T>): Promise<T> {
    return (this.prisma as PrismaClient).$transaction((tx) => work(new UsersRepository(tx)), {
      maxWait: 30_000,
      timeout: 30_000,
    });
  }

  /**
   * Held until the transaction ends, so "count the other active admins, then demote" is atomic:
   * two admins demoting each other at once take turns, and the second finds no other admin.
   */
  async lockAdmins(): Promise<void> {
    // Raw SQL: Prisma has no API for advisory locks (executeRaw: the function returns void).
    await this.prisma.$executeRaw`SELECT pg_advisory_xact_lock(${ADMINS_LOCK_NAMESPACE}::int, 1)`;
  }

  /**
   * Ignoring case and surrounding spaces (adopted databases may hold ` Bob `): the rule of the
   * unique index uq_users_username_ci, so at most one account matches, whichever is asked for.
   */
  async findByUsername(username: string): Promise<UserRow | null> {
    // Raw SQL: Prisma cannot filter on an expression, and only this one is the index's.
    const [match] = await this.prisma.$queryRaw<{ id: number }[]>`
      SELECT id FROM users WHERE lower(btrim(username)) = lower(btrim(${username}))`;
    return match ? this.findById(match.id) : null;
  }

  findById(id: number): Promise<UserRow | null> {
    return this.prisma.user.findUnique({ where: { id }, select: USER_FIELDS });
  }

  async list(
    filter: UserListFilter,
    page: { skip: number; take: number; orderBy: Prisma.UserOrderByWithRelationInput },
  ) {
    const where: Prisma.UserWhereInput = {
      ...(filter.search ? { username: { contains: filter.search, mode: 'insensitive' } } : {}),
      ...(filter.role ? { role: filter.role } : {}),
      ...(filter.active === undefined ? {} : { isActive: filter.active }),
    };
    const [items, total] = await (this.prisma as PrismaClient).$transaction([
      this.prisma.user.findMany({ where, select: USER_FIELDS, ...page }),
      this.prisma.user.count({ where }),
    ]);
    return { items, total };
  }

  /** Password links and their mails, on this repository's transaction. */
  passwordTokens(): PasswordTokensRepository {
    return new PasswordTokensRepository(this.prisma);
  }

  async emailTaken(email: string, exceptId?: number): Promise<boolean> {
    const row = await this.prisma.user.findUnique({ where: { email }, select: { id: true } });
    return row !== null && row.id !== exceptId;
  }

  create(data: {
    username: string;
    role: string;
    isActive: boolean;
    passwordHash: string | null;
    email?: string | null;
  }): Promise<UserRow> {
    return this.prisma.user.create({ data, select: USER_FIELDS });
  }

  update(id: number, data: Prisma.UserUpdateInput): Promise<UserRow> {
    return this.prisma.user.update({ where: { id }, data, select: USER_FIELDS });
  }

  mailSettings(id: number): Promise<{ email: string | null; weeklyDigest: boolean } | null> {
    return this.prisma.user.findUnique({ where: { id }, select: { email: true, weeklyDigest: true } });
  }

  /** The row locked for the change (FOR UPDATE), so the audit's "before" is the one replaced. */
  async mailSettingsForUpdate(id: number): Promise<{ email: string | null; weeklyDigest: boolean } | null> {
    // Raw SQL: Prisma has no SELECT … FOR UPDATE.
    const [row] = await this.prisma.$queryRaw<{ email: string | null; weeklyDigest: boolean }[]>`
      SELECT email, weekly_digest AS "weeklyDigest" FROM users WHERE id = ${id} FOR UPDATE`;
    return row ?? null;
  }

  updateMailSettings(
    id: number,
    data: { email?: string | null; weeklyDigest?: boolean },
  ): Promise<{ email: string | null; weeklyDigest: boolean }> {
    return this.prisma.user.update({ where: { id }, data, select: { email: true, weeklyDigest: true } });
  }

  delete(id: number): Promise<unknown> {
    return this.prisma.user.delete({ where: { id } });
  }

  /** Records a change of a user in the audit log; call it inside transaction() with the change. */
  audit(event: Omit<AuditEventInput, 'entity'>): Promise<void> {
    return AuditLog.record(this.prisma as Prisma.TransactionClient, { entity: 'user', ...event });
  }

  countOtherActiveAdmins(exceptId: number): Promise<number> {
    return this.prisma.user.count({ where: { role: 'admin', isActive: true, id: { not: exceptId } } });
  }

  /**
   * Signs the user out everywhere: deletes their sessions and revokes their API tokens (for
   * good: reactivating the account does not bring old tokens back).
   */
  async endSignIns(id: number, at: Date): Promise<void> {
    await this.prisma.session.deleteMany({ where: { userId: id } });
    await this.prisma.apiToken.updateMany({
      where: { userId: id, revokedAt: null },
      data: { revokedAt: at },
    });
  }

  /**
   * Removes the user's second factor with its recovery codes, remembered browsers and pending
   * second steps; true when there was a confirmed one.
   */
  async removeSecondFactor(id: number): Promise<boolean> {
    const { count } = await this.prisma.userTotp.deleteMany({
      where: { userId: id, confirmedAt: { not: null } },
    });
    await this.prisma.userTotp.deleteMany({ where: { userId: id } });
    await this.prisma.recoveryCode.deleteMany({ where: { userId: id } });
    await this.prisma.rememberedDevice.deleteMany({ where: { userId: id } });
    await this.prisma.signInChallenge.deleteMany({ where: { userId: id } });
    return count === 1;
  }

  async hasTimeEntries(id: number): Promise<boolean> {
    return (await this.prisma.timeEntry.findFirst({ where: { userId: id }, select: { id: true } })) !== null;
  }

  recordLogin(id: number, at: Date): Promise<unknown> {
    return this.prisma.user.update({
      where: { id },
      data: { lastLogin: at, lastActivityAt: at },
      select: { id: true },
    });
  }

  /** Any authenticated write counts as activity for the idle-timeout rule. */
  /**
   * Runs on every authenticated write: raw SQL on the pool directly (DirectDatabase), as the
   * other statements of the API's busiest requests.
   */
  touchActivity(id: number, at: Date): Promise<unknown> {
    return directDatabase(this.prisma as PrismaClient).rows(Prisma.sql`
      UPDATE users SET last_activity_at = ${at}, updated_at = CURRENT_TIMESTAMP WHERE id = ${id}`);
  }
}
