import { DomainError } from '../errors/domain-error';
import type { RateLimitRepository } from '../rate-limit/rate-limit.repository';
import type { SessionsRepository } from '../sessions/sessions.repository';
import type { SettingsRepository } from '../settings/settings.repository';
import type { ApiTokensRepository } from '../tokens/api-tokens.repository';
import { API_TOKEN_PREFIX } from '../tokens/api-tokens.service';
import { toUserView, type UserView } from '../users/users.service';
import type { UsersRepository } from '../users/users.repository';
import { hashPassword, verifyPassword } from './password';
import { normalizeUsername, passwordProblems } from './password-policy';
import { type Principal, roleOf } from './principal';
import { randomSecret, sha256Hex } from './secret-tokens';

/**
 * Sign-in limits, per fixed window (docs/security.md "Sign-in limits"). Every attempt is counted
 * before its password is checked, so parallel attempts cannot slip past a limit.
 */
export interface AuthOptions {
  sessionTtlMs: number;
  /** Attempts from one client address, whatever the account. */
  loginAttemptsPerIp: number;
  /** Failed attempts at one account from one address; a success there clears them. */
  loginFailuresPerAccountAndIp: number;
  /**
   * Failed attempts at one account from all addresses: looser, so that someone else's failures
   * from elsewhere lock the owner out only when they come from several addresses.
   */
  loginFailuresPerAccount: number;
  loginWindowMs: number;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  sessionTtlMs: 14 * 24 * 3600_000,
  loginAttemptsPerIp: 50,
  loginFailuresPerAccountAndIp: 10,
  loginFailuresPerAccount: 50,
  loginWindowMs: 15 * 60_000,
};

export interface SignedIn {
  user: UserView;
  /** Goes into the httpOnly cookie; never stored as is. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Extending a session on every request would write on every read; once in a while is enough. */
const EXTEND_EVERY_MS = 5 * 60_000;
const INVALID_CREDENTIALS = 'Invalid username or password';

export class AuthService {
  /** Verifying against this when the user does not exist keeps the timing of both failures alike. */
  private readonly dummyHash = hashPassword(randomSecret());

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly tokens: ApiTokensRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly settings: SettingsRepository,
    private readonly options: AuthOptions = DEFAULT_AUTH_OPTIONS,
  ) {}

  async login(
    input: { username: string; password: string },
    client: { ip?: string; userAgent?: string },
    now = new Date(),
  ): Promise<SignedIn> {
    const username = normalizeUsername(input.username);
    const window = new Date(
      Math.floor(now.getTime() / this.options.loginWindowMs) * this.options.loginWindowMs,
    );
    const retryAfterSeconds = Math.ceil(
      (window.getTime() + this.options.loginWindowMs - now.getTime()) / 1000,
    );
    const tooMany = (what: string) =>
      new DomainError(
        'RATE_LIMITED',
        `Too many sign-in attempts ${what}; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );

    // Counted before the password is checked, each in one statement (RateLimitRepository.hit),
    // and one after the other: an attempt refused by one limit is not counted by the next, so
    // failures from an address that is already refused never add to the account's count.
    const ip = client.ip?.slice(0, 64);
    const pairKey = `login:pair:${username}|${ip ?? ''}`;
    const accountKey = `login:user:${username}`;
    if (ip && (await this.rateLimits.hit(`login:ip:${ip}`, window)) > this.options.loginAttemptsPerIp) {
      throw tooMany('from this address');
    }
    if ((await this.rateLimits.hit(pairKey, window)) > this.options.loginFailuresPerAccountAndIp) {
      throw tooMany('for this account from this address');
    }
    if ((await this.rateLimits.hit(accountKey, window)) > this.options.loginFailuresPerAccount) {
      throw tooMany('for this account');
    }

    const user = await this.users.findByUsername(username);
    const ok = user?.passwordHash
      ? await verifyPassword(user.passwordHash, input.password)
      : (await verifyPassword(await this.dummyHash, input.password), false);
    if (!user?.passwordHash || !ok || !user.isActive)
      throw new DomainError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    // A success is no failure: this address starts afresh, and the account gets its attempt back.
    await this.rateLimits.clear(pairKey);
    await this.rateLimits.giveBack(accountKey, window);

    const sessionToken = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(now.getTime() + this.options.sessionTtlMs);
    // A password reset or deactivation that commits after the check above must not leave a
    // session it did not end: the session is created only if the checked hash is still the one.
    const created = await this.sessions.createIfPasswordHolds(
      {
        id: sha256Hex(sessionToken),
        userId: user.id,
        csrfToken,
        expiresAt,
        userAgent: client.userAgent?.slice(0, 300),
        ip: client.ip?.slice(0, 64),
      },
      user.passwordHash,
    );
    if (!created) throw new DomainError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    await this.users.recordLogin(user.id, now);
    return { user: toUserView({ ...user, lastLogin: now }), sessionToken, csrfToken, expiresAt };
  }

  /** What the sign-in page may offer a signed-out visitor: sign-up only while it is open. */
  async signInOptions(): Promise<{ allowSelfRegister: boolean }> {
    return { allowSelfRegister: await this.settings.allowsSelfRegistration() };
  }

  /** Open sign-up, only while the database setting allows it; the new account is a plain user. */
  async register(input: { username: string; password: string }): Promise<UserView> {
    if (!(await this.settings.allowsSelfRegistration())) {
      throw DomainError.forbidden('Self-registration is turned off; ask an admin for an account');
    }
    const username = normalizeUsername(input.username);
    const problems = passwordProblems(input.password, username);
    if (problems.length) throw DomainError.validation('The password does not meet the policy', problems);
    if (await this.users.findByUsername(username)) {
      throw new DomainError('CONFLICT', `The username "${username}" is taken`);
    }
    const row = await this.users.create({
      username,
      role: 'user',
      isActive: true,
      passwordHash: await hashPassword(input.password),
    });
    return toUserView(row);
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.sessionId) await this.sessions.delete(principal.sessionId);
  }

  async authenticateSession(sessionToken: string, now = new Date()): Promise<Principal | null> {
    const session = await this.sessions.findLive(sha256Hex(sessionToken), now);
    if (!session) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > EXTEND_EVERY_MS) {
      await this.sessions.extend(session.id, now, new Date(now.getTime() + this.options.sessionTtlMs));
    }
    return {
      userId: session.user.id,
      username: session.user.username,
      role: roleOf(session.user.role),
      via: 'session',
      sessionId: session.id,
      csrfToken: session.csrfToken,
      timezone: session.user.timezone,
      weekStart: session.user.weekStart,
    };
  }

  async authenticateToken(token: string, now = new Date()): Promise<Principal | null> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    const row = await this.tokens.findUsable(sha256Hex(token), now);
    if (!row) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
      await this.tokens.markUsed(row.id, now);
    return {
      userId: row.user.id,
      username: row.user.username,
      role: roleOf(row.user.role),
      via: 'token',
      tokenId: row.id,
      timezone: row.user.timezone,
      weekStart: row.user.weekStart,
    };
  }

  async me(principal: Principal): Promise<UserView> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Not signed in');
    return toUserView(user);
  }

  /** Heartbeats and every authenticated write keep a running timer from being stopped as idle. */
  touchActivity(principal: Principal, now = new Date()): Promise<unknown> {
    return this.users.touchActivity(principal.userId, now);
  }
}
