import { mustHaveSecondFactor } from '../access/policy';
import { DomainError } from '../errors/domain-error';
import type { RateLimitRepository } from '../rate-limit/rate-limit.repository';
import type { SessionsRepository } from '../sessions/sessions.repository';
import type { SettingsRepository } from '../settings/settings.repository';
import type { SsoConfigSource } from '../sso/sso-config';
import type { ApiTokensRepository } from '../tokens/api-tokens.repository';
import { API_TOKEN_PREFIX } from '../tokens/api-tokens.service';
import type { TwoFactorRepository } from '../two-factor/two-factor.repository';
import type { TwoFactorService } from '../two-factor/two-factor.service';
import { toUserView, type UserView } from '../users/users.service';
import type { UserRow, UsersRepository } from '../users/users.repository';
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
  /** How long a right password waits for its second step. */
  secondStepTtlMs: number;
  /** How long "remember this device" skips the second step. */
  rememberDeviceMs: number;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  sessionTtlMs: 14 * 24 * 3600_000,
  loginAttemptsPerIp: 50,
  loginFailuresPerAccountAndIp: 10,
  loginFailuresPerAccount: 50,
  loginWindowMs: 15 * 60_000,
  secondStepTtlMs: 5 * 60_000,
  rememberDeviceMs: 30 * 24 * 3600_000,
};

export interface SignedIn {
  user: UserView;
  /** Goes into the httpOnly cookie; never stored as is. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  /** settings.requireTwoFactor applies and no second factor is set up yet (see Principal). */
  twoFactorEnrolmentRequired: boolean;
  /** Set when the user asked to remember this browser: goes into the tt_device cookie. */
  deviceToken?: { token: string; expiresAt: Date };
}

/** The password was right; the second step is due (POST /auth/login/second-factor). */
export interface SecondStepDue {
  /** Goes into the httpOnly tt_2fa cookie; never stored as is. */
  challengeToken: string;
  expiresAt: Date;
}

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
  /** The tt_device cookie of a browser remembered earlier. */
  deviceToken?: string;
}

/** Extending a session on every request would write on every read; once in a while is enough. */
const EXTEND_EVERY_MS = 5 * 60_000;
const INVALID_CREDENTIALS = 'Invalid username or password';
/** How long another replica's change of settings.requireTwoFactor may take to apply here. */
const REQUIREMENT_CACHE_MS = 10_000;

export class AuthService {
  /** Verifying against this when the user does not exist keeps the timing of both failures alike. */
  private readonly dummyHash = hashPassword(randomSecret());
  private requirement: { value: string; until: number } | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly tokens: ApiTokensRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly settings: SettingsRepository,
    private readonly twoFactor: TwoFactorService,
    private readonly twoFactorRepo: TwoFactorRepository,
    private readonly sso: Pick<SsoConfigSource, 'passwordSignInAllowed' | 'current'>,
    private readonly options: AuthOptions = DEFAULT_AUTH_OPTIONS,
  ) {}

  /**
   * The first step: username and password. Signed in at once unless the user has a second factor
   * (and this browser is not remembered): then a pending second step, which is no session.
   */
  async login(
    input: { username: string; password: string },
    client: ClientInfo,
    now = new Date(),
  ): Promise<SignedIn | SecondStepDue> {
    const username = normalizeUsername(input.username);
    const attempt = await this.countAttempt(username, client.ip, now);
    if (!(await this.sso.passwordSignInAllowed(username)))
      throw DomainError.forbidden('Sign in with single sign-on: password sign-in is turned off');

    const user = await this.users.findByUsername(username);
    const ok = user?.passwordHash
      ? await verifyPassword(user.passwordHash, input.password)
      : (await verifyPassword(await this.dummyHash, input.password), false);
    if (!user?.passwordHash || !ok || !user.isActive)
      throw new DomainError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    await attempt.succeeded();

    // A local password: the second step applies (an SSO sign-in starts its session in SsoService).
    if (await this.twoFactor.isEnrolled(user.id)) {
      const remembered =
        client.deviceToken &&
        (await this.twoFactorRepo.isRememberedDevice(sha256Hex(client.deviceToken), user.id, now));
      if (!remembered) {
        const challengeToken = randomSecret();
        const expiresAt = new Date(now.getTime() + this.options.secondStepTtlMs);
        await this.twoFactorRepo.createChallenge({
          id: sha256Hex(challengeToken),
          userId: user.id,
          passwordHash: user.passwordHash,
          expiresAt,
          userAgent: client.userAgent?.slice(0, 300),
          ip: client.ip?.slice(0, 64),
        });
        return { challengeToken, expiresAt };
      }
    }
    return this.startSession(user, user.passwordHash, client, now);
  }

  /**
   * The second step: a TOTP code or a recovery code for the pending sign-in of `challengeToken`.
   * Counted by the same limits as passwords (per address, per account and address, per account).
   */
  async secondStep(
    challengeToken: string | undefined,
    input: { code: string; rememberDevice?: boolean },
    client: ClientInfo,
    now = new Date(),
  ): Promise<SignedIn> {
    const challenge = challengeToken
      ? await this.twoFactorRepo.findChallenge(sha256Hex(challengeToken), now)
      : null;
    if (!challenge)
      throw new DomainError(
        'UNAUTHENTICATED',
        'The sign-in has expired or was never started; enter your password again',
      );
    const attempt = await this.countAttempt(normalizeUsername(challenge.user.username), client.ip, now);
    const used = await this.twoFactor.verifySignIn(challenge.userId, input.code, now);
    if (!used) throw new DomainError('UNAUTHENTICATED', 'The code is wrong or was used already');
    if (!(await this.twoFactorRepo.consumeChallenge(challenge.id)))
      throw new DomainError(
        'UNAUTHENTICATED',
        'The sign-in has expired or was never started; enter your password again',
      );
    await attempt.succeeded();
    const user = await this.users.findById(challenge.userId);
    if (!user?.isActive) throw new DomainError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    const signedIn = await this.startSession(user, challenge.passwordHash, client, now);
    if (input.rememberDevice) {
      const token = randomSecret();
      const expiresAt = new Date(now.getTime() + this.options.rememberDeviceMs);
      await this.twoFactorRepo.rememberDevice({
        id: sha256Hex(token),
        userId: user.id,
        expiresAt,
        userAgent: client.userAgent?.slice(0, 300),
      });
      signedIn.deviceToken = { token, expiresAt };
    }
    return signedIn;
  }

  /**
   * Counts a sign-in attempt (password or second step) against the limits, before anything is
   * checked, each in one statement (RateLimitRepository.hit), and one after the other: an attempt
   * refused by one limit is not counted by the next, so failures from an address that is already
   * refused never add to the account's count. `succeeded` undoes what a success must not count.
   */
  private async countAttempt(username: string, rawIp: string | undefined, now: Date) {
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
    const ip = rawIp?.slice(0, 64);
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
    return {
      // A success is no failure: this address starts afresh, and the account gets its attempt back.
      succeeded: async () => {
        await this.rateLimits.clear(pairKey);
        await this.rateLimits.giveBack(accountKey, window);
      },
    };
  }

  private async startSession(
    user: UserRow,
    checkedPasswordHash: string,
    client: ClientInfo,
    now: Date,
  ): Promise<SignedIn> {
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
      checkedPasswordHash,
    );
    if (!created) throw new DomainError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    await this.users.recordLogin(user.id, now);
    return {
      user: toUserView({ ...user, lastLogin: now }),
      sessionToken,
      csrfToken,
      expiresAt,
      twoFactorEnrolmentRequired: await this.enrolmentRequired(
        user.role,
        true,
        async () => user.totp?.confirmedAt != null,
      ),
    };
  }

  /**
   * Whether settings.requireTwoFactor sends this user to enrolment. Asked on every session
   * request, so the setting is cached for a few seconds (a change on this replica applies at
   * once, twoFactorSettingChanged; on others within that time), and whether the user is enrolled
   * is read only when the setting applies to them: with it off, a request costs nothing more.
   */
  private async enrolmentRequired(
    role: string,
    hasLocalPassword: boolean,
    enrolled: () => Promise<boolean>,
  ): Promise<boolean> {
    if (!hasLocalPassword) return false;
    const now = Date.now();
    if (!this.requirement || this.requirement.until <= now) {
      this.requirement = { value: await this.settings.requireTwoFactor(), until: now + REQUIREMENT_CACHE_MS };
    }
    return mustHaveSecondFactor({ role, hasLocalPassword }, this.requirement.value) && !(await enrolled());
  }

  /** A SettingsListener: settings.requireTwoFactor changed on this replica. */
  twoFactorSettingChanged(value: string): void {
    this.requirement = { value, until: Date.now() + REQUIREMENT_CACHE_MS };
  }

  /** What the sign-in page may offer a signed-out visitor: sign-up only while it is open. */
  async signInOptions(): Promise<{
    allowSelfRegister: boolean;
    sso: { enabled: boolean; ssoOnly: boolean };
  }> {
    const [allowSelfRegister, sso] = await Promise.all([
      this.settings.allowsSelfRegistration(),
      this.sso.current(),
    ]);
    const ssoOnly = sso.enabled && sso.ssoOnly;
    return { allowSelfRegister: allowSelfRegister && !ssoOnly, sso: { enabled: sso.enabled, ssoOnly } };
  }

  /** Open sign-up, only while the database setting allows it; the new account is a plain user. */
  async register(input: { username: string; password: string }): Promise<UserView> {
    if (!(await this.settings.allowsSelfRegistration())) {
      throw DomainError.forbidden('Self-registration is turned off; ask an admin for an account');
    }
    const sso = await this.sso.current();
    if (sso.enabled && sso.ssoOnly)
      throw DomainError.forbidden('Accounts come from single sign-on here; sign in with SSO');
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
      signInMethod: session.method === 'sso' ? 'sso' : 'password',
      // An SSO session relies on the provider's factors: the TOTP requirement is not ours to ask.
      twoFactorEnrolmentRequired: await this.enrolmentRequired(
        session.user.role,
        session.method !== 'sso' && session.user.passwordHash !== null,
        () => this.twoFactor.isEnrolled(session.user.id),
      ),
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
