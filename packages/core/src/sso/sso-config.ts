import type { SsoLinkBy, SsoRoleMapping, SsoTeamMapping } from '@timetracker/contracts';
import type { OidcEnvConfig } from '../config/oidc-env';
import type { SecretBox } from '../two-factor/totp';
import type { SsoRepository } from './sso.repository';

/** The SSO settings in force: the OIDC_* variables when OIDC_ISSUER is set, else the dashboard's. */
export interface EffectiveSsoConfig {
  source: 'dashboard' | 'env';
  enabled: boolean;
  issuer: string;
  clientId: string;
  /** Opened (decrypted); stays inside the API. */
  clientSecret?: string;
  scopes: string;
  autoCreate: boolean;
  linkBy: SsoLinkBy;
  groupsClaim: string;
  roleMapping: SsoRoleMapping;
  /** Not settable by OIDC_* (team ids belong to this database): empty with the env's settings. */
  teamMapping: SsoTeamMapping;
  ssoOnly: boolean;
}

/** How long another replica's change of the dashboard's settings may take to apply here. */
const CACHE_MS = 10_000;

/** Reads the settings in force for every sign-in, with a short cache (asked by password sign-in too). */
export class SsoConfigSource {
  private cached: { value: EffectiveSsoConfig; until: number } | null = null;

  constructor(
    private readonly repo: SsoRepository,
    private readonly box: SecretBox,
    private readonly env: OidcEnvConfig | undefined,
    readonly breakGlassUsername: string,
  ) {}

  async current(): Promise<EffectiveSsoConfig> {
    if (this.env) return { source: 'env', enabled: true, teamMapping: [], ...this.env };
    const now = Date.now();
    if (this.cached && this.cached.until > now) return this.cached.value;
    const row = await this.repo.config();
    const value: EffectiveSsoConfig = row
      ? {
          source: 'dashboard',
          enabled: row.enabled,
          issuer: row.issuer,
          clientId: row.clientId,
          ...(row.clientSecret ? { clientSecret: this.box.open(row.clientSecret) } : {}),
          scopes: row.scopes,
          autoCreate: row.autoCreate,
          linkBy: row.linkBy as SsoLinkBy,
          groupsClaim: row.groupsClaim,
          roleMapping: row.roleMapping as SsoRoleMapping,
          teamMapping: row.teamMapping as SsoTeamMapping,
          ssoOnly: row.ssoOnly,
        }
      : {
          source: 'dashboard',
          enabled: false,
          issuer: '',
          clientId: '',
          scopes: 'openid profile email',
          autoCreate: false,
          linkBy: 'email',
          groupsClaim: '',
          roleMapping: [],
          teamMapping: [],
          ssoOnly: false,
        };
    this.cached = { value, until: now + CACHE_MS };
    return value;
  }

  /** The dashboard's settings changed on this replica: apply them at once here. */
  forget(): void {
    this.cached = null;
  }

  /**
   * Whether this account may sign in with its password: always, unless SSO-only is on; then
   * only the break-glass account (docs/sso.md "Break glass").
   */
  async passwordSignInAllowed(normalizedUsername: string): Promise<boolean> {
    const config = await this.current();
    return !(config.enabled && config.ssoOnly) || normalizedUsername === this.breakGlassUsername;
  }
}
