import { DomainError } from '../errors/domain-error';
import type { RateLimitRepository } from '../rate-limit/rate-limit.repository';
import type { UsersRepository } from '../users/users.repository';
import { emailLanguage } from '../email/templates';
import { hashPassword } from './password';
import { passwordProblems } from './password-policy';
import type { PasswordTokenPurpose, PasswordTokensRepository } from './password-tokens.repository';
import { randomSecret, sha256Hex } from './secret-tokens';

export interface PasswordResetOptions {
  resetTtlMs: number;
  invitationTtlMs: number;
  /** Reset requests from one address per window, whatever the account. */
  requestsPerIp: number;
  /** Reset requests for one account (username or address as typed) per window: no mail flood. */
  requestsPerAccount: number;
  windowMs: number;
}

export const DEFAULT_PASSWORD_RESET_OPTIONS: PasswordResetOptions = {
  resetTtlMs: 60 * 60_000,
  invitationTtlMs: 7 * 24 * 3600_000,
  requestsPerIp: 20,
  requestsPerAccount: 5,
  windowMs: 15 * 60_000,
};

/** The dashboard page a link opens; the secret rides in the fragment-free query. */
export const PASSWORD_LINK_PATH = '/reset-password';

/**
 * Creates a link for `user` and queues its mail, on the caller's transaction (an invitation is
 * queued with the account it invites). `invitedBy`: the admin's username, for invitations.
 */
export async function queuePasswordLink(
  tokens: PasswordTokensRepository,
  user: { id: number; username: string; email: string | null; language: string | null },
  link: { purpose: PasswordTokenPurpose; ttlMs: number; invitedBy?: string },
  now: Date,
): Promise<void> {
  if (!user.email) return;
  const secret = randomSecret();
  await tokens.create({
    tokenHash: sha256Hex(secret),
    userId: user.id,
    purpose: link.purpose,
    expiresAt: new Date(now.getTime() + link.ttlMs),
  });
  const path = `${PASSWORD_LINK_PATH}?token=${encodeURIComponent(secret)}`;
  const expiresMinutes = Math.round(link.ttlMs / 60_000);
  await tokens.enqueueMail({
    kind: link.purpose === 'reset' ? 'password_reset' : 'invitation',
    userId: user.id,
    toAddress: user.email,
    language: emailLanguage(user.language),
    nextAttemptAt: now,
    payload:
      link.purpose === 'reset'
        ? { username: user.username, path, expiresMinutes }
        : { username: user.username, invitedBy: link.invitedBy ?? '', path, expiresMinutes },
  });
}

const INVALID_LINK = 'The link is invalid, used or expired; ask for a new one';

/**
 * Password reset by email and invitation links (docs/email.md): a random secret whose sha256 is
 * stored, usable once, until it expires. Asking for a reset answers the same whether the account
 * exists, has an address or is active; the mail is queued in the token's transaction.
 */
export class PasswordResetService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: PasswordTokensRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly options: PasswordResetOptions = DEFAULT_PASSWORD_RESET_OPTIONS,
  ) {}

  async requestReset(login: string, client: { ip?: string }, now = new Date()): Promise<void> {
    const window = new Date(Math.floor(now.getTime() / this.options.windowMs) * this.options.windowMs);
    const retryAfterSeconds = Math.ceil((window.getTime() + this.options.windowMs - now.getTime()) / 1000);
    const tooMany = () =>
      new DomainError('RATE_LIMITED', `Too many reset requests; try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      });
    // Counted before the account is looked up, as sign-in: the limits say nothing about it.
    const ip = client.ip?.slice(0, 64);
    if (ip && (await this.rateLimits.hit(`reset:ip:${ip}`, window)) > this.options.requestsPerIp)
      throw tooMany();
    const key = login.trim().toLowerCase().slice(0, 254);
    if ((await this.rateLimits.hit(`reset:user:${key}`, window)) > this.options.requestsPerAccount)
      throw tooMany();

    const user = await this.tokens.findRecipient(key);
    if (!user?.email || !user.isActive) return;
    await this.users.transaction((tx) =>
      queuePasswordLink(tx.passwordTokens(), user, { purpose: 'reset', ttlMs: this.options.resetTtlMs }, now),
    );
  }

  /** Whether a link still works, so the page can say so before a password is typed. */
  async checkToken(token: string, now = new Date()): Promise<{ username: string }> {
    const user = await this.tokens.findLive(sha256Hex(token), now);
    if (!user?.isActive)
      throw DomainError.validation(INVALID_LINK, [{ path: 'token', message: INVALID_LINK }]);
    return { username: user.username };
  }

  /**
   * Sets the password the link allows, following the policy, uses the link (and the user's other
   * links) up, and ends every session and API token of the user, as any password change.
   */
  async resetPassword(token: string, password: string, now = new Date()): Promise<{ username: string }> {
    const tokenHash = sha256Hex(token);
    const user = await this.tokens.findLive(tokenHash, now);
    if (!user?.isActive)
      throw DomainError.validation(INVALID_LINK, [{ path: 'token', message: INVALID_LINK }]);
    const problems = passwordProblems(password, user.username);
    if (problems.length) throw DomainError.validation('The password does not meet the policy', problems);
    const passwordHash = await hashPassword(password);
    await this.users.transaction(async (tx) => {
      if (!(await tx.passwordTokens().consume(tokenHash, user.id, now))) {
        throw DomainError.validation(INVALID_LINK, [{ path: 'token', message: INVALID_LINK }]);
      }
      await tx.update(user.id, { passwordHash });
      await tx.endSignIns(user.id, now);
    });
    return { username: user.username };
  }
}
