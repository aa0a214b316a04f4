export const AUTH_SERVICE = Symbol('AuthService');
export const USERS_SERVICE = Symbol('UsersService');
export const API_TOKENS_SERVICE = Symbol('ApiTokensService');
export const ACCOUNT_SERVICE = Symbol('AccountService');

export const SESSION_COOKIE = 'tt_session';
/** Readable by the dashboard's JavaScript, which echoes it in X-CSRF-Token (double submit). */
export const CSRF_COOKIE = 'tt_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const PASSWORD_RESET_SERVICE = Symbol('PasswordResetService');
