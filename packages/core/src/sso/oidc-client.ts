import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { EffectiveSsoConfig } from './sso-config';

/** Why an SSO sign-in failed, for the sign-in page (docs/sso.md "When sign-in fails"). */
export type SsoFailure =
  | 'disabled'
  | 'provider_unavailable'
  | 'provider_error'
  | 'state_mismatch'
  | 'invalid_token'
  | 'no_account'
  | 'account_conflict'
  | 'inactive';

export class SsoFailed extends Error {
  override readonly name = 'SsoFailed';
  constructor(
    readonly reason: SsoFailure,
    detail: string,
  ) {
    super(detail);
  }
}

export interface OidcClientOptions {
  /** A discovered provider is reused this long before its document is read again. */
  discoveryTtlMs: number;
  /** Each request to the provider (discovery, token, keys). */
  timeoutMs: number;
  /** Allowed difference between our clock and the provider's for exp, iat and nbf, seconds. */
  clockToleranceSeconds: number;
}

export const DEFAULT_OIDC_CLIENT_OPTIONS: OidcClientOptions = {
  discoveryTtlMs: 10 * 60_000,
  timeoutMs: 10_000,
  clockToleranceSeconds: 60,
};

/** Plain http is accepted only for a provider on this machine (development and tests). */
const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/**
 * The relying party, through openid-client (discovery, PKCE, the code grant and every check on
 * the ID token: signature against the provider's keys, issuer, audience, expiry, nonce).
 */
export class OidcClient {
  private readonly discovered = new Map<string, { config: oidc.Configuration; until: number }>();

  constructor(private readonly options: OidcClientOptions = DEFAULT_OIDC_CLIENT_OPTIONS) {}

  async authorizationUrl(
    settings: EffectiveSsoConfig,
    params: { redirectUri: string; state: string; nonce: string; codeVerifier: string },
  ): Promise<URL> {
    const config = await this.configuration(settings);
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: params.redirectUri,
      scope: settings.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(params.codeVerifier),
      code_challenge_method: 'S256',
      state: params.state,
      nonce: params.nonce,
    });
  }

  /** Redeems the code; the ID token's claims once every check passed. */
  async exchange(
    settings: EffectiveSsoConfig,
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<{ claims: Record<string, unknown>; idToken: string }> {
    const config = await this.configuration(settings);
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new SsoFailed('invalid_token', 'The provider sent no ID token');
      return { claims: claims as Record<string, unknown>, idToken: tokens.id_token };
    } catch (error) {
      throw this.failure(error);
    }
  }

  /** The provider's logout page for this ID token, when the provider has one. */
  async endSessionUrl(
    settings: EffectiveSsoConfig,
    idToken: string,
    postLogoutRedirectUri: string,
  ): Promise<string | null> {
    const config = await this.configuration(settings).catch(() => null);
    if (!config?.serverMetadata().end_session_endpoint) return null;
    return oidc
      .buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: postLogoutRedirectUri,
      })
      .toString();
  }

  /**
   * Reads the issuer's discovery document now (no cache), for the admin's "Check provider"; a
   * failure says in plain words what went wrong.
   */
  async check(issuerUrl: string): Promise<oidc.ServerMetadata> {
    const issuer = new URL(issuerUrl);
    const execute: ((config: oidc.Configuration) => void)[] = [];
    if (issuer.protocol === 'http:') {
      if (!isLoopback(issuer))
        throw new SsoFailed(
          'provider_unavailable',
          'The issuer must be https (plain http only on this machine)',
        );
      execute.push(oidc.allowInsecureRequests);
    }
    const where = `${issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`;
    try {
      const config = await oidc.discovery(issuer, 'check', undefined, oidc.None(), {
        execute,
        timeout: this.options.timeoutMs / 1000,
      });
      return config.serverMetadata();
    } catch (error) {
      const code = (error as { code?: string })?.code;
      const name = (error as { name?: string })?.name;
      if (error instanceof TypeError || name === 'TimeoutError' || name === 'AbortError')
        throw new SsoFailed(
          'provider_unavailable',
          `Nothing answers at ${where} (unreachable, refused or timed out)`,
        );
      if (code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED')
        throw new SsoFailed(
          'provider_error',
          `The discovery document at ${where} names another issuer than ${issuerUrl}`,
        );
      if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON')
        throw new SsoFailed(
          'provider_error',
          `${where} did not answer an OpenID discovery document: ${(error as Error).message}`,
        );
      throw new SsoFailed(
        'provider_error',
        `The discovery document at ${where} is not usable: ${String(error)}`,
      );
    }
  }

  private async configuration(settings: EffectiveSsoConfig): Promise<oidc.Configuration> {
    const key = createHash('sha256')
      .update(JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret ?? '']))
      .digest('hex');
    const now = Date.now();
    const hit = this.discovered.get(key);
    if (hit && hit.until > now) return hit.config;
    const issuer = new URL(settings.issuer);
    const execute = [oidc.enableNonRepudiationChecks];
    if (issuer.protocol === 'http:') {
      if (!isLoopback(issuer))
        throw new SsoFailed(
          'provider_unavailable',
          'The issuer must be https (plain http only on this machine)',
        );
      execute.push(oidc.allowInsecureRequests);
    }
    try {
      const config = await oidc.discovery(
        issuer,
        settings.clientId,
        { [oidc.clockTolerance]: this.options.clockToleranceSeconds },
        settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
        { execute, timeout: this.options.timeoutMs / 1000 },
      );
      this.discovered.clear();
      this.discovered.set(key, { config, until: now + this.options.discoveryTtlMs });
      return config;
    } catch (error) {
      throw this.failure(error);
    }
  }

  /** Unreachable or broken provider, an error it reports, or a response that fails a check. */
  private failure(error: unknown): SsoFailed {
    if (error instanceof SsoFailed) return error;
    if (error instanceof oidc.AuthorizationResponseError)
      return new SsoFailed('provider_error', `The provider refused: ${error.error}`);
    if (error instanceof oidc.ResponseBodyError)
      return new SsoFailed('provider_error', `The provider refused the code: ${error.error}`);
    const name = (error as { name?: string })?.name;
    const code = (error as { code?: string })?.code;
    if (
      error instanceof TypeError ||
      name === 'TimeoutError' ||
      name === 'AbortError' ||
      code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' ||
      code === 'OAUTH_RESPONSE_IS_NOT_JSON'
    )
      return new SsoFailed('provider_unavailable', `The provider cannot be reached: ${String(error)}`);
    return new SsoFailed('invalid_token', `The provider's answer failed a check: ${String(error)}`);
  }
}
