import type { SsoCheckResponse, SsoConfigResponse, SsoConfigUpdate } from '@timetracker/contracts';
import { authorize } from '../access/policy';
import type { SignedIn } from '../auth/auth.service';
import { normalizeUsername } from '../auth/password-policy';
import type { Principal } from '../auth/principal';
import { randomSecret, sha256Hex } from '../auth/secret-tokens';
import { DomainError } from '../errors/domain-error';
import type { SecretBox } from '../two-factor/totp';
import { toUserView } from '../users/users.service';
import type { UserRow, UsersRepository } from '../users/users.repository';
import { OidcClient, SsoFailed } from './oidc-client';
import { groupsOf, roleFromGroups } from './role-mapping';
import type { EffectiveSsoConfig, SsoConfigSource } from './sso-config';
import type { SsoRepository } from './sso.repository';

export interface SsoOptions {
  /** PUBLIC_URL: the redirect URI is `${publicUrl}/api/v1/auth/sso/callback`. */
  publicUrl: string;
  sessionTtlMs: number;
  /** How long a sign-in may stay at the provider. */
  pendingTtlMs: number;
}

export interface SsoClientInfo {
  ip?: string;
  userAgent?: string;
}

const USERNAME = /^[a-z0-9._@-]{2,80}$/;

/**
 * OpenID Connect sign-in (issue #21 §1, docs/sso.md): the admin's settings, the redirect to the
 * provider and the way back, which finds, links or creates the user, maps their groups to a role
 * and starts a session. SSO sessions skip the TOTP step: the provider owns the factors.
 */
export class SsoService {
  constructor(
    private readonly repo: SsoRepository,
    private readonly users: UsersRepository,
    private readonly source: SsoConfigSource,
    private readonly box: SecretBox,
    private readonly options: SsoOptions,
    private readonly client: OidcClient = new OidcClient(),
  ) {}

  get redirectUri(): string {
    return `${this.options.publicUrl}/api/v1/auth/sso/callback`;
  }

  async getConfig(actor: Principal): Promise<SsoConfigResponse> {
    authorize(actor, 'sso.manage');
    const c = await this.source.current();
    return {
      source: c.source,
      enabled: c.enabled,
      issuer: c.issuer,
      clientId: c.clientId,
      clientSecretSet: !!c.clientSecret,
      scopes: c.scopes,
      autoCreate: c.autoCreate,
      linkBy: c.linkBy,
      groupsClaim: c.groupsClaim,
      roleMapping: c.roleMapping,
      teamMapping: c.teamMapping,
      ssoOnly: c.ssoOnly,
      redirectUri: this.redirectUri,
      breakGlassUsername: this.source.breakGlassUsername,
    };
  }

  async updateConfig(actor: Principal, input: SsoConfigUpdate): Promise<SsoConfigResponse> {
    authorize(actor, 'sso.manage');
    if ((await this.source.current()).source === 'env')
      throw new DomainError(
        'INVALID_STATE',
        'SSO is configured by OIDC_* environment variables on this server',
      );
    const { clientSecret, ...rest } = input;
    await this.repo.saveConfig({
      ...rest,
      ...(clientSecret !== undefined
        ? { clientSecret: clientSecret === '' ? '' : this.box.seal(clientSecret) }
        : {}),
    });
    this.source.forget();
    return this.getConfig(actor);
  }

  /** Runs discovery against an issuer (the form's, unsaved): its endpoints, or why it fails. */
  async check(actor: Principal, issuer: string): Promise<SsoCheckResponse> {
    authorize(actor, 'sso.manage');
    try {
      const m = await this.client.check(issuer);
      return {
        issuer: m.issuer,
        authorizationEndpoint: m.authorization_endpoint ?? '',
        tokenEndpoint: m.token_endpoint ?? '',
        endSessionEndpoint: m.end_session_endpoint ?? null,
        scopesSupported: m.scopes_supported ?? [],
      };
    } catch (error) {
      if (!(error instanceof SsoFailed)) throw error;
      throw DomainError.validation(error.message, [{ path: 'issuer', message: error.message }]);
    }
  }

  /** Whether the sign-in page offers SSO, and whether it is the only way in. */
  async publicOptions(): Promise<{ enabled: boolean; ssoOnly: boolean }> {
    const c = await this.source.current();
    return { enabled: c.enabled, ssoOnly: c.enabled && c.ssoOnly };
  }

  /** The provider's authorization URL, and the browser's tt_sso cookie that ties the way back to it. */
  async start(now = new Date()): Promise<{ url: string; cookieToken: string; expiresAt: Date }> {
    const config = await this.enabledConfig();
    const cookieToken = randomSecret();
    const pending = {
      id: sha256Hex(cookieToken),
      state: randomSecret(),
      nonce: randomSecret(),
      codeVerifier: randomSecret(),
      expiresAt: new Date(now.getTime() + this.options.pendingTtlMs),
    };
    const url = await this.client.authorizationUrl(config, { redirectUri: this.redirectUri, ...pending });
    await this.repo.createPending(pending);
    return { url: url.toString(), cookieToken, expiresAt: pending.expiresAt };
  }

  /**
   * The way back: the pending sign-in of this browser (its state must be the one returned), the
   * code redeemed and the ID token checked, then the user found, linked or created.
   */
  async finish(
    cookieToken: string | undefined,
    query: URLSearchParams,
    client: SsoClientInfo,
    now = new Date(),
  ): Promise<SignedIn> {
    const config = await this.enabledConfig();
    const pending = cookieToken ? await this.repo.takePending(sha256Hex(cookieToken), now) : null;
    if (!pending || query.get('state') !== pending.state)
      throw new SsoFailed('state_mismatch', 'This sign-in was not started in this browser, or took too long');
    const callbackUrl = new URL(this.redirectUri);
    for (const [k, v] of query) callbackUrl.searchParams.append(k, v);
    const { claims, idToken } = await this.client.exchange(config, callbackUrl, pending);
    const user = await this.userFor(config, claims, now);
    return this.startSession(user, idToken, client, now);
  }

  /** Where the browser goes to end the provider's session too (null: it has no such page). */
  async endSessionUrl(principal: Principal): Promise<string | null> {
    if (!principal.sessionId) return null;
    const [config, idToken] = await Promise.all([
      this.source.current(),
      this.repo.sessionIdToken(principal.sessionId),
    ]);
    if (!idToken || !config.enabled) return null;
    return this.client.endSessionUrl(config, idToken, `${this.options.publicUrl}/sign-in`);
  }

  private async enabledConfig(): Promise<EffectiveSsoConfig> {
    const config = await this.source.current();
    if (!config.enabled || !config.issuer || !config.clientId)
      throw new SsoFailed('disabled', 'Single sign-on is not set up');
    return config;
  }

  /** Linked already, else linked by the admin's rule, else created when allowed; role from groups. */
  private async userFor(config: EffectiveSsoConfig, claims: Record<string, unknown>, now: Date) {
    const issuer = String(claims.iss);
    const subject = String(claims.sub);
    const linked = await this.repo.findIdentity(issuer, subject);
    let user: UserRow | null = null;
    if (linked) {
      user = await this.users.findById(linked.userId);
      await this.repo.touchIdentity(linked.id, now);
    } else {
      user = await this.findByRule(config, claims);
      if (!user) user = await this.create(config, claims);
      if (!(await this.repo.link(user.id, issuer, subject, now)))
        throw new SsoFailed('account_conflict', 'This provider account was linked meanwhile; sign in again');
    }
    if (!user?.isActive) throw new SsoFailed('inactive', 'This account is deactivated');
    if (config.groupsClaim) {
      user = await this.applyRole(user, config, claims);
      await this.applyTeams(user, config, claims);
    }
    return user;
  }

  /** Only ever by a verified email, or by username when the admin chose that rule. */
  private async findByRule(config: EffectiveSsoConfig, claims: Record<string, unknown>) {
    if (config.linkBy === 'email') {
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
      if (email && claims.email_verified === true) {
        const row = await this.repo.findUserIdByEmail(email);
        if (row) return this.users.findById(row.id);
      }
    } else if (config.linkBy === 'username') {
      const name = usernameClaim(claims);
      if (name) return this.users.findByUsername(name);
    }
    return null;
  }

  private async create(config: EffectiveSsoConfig, claims: Record<string, unknown>): Promise<UserRow> {
    if (!config.autoCreate)
      throw new SsoFailed('no_account', 'There is no account for you here yet; ask an admin');
    const username = usernameClaim(claims) ?? `sso-${sha256Hex(String(claims.sub)).slice(0, 12)}`;
    if (await this.users.findByUsername(username))
      throw new SsoFailed('account_conflict', `The username "${username}" is taken by another account`);
    const email =
      typeof claims.email === 'string' && claims.email_verified === true
        ? claims.email.trim().toLowerCase()
        : null;
    const emailFree = email && !(await this.users.emailTaken(email));
    return this.users.transaction(async (tx) => {
      const row = await tx.create({
        username,
        role: 'user',
        isActive: true,
        passwordHash: null,
        email: emailFree ? email : null,
      });
      await tx.audit({
        entityId: row.id,
        action: 'create',
        actor: { userId: null, username: null, via: 'system' },
        before: null,
        after: { username: row.username, role: row.role, isActive: row.isActive, via: 'sso' },
      });
      return row;
    });
  }

  /** Re-evaluated at every sign-in; the last active admin is never demoted by it. */
  private async applyRole(user: UserRow, config: EffectiveSsoConfig, claims: Record<string, unknown>) {
    const role = roleFromGroups(groupsOf(claims, config.groupsClaim), config.roleMapping);
    if (role === user.role) return user;
    return this.users.transaction(async (tx) => {
      await tx.lockAdmins();
      const current = await tx.findById(user.id);
      if (!current || current.role === role) return current ?? user;
      if (current.role === 'admin' && (await tx.countOtherActiveAdmins(user.id)) === 0) return current;
      const row = await tx.update(user.id, { role });
      await tx.audit({
        entityId: user.id,
        action: 'update',
        actor: { userId: null, username: null, via: 'system' },
        before: { username: current.username, role: current.role, isActive: current.isActive },
        after: { username: row.username, role: row.role, isActive: row.isActive, via: 'sso_groups' },
      });
      return row;
    });
  }

  /** The mapped teams of the user's groups, re-evaluated at every sign-in (see syncSsoTeams). */
  private async applyTeams(user: UserRow, config: EffectiveSsoConfig, claims: Record<string, unknown>) {
    const groups = groupsOf(claims, config.groupsClaim);
    const teamIds = [
      ...new Set(config.teamMapping.filter((m) => groups.includes(m.group)).map((m) => m.teamId)),
    ];
    await this.repo.syncSsoTeams(user.id, teamIds);
  }

  private async startSession(
    user: UserRow,
    idToken: string,
    client: SsoClientInfo,
    now: Date,
  ): Promise<SignedIn> {
    const sessionToken = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(now.getTime() + this.options.sessionTtlMs);
    const created = await this.repo.createSession({
      id: sha256Hex(sessionToken),
      userId: user.id,
      csrfToken,
      expiresAt,
      // Kept only for the provider's logout (id_token_hint); an ID token is a few kB at most.
      ...(idToken.length <= 16_384 ? { idToken } : {}),
      userAgent: client.userAgent?.slice(0, 300),
      ip: client.ip?.slice(0, 64),
    });
    if (!created) throw new SsoFailed('inactive', 'This account is deactivated');
    await this.users.recordLogin(user.id, now);
    return {
      user: toUserView({ ...user, lastLogin: now }),
      sessionToken,
      csrfToken,
      expiresAt,
      twoFactorEnrolmentRequired: false,
    };
  }
}

/** preferred_username as one of our usernames, when it can be one. */
function usernameClaim(claims: Record<string, unknown>): string | null {
  if (typeof claims.preferred_username !== 'string') return null;
  const name = normalizeUsername(claims.preferred_username);
  return USERNAME.test(name) ? name : null;
}
