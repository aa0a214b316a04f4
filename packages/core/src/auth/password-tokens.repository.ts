import type { Prisma, PrismaClient } from '@timetracker/db';
import { EmailOutboxRepository, type QueuedMail } from '../email/email-outbox.repository';

type Db = PrismaClient | Prisma.TransactionClient;

export type PasswordTokenPurpose = 'reset' | 'invitation';

export interface MailRecipient {
  id: number;
  username: string;
  email: string | null;
  language: string | null;
  isActive: boolean;
}

/** Single-use password links (reset, invitation), stored as the sha256 of their secret. */
export class PasswordTokensRepository {
  constructor(private readonly db: Db) {}

  /** By address (stored lowercased) or by username (case-insensitive, as sign-in). */
  async findRecipient(login: string): Promise<MailRecipient | null> {
    const key = login.trim().toLowerCase();
    const select = { id: true, username: true, email: true, language: true, isActive: true } as const;
    if (key.includes('@')) return this.db.user.findUnique({ where: { email: key }, select });
    return this.db.user.findFirst({ where: { username: { equals: key, mode: 'insensitive' } }, select });
  }

  async create(data: { tokenHash: string; userId: number; purpose: PasswordTokenPurpose; expiresAt: Date }) {
    await this.db.passwordToken.create({ data });
  }

  /** The live token's user (unused, unexpired), without using it up. */
  async findLive(tokenHash: string, now: Date): Promise<MailRecipient | null> {
    const row = await this.db.passwordToken.findFirst({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      select: { user: { select: { id: true, username: true, email: true, language: true, isActive: true } } },
    });
    return row?.user ?? null;
  }

  /**
   * Uses the token up, if it is still live, and every other live link of its user with it (one
   * new password ends them all). True only for the one caller that used it: a link clicked twice
   * at once sets one password.
   */
  async consume(tokenHash: string, userId: number, now: Date): Promise<boolean> {
    const used = await this.db.passwordToken.updateMany({
      where: { tokenHash, userId, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (used.count !== 1) return false;
    await this.db.passwordToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    return true;
  }

  enqueueMail(mail: QueuedMail): Promise<number> {
    return new EmailOutboxRepository(this.db).enqueue(mail);
  }

  async deleteExpiredBefore(cutoff: Date): Promise<number> {
    const { count } = await this.db.passwordToken.deleteMany({ where: { expiresAt: { lt: cutoff } } });
    return count;
  }
}
