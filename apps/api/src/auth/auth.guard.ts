import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, safeEqual, type AuthService, type Principal } from '@timetracker/core';
import { IS_PUBLIC, ROLES, type AuthenticatedRequest } from './auth.decorators';
import { AUTH_SERVICE, CSRF_HEADER, SESSION_COOKIE } from './auth.tokens';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route is authenticated unless marked @Public(): an `Authorization: Bearer` API token,
 * or the session cookie. Writes made with the cookie must carry the session's CSRF token, and
 * every authenticated write counts as the user's activity (idle-timeout rule).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SERVICE) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
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
    const roles = this.reflector.getAllAndOverride<Principal['role'][]>(ROLES, targets);
    if (roles && !roles.includes(principal.role)) throw DomainError.forbidden('This needs the admin role');
    if (write) await this.auth.touchActivity(principal);
    return true;
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
    const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    return cookie ? this.auth.authenticateSession(cookie) : null;
  }
}
