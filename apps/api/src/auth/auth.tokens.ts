export const AUTH_SERVICE = Symbol('AuthService');
export const USERS_SERVICE = Symbol('UsersService');
export const API_TOKENS_SERVICE = Symbol('ApiTokensService');
export const ACCOUNT_SERVICE = Symbol('AccountService');
export const TWO_FACTOR_SERVICE = Symbol('TwoFactorService');

export const SESSION_COOKIE = 'tt_session';
/** Readable by the dashboard's JavaScript, which echoes it in X-CSRF-Token (double submit). */
export const CSRF_COOKIE = 'tt_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** httpOnly: the pending second step of a sign-in (five minutes), scoped to the auth routes. */
export const SECOND_STEP_COOKIE = 'tt_2fa';
/** httpOnly: a browser remembered for 30 days, which skips the second step. */
export const DEVICE_COOKIE = 'tt_device';
export const PASSWORD_RESET_SERVICE = Symbol('PasswordResetService');
export const SSO_SERVICE = Symbol('SsoService');
export const SSO_CONFIG_SOURCE = Symbol('SsoConfigSource');
/** httpOnly: ties the provider's redirect back to the browser that started the sign-in (ten minutes). */
export const SSO_COOKIE = 'tt_sso';
