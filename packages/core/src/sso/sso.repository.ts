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

  /**
   * Sets the teams SSO put this user in to `teamIds` (those that exist): joins the missing ones,
   * leaves the SSO-granted ones not in the list. Memberships an admin added are never touched,
   * nor turned into SSO ones. Answers the team ids joined and left.
   */
  async syncSsoTeams(userId: number, teamIds: number[]): Promise<{ joined: number[]; left: number[] }> {
    return this.prisma.$transaction(async (tx) => {
      const current = await tx.teamMember.findMany({
        where: { userId },
        select: { teamId: true, viaSso: true },
      });
      const have = new Set(current.map((m) => m.teamId));
      const existing = teamIds.length
        ? await tx.team.findMany({ where: { id: { in: teamIds } }, select: { id: true } })
        : [];
      const joined = existing.map((t) => t.id).filter((id) => !have.has(id));
      const left = current.filter((m) => m.viaSso && !teamIds.includes(m.teamId)).map((m) => m.teamId);
      if (joined.length)
        await tx.teamMember.createMany({
          data: joined.map((teamId) => ({ teamId, userId, viaSso: true })),
          skipDuplicates: true,
        });
      if (left.length)
        await tx.teamMember.deleteMany({ where: { userId, viaSso: true, teamId: { in: left } } });
      return { joined, left };
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
