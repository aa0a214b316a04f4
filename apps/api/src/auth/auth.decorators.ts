import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { Action, Principal } from '@timetracker/core';
import type { FastifyRequest } from 'fastify';

export const IS_PUBLIC = 'timetracker:public';
export const REQUIRES = 'timetracker:requires';
export const BEFORE_TWO_FACTOR = 'timetracker:beforeTwoFactor';

/**
 * A marker security requirement on public routes: controllers declare bearer and session auth
 * once for all their routes, and the OpenAPI document turns a route carrying this marker into
 * `security: []` (no credentials), which @nestjs/swagger cannot express per method.
 */
export const PUBLIC_SECURITY_MARKER = 'public';

/** The route answers without credentials (sign-in, sign-up, health). */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity(PUBLIC_SECURITY_MARKER));

/**
 * The route stays open to a session whose user must first set up a second factor
 * (settings.requireTwoFactor; Principal.twoFactorEnrolmentRequired): who am I, sign out, and
 * the enrolment itself. Every other route answers 403 to such a session.
 */
export const AllowedBeforeTwoFactor = () => SetMetadata(BEFORE_TWO_FACTOR, true);

/**
 * The route needs the access policy's permission for `action` (default: any signed-in user); the
 * service checks it again, this answers 403 before any work.
 */
export const Requires = (action: Action) => SetMetadata(REQUIRES, action);

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** The acting user, put on the request by the AuthGuard. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentUser used on a route without authentication');
  return principal;
});
