import type {
  AccountSessionResponse,
  PasswordChangeResponse,
  PreferencesResponse,
  PreferencesUpdate,
} from '@timetracker/contracts';
import { hashPassword, verifyPassword } from '../auth/password';
import { passwordProblems } from '../auth/password-policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { RateLimitRepository } from '../rate-limit/rate-limit.repository';
import type { AccountRepository, PreferencesRow } from './account.repository';

/** Columns hold only the values their CHECKs allow, so the casts below are safe. */
export function toPreferencesView(row: PreferencesRow, companyZone: string): PreferencesResponse {
  return {
    timezone: row.timezone,
    effectiveTimezone: row.timezone ?? companyZone,
    language: row.language as PreferencesResponse['language'],
    weekStart: row.weekStart as PreferencesResponse['weekStart'],
    clock: row.clock as PreferencesResponse['clock'],
    dateFormat: row.dateFormat as PreferencesResponse['dateFormat'],
    weeklyTargetSeconds: row.weeklyTargetSeconds,
  };
}

/** Checks of the current password (docs/security.md "Changing one's own password"). */
export interface AccountOptions {
  /** Wrong current passwords per account per window; the next check is refused (429). */
  passwordChecksPerAccount: number;
  passwordCheckWindowMs: number;
}

export const DEFAULT_ACCOUNT_OPTIONS: AccountOptions = {
  passwordChecksPerAccount: 5,
  passwordCheckWindowMs: 15 * 60_000,
};

/**
 * What a signed-in user does to their own account: preferences, password, sessions. Every method
 * acts on the principal's own user only; there is nothing to authorize beyond being signed in.
 */
export class AccountService {
  constructor(
    private readonly account: AccountRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly options: AccountOptions = DEFAULT_ACCOUNT_OPTIONS,
  ) {}

  preferences(actor: Principal): Promise<PreferencesResponse> {
    return this.preferencesOf(actor.userId);
  }

  /** For the sign-in response, before there is a principal. */
  async preferencesOf(userId: number): Promise<PreferencesResponse> {
    const [row, zone] = await Promise.all([this.account.preferences(userId), this.account.companyZone()]);
    if (!row) throw new DomainError('UNAUTHENTICATED', 'Not signed in');
    return toPreferencesView(row, zone);
  }

  async updatePreferences(actor: Principal, input: PreferencesUpdate): Promise<PreferencesResponse> {
    const [row, zone] = await Promise.all([
      this.account.updatePreferences(actor.userId, input),
      this.account.companyZone(),
    ]);
    return toPreferencesView(row, zone);
  }

  /**
   * The current password proves it is the user (not someone at an unlocked screen); then every
   * other session and API token ends, in the transaction that sets the new hash.
   */
  async changePassword(
    actor: Principal,
    input: { currentPassword: string; newPassword: string },
    now = new Date(),
  ): Promise<PasswordChangeResponse> {
    const user = await this.account.passwordHash(actor.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Not signed in');
    if (!user.passwordHash)
      throw DomainError.forbidden('This account has no password yet: ask an admin to set one');
    // A stolen session must not be a way to guess the password: every check is counted before it
    // is made, in one statement (RateLimitRepository.hit), so parallel requests get no more
    // checks than the limit. A right password takes back only its own hit, never earlier wrong
    // ones, so guesses mixed with the owner's successes still run out.
    const windowMs = this.options.passwordCheckWindowMs;
    const window = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
    const key = `password-check:user:${actor.userId}`;
    if ((await this.rateLimits.hit(key, window)) > this.options.passwordChecksPerAccount) {
      const retryAfterSeconds = Math.ceil((window.getTime() + windowMs - now.getTime()) / 1000);
      throw new DomainError(
        'RATE_LIMITED',
        `Too many wrong current passwords; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
    // A refusal (403), not a malformed request: the request was fine, the proof was not.
    if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
      throw DomainError.forbidden('The current password is wrong');
    await this.rateLimits.giveBack(key, window);
    const problems = passwordProblems(input.newPassword, user.username).map((p) => ({
      ...p,
      path: 'newPassword',
    }));
    if (problems.length) throw DomainError.validation('The new password does not meet the policy', problems);
    const changed = await this.account.changePassword(
      actor.userId,
      user.passwordHash,
      await hashPassword(input.newPassword),
      { sessionId: actor.sessionId, tokenId: actor.tokenId },
      now,
    );
    if (!changed) throw new DomainError('CONFLICT', 'The password was changed meanwhile; sign in again');
    return changed;
  }

  async sessions(actor: Principal, now = new Date()): Promise<AccountSessionResponse[]> {
    const rows = await this.account.sessions(actor.userId, now);
    return rows.map((r) => ({
      id: r.id,
      current: r.id === actor.sessionId,
      createdAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      userAgent: r.userAgent,
      ip: r.ip,
    }));
  }

  /** Another user's session reads as absent (404), as any other record of theirs. */
  async endSession(actor: Principal, id: string): Promise<void> {
    if (!(await this.account.deleteSession(actor.userId, id))) throw DomainError.notFound('Session');
  }

  async endOtherSessions(actor: Principal): Promise<{ endedSessions: number }> {
    return { endedSessions: await this.account.deleteOtherSessions(actor.userId, actor.sessionId) };
  }
}
