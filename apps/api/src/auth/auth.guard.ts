import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  authorize,
  DomainError,
  safeEqual,
  type Action,
  type AuthService,
  type Principal,
} from '@timetracker/core';
import { BEFORE_TWO_FACTOR, IS_PUBLIC, REQUIRES, type AuthenticatedRequest } from './auth.decorators';
import { AUTH_SERVICE, CSRF_HEADER, SESSION_COOKIE } from './auth.tokens';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route is authenticated unless marked @Public(): an `Authorization: Bearer` API token,
 * or the session cookie. Writes made with the cookie must carry the session's CSRF token, and
 * every authenticated write counts as the user's activity (idle-timeout rule).
 */
type RouteRules = { isPublic: boolean; requires: Action | undefined; beforeTwoFactor: boolean };

@Injectable()
export class AuthGuard implements CanActivate {
  /** Per handler, then per controller class (a handler inherited by two controllers has two). */
  private readonly rules = new WeakMap<object, Map<object, RouteRules>>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SERVICE) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { isPublic, requires, beforeTwoFactor } = this.rulesOf(context);
    const principal = await this.resolve(req);
    if (principal) req.principal = principal;
    if (isPublic) return true;
    if (!principal)
      throw new DomainError('UNAUTHENTICATED', 'Sign in, or send a personal API token as a Bearer token');

    const write = !SAFE_METHODS.has(req.method);
    if (write && principal.via === 'session') {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
        throw DomainError.forbidden(
          'Missing or wrong X-CSRF-Token header (required on writes made with the session cookie)',
        );
      }
    }
    if (principal.twoFactorEnrolmentRequired && !beforeTwoFactor) {
      throw DomainError.forbidden(
        'Set up two-factor authentication first (required by the settings): /account/two-factor/enrol',
      );
    }
    if (requires) authorize(principal, requires);
    if (write) await this.auth.touchActivity(principal);
    return true;
  }

  /** The route's @Public() and @Requires(), read from its metadata once (it never changes). */
  private rulesOf(context: ExecutionContext): RouteRules {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byController = this.rules.get(handler);
    let rules = byController?.get(controller);
    if (!rules) {
      const targets = [handler, controller];
      rules = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
        requires: this.reflector.getAllAndOverride<Action>(REQUIRES, targets),
        beforeTwoFactor: this.reflector.getAllAndOverride<boolean>(BEFORE_TWO_FACTOR, targets) ?? false,
      };
      if (!byController) this.rules.set(handler, (byController = new Map()));
      byController.set(controller, rules);
    }
    return rules;
  }

  /** A bad bearer token is a 401, never a silent fall-back to the cookie. */
  private async resolve(req: AuthenticatedRequest): Promise<Principal | null> {
    const header = req.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match ? await this.auth.authenticateToken(match[1]!) : null;
      if (!principal)
        throw new DomainError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked');
      return principal;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    return cookie ? this.auth.authenticateSession(cookie) : null;
  }
}
