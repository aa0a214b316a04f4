import type { Prisma, PrismaClient } from '@timetracker/db';
import { AuditLog, type AuditEventInput } from '../audit/audit-log.repository';

type Db = PrismaClient | Prisma.TransactionClient;

/** A user's second factor, recovery codes, remembered browsers and pending second steps. */
export class TwoFactorRepository {
  constructor(private readonly prisma: Db) {}

  transaction<T>(work: (tx: TwoFactorRepository) => Promise<T>): Promise<T> {
    return (this.prisma as PrismaClient).$transaction((tx) => work(new TwoFactorRepository(tx)));
  }

  totp(userId: number) {
    return this.prisma.userTotp.findUnique({
      where: { userId },
      select: { secret: true, confirmedAt: true, lastUsedStep: true },
    });
  }

  async isEnrolled(userId: number): Promise<boolean> {
    const row = await this.prisma.userTotp.findUnique({ where: { userId }, select: { confirmedAt: true } });
    return row?.confirmedAt != null;
  }

  /** A new, unconfirmed secret; replaces an unconfirmed one, never a confirmed one. */
  async startEnrolment(userId: number, secret: string): Promise<boolean> {
    const replaced = await this.prisma.userTotp.updateMany({
      where: { userId, confirmedAt: null },
      data: { secret, createdAt: new Date(), lastUsedStep: null },
    });
    if (replaced.count) return true;
    const created = await this.prisma.userTotp.createMany({
      data: [{ userId, secret }],
      skipDuplicates: true,
    });
    return created.count === 1;
  }

  /** Confirms the pending secret read as `secret` with the code of `step`; false if it changed. */
  async confirm(userId: number, secret: string, step: number, at: Date): Promise<boolean> {
    const { count } = await this.prisma.userTotp.updateMany({
      where: { userId, secret, confirmedAt: null },
      data: { confirmedAt: at, lastUsedStep: BigInt(step) },
    });
    return count === 1;
  }

  /**
   * Accepts the code's step only if no code of it or a later step was accepted before, in one
   * statement: the same code sent twice (or in parallel) is accepted once.
   */
  async useStep(userId: number, step: number): Promise<boolean> {
    const { count } = await this.prisma.userTotp.updateMany({
      where: {
        userId,
        confirmedAt: { not: null },
        OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(step) } }],
      },
      data: { lastUsedStep: BigInt(step) },
    });
    return count === 1;
  }

  async replaceRecoveryCodes(userId: number, hashes: string[]): Promise<void> {
    await this.prisma.recoveryCode.deleteMany({ where: { userId } });
    await this.prisma.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
  }

  /** Spends an unused recovery code, once: of two parallel uses one wins. */
  async useRecoveryCode(userId: number, codeHash: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.recoveryCode.updateMany({
      where: { userId, codeHash, usedAt: null },
      data: { usedAt: at },
    });
    return count === 1;
  }

  recoveryCodesLeft(userId: number): Promise<number> {
    return this.prisma.recoveryCode.count({ where: { userId, usedAt: null } });
  }

  rememberedDevices(userId: number, now: Date): Promise<number> {
    return this.prisma.rememberedDevice.count({ where: { userId, expiresAt: { gt: now } } });
  }

  /** Removes the factor and all that hangs on it; true when there was a confirmed one. */
  async remove(userId: number): Promise<boolean> {
    const row = await this.prisma.userTotp.findUnique({ where: { userId }, select: { confirmedAt: true } });
    await this.prisma.userTotp.deleteMany({ where: { userId } });
    await this.prisma.recoveryCode.deleteMany({ where: { userId } });
    await this.prisma.rememberedDevice.deleteMany({ where: { userId } });
    await this.prisma.signInChallenge.deleteMany({ where: { userId } });
    return row?.confirmedAt != null;
  }

  audit(event: Omit<AuditEventInput, 'entity'>): Promise<void> {
    return AuditLog.record(this.prisma as Prisma.TransactionClient, { entity: 'user', ...event });
  }

  // Remembered browsers and pending second steps (used by AuthService).

  async isRememberedDevice(id: string, userId: number, now: Date): Promise<boolean> {
    const row = await this.prisma.rememberedDevice.findFirst({
      where: { id, userId, expiresAt: { gt: now }, user: { totp: { confirmedAt: { not: null } } } },
      select: { id: true },
    });
    return row !== null;
  }

  async rememberDevice(data: { id: string; userId: number; expiresAt: Date; userAgent?: string }) {
    await this.prisma.rememberedDevice.create({ data, select: { id: true } });
  }

  async createChallenge(data: {
    id: string;
    userId: number;
    passwordHash: string;
    expiresAt: Date;
    userAgent?: string;
    ip?: string;
  }): Promise<void> {
    await this.prisma.signInChallenge.create({ data, select: { id: true } });
  }

  findChallenge(id: string, now: Date) {
    return this.prisma.signInChallenge.findFirst({
      where: { id, expiresAt: { gt: now } },
      select: { id: true, userId: true, passwordHash: true, user: { select: { username: true } } },
    });
  }

  /** Ends a pending second step; false when another request ended it first. */
  async consumeChallenge(id: string): Promise<boolean> {
    const { count } = await this.prisma.signInChallenge.deleteMany({ where: { id } });
    return count === 1;
  }
}
