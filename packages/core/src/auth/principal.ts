/** Who is acting, passed explicitly to every service call. */
export interface Principal {
  userId: number;
  username: string;
  role: 'admin' | 'manager' | 'accountant' | 'user';
  /** How the request authenticated: a browser session (needs CSRF on writes) or an API token. */
  via: 'session' | 'token';
  sessionId?: string;
  /** The API token's id when `via` is 'token' and a token authenticated the request. */
  tokenId?: number;
  csrfToken?: string;
  /** How a session was started: a password (and maybe TOTP) or the SSO provider. */
  signInMethod?: 'password' | 'sso';
  /**
   * The user's own time zone preference (null: the company's), read with the session or token
   * at no extra query; use it through viewerZone().
   */
  timezone?: string | null;
  /** The user's first day of the week (monday | sunday | saturday), read along with the zone. */
  weekStart?: string;
  /**
   * A session of a user whom settings.requireTwoFactor obliges to set up a second factor, who has
   * none yet: the guard lets such a session reach only the enrolment routes (API tokens never
   * carry it: they keep working without a second factor).
   */
  twoFactorEnrolmentRequired?: boolean;
}

export type PrincipalRole = Principal['role'];

const ROLES: readonly PrincipalRole[] = ['admin', 'manager', 'accountant', 'user'];

/** A stored role as the principal's: an adopted database's unknown value reads as `user`. */
export function roleOf(stored: string): PrincipalRole {
  return (ROLES as readonly string[]).includes(stored) ? (stored as PrincipalRole) : 'user';
}
