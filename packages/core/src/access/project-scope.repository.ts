import { Prisma } from '@timetracker/db';
import type { Principal } from '../auth/principal';
import { may } from './policy';

/**
 * Which projects a user may track on (issue #18): public ones, and private ones they are a
 * member of, directly or through a team (a team's leads are its members, so a manager also sees
 * their teams' projects). `null` means every project (admins and accountants, see
 * `projects.seeAll`). Both forms stay inside the one statement that reads the projects (an
 * EXISTS per path, on the primary keys and the user_id indexes), never a query per row.
 */
export type ProjectScope = number | null;

/** SQL condition on the projects row aliased `alias` (raw statements: the timer start, entries). */
export function trackableBy(scope: ProjectScope, alias = 'p'): Prisma.Sql {
  if (scope === null) return Prisma.sql`TRUE`;
  const p = Prisma.raw(alias);
  return Prisma.sql`(${p}.visibility = 'public'
    OR EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = ${p}.id AND pm.user_id = ${scope})
    OR EXISTS (SELECT 1 FROM project_teams pt JOIN team_members tm ON tm.team_id = pt.team_id
                WHERE pt.project_id = ${p}.id AND tm.user_id = ${scope}))`;
}

/** The same rule as a Prisma filter on projects. */
export function trackableWhere(scope: ProjectScope): Prisma.ProjectWhereInput {
  if (scope === null) return {};
  return {
    OR: [
      { visibility: 'public' },
      { members: { some: { userId: scope } } },
      { teams: { some: { team: { members: { some: { userId: scope } } } } } },
    ],
  };
}

/**
 * A client is visible when one of its projects is trackable, or when it has no private project
 * at all (a new client without projects, or one with only public ones).
 */
export function clientVisibleWhere(scope: ProjectScope): Prisma.ClientWhereInput {
  if (scope === null) return {};
  return {
    OR: [{ projects: { some: trackableWhere(scope) } }, { projects: { none: { visibility: 'private' } } }],
  };
}

/** The projects the actor sees in lists and reads: every one, or those they may track on. */
export function projectScopeFor(actor: Pick<Principal, 'role' | 'userId'>): ProjectScope {
  return may(actor, 'projects.seeAll') ? null : actor.userId;
}
