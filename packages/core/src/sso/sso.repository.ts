import type { Prisma, PrismaClient } from '@timetracker/db';
import { lockUserForSignIn } from '../users/users.repository';

/** The dashboard's SSO settings, provider links, pending SSO sign-ins and SSO sessions. */
export class SsoRepository {
  constructor(private readonly prisma: PrismaClient) {}

  config() {
    return this.prisma.ssoConfig.findUnique({ where: { id: 1 } });
  }

  async saveConfig(data: Omit<Prisma.SsoConfigCreateInput, 'id' | 'updatedAt'>) {
    return this.prisma.ssoConfig.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
  }

  findIdentity(issuer: string, subject: string) {
    return this.prisma.userIdentity.findUnique({
      where: { issuer_subject: { issuer, subject } },
      select: { id: true, userId: true },
    });
  }

  /** Links a provider account to a user; false when it is linked already (to anyone). */
  async link(userId: number, issuer: string, subject: string, now: Date): Promise<boolean> {
    const { count } = await this.prisma.userIdentity.createMany({
      data: [{ userId, issuer, subject, lastSignInAt: now }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  async touchIdentity(id: number, now: Date): Promise<void> {
    await this.prisma.userIdentity.update({
      where: { id },
      data: { lastSignInAt: now },
      select: { id: true },
    });
  }

  findUserIdByEmail(email: string) {
    return this.prisma.user.findUnique({ where: { email }, select: { id: true } });
  }

  async createPending(data: {
    id: string;
    state: string;
    nonce: string;
    codeVerifier: string;
    expiresAt: Date;
  }): Promise<void> {
    await this.prisma.ssoSignIn.create({ data, select: { id: true } });
  }

  /** Takes the pending sign-in out (single use): null when absent, expired, or taken already. */
  async takePending(id: string, now: Date) {
    const row = await this.prisma.ssoSignIn.findUnique({ where: { id } });
    if (!row) return null;
    const { count } = await this.prisma.ssoSignIn.deleteMany({ where: { id } });
    return count === 1 && row.expiresAt > now ? row : null;
  }

  /**
   * An SSO session, created only while the user is active, read under a share lock on the user
   * row: a deactivation that commits meanwhile either comes first (nothing is created) or ends
   * this session too (as SessionsRepository.createIfPasswordHolds).
   */
  createSession(data: {
    id: string;
    userId: number;
    csrfToken: string;
    expiresAt: Date;
    idToken?: string;
    userAgent?: string;
    ip?: string;
  }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const user = await lockUserForSignIn(tx, data.userId);
      if (!user?.isActive) return false;
      await tx.session.create({ data: { ...data, method: 'sso' }, select: { id: true } });
      return true;
    });
  }

  /** The ID token an SSO session was started with (for the provider's logout), if any. */
  async sessionIdToken(id: string): Promise<string | null> {
    const row = await this.prisma.session.findUnique({ where: { id }, select: { idToken: true } });
    return row?.idToken ?? null;
  }
}
