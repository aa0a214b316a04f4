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
import type { Principal } from './principal';
import { randomSecret, sha256Hex } from './secret-tokens';

export interface AuthOptions {
  sessionTtlMs: number;
  /** Failed sign-ins per username, and attempts per client address, allowed per window. */
  loginFailuresPerUsername: number;
  loginAttemptsPerIp: number;
  loginWindowMs: number;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  sessionTtlMs: 14 * 24 * 3600_000,
  loginFailuresPerUsername: 10,
  loginAttemptsPerIp: 50,
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
        {
          retryAfterSeconds,
        },
      );

    if (
      client.ip &&
      (await this.rateLimits.hit(`login:ip:${client.ip}`, window)) > this.options.loginAttemptsPerIp
    ) {
      throw tooMany('from this address');
    }
    const userKey = `login:user:${username}`;
    if ((await this.rateLimits.count(userKey, window)) >= this.options.loginFailuresPerUsername) {
      throw tooMany('for this account');
    }

    const user = await this.users.findByUsername(username);
    const ok = user?.passwordHash
      ? await verifyPassword(user.passwordHash, input.password)
      : (await verifyPassword(await this.dummyHash, input.password), false);
    if (!user || !ok || !user.isActive) {
      await this.rateLimits.hit(userKey, window);
      throw new DomainError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    }

    const sessionToken = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(now.getTime() + this.options.sessionTtlMs);
    await this.sessions.create({
      id: sha256Hex(sessionToken),
      userId: user.id,
      csrfToken,
      expiresAt,
      userAgent: client.userAgent?.slice(0, 300),
      ip: client.ip?.slice(0, 64),
    });
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
      role: session.user.role === 'admin' ? 'admin' : 'user',
      via: 'session',
      sessionId: session.id,
      csrfToken: session.csrfToken,
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
      role: row.user.role === 'admin' ? 'admin' : 'user',
      via: 'token',
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
