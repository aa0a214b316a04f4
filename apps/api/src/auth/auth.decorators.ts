import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@timetracker/core';
import type { Request } from 'express';

export const IS_PUBLIC = 'timetracker:public';
export const ROLES = 'timetracker:roles';

/** The route answers without credentials (sign-in, sign-up, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route needs one of these roles (default: any signed-in user). */
export const Roles = (...roles: Principal['role'][]) => SetMetadata(ROLES, roles);

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The acting user, put on the request by the AuthGuard. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentUser used on a route without authentication');
  return principal;
});
