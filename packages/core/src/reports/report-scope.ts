import type { ReportFilterQuery } from '@timetracker/contracts';
import { authorizeOwn, reach } from '../access/policy';
import type { Principal } from '../auth/principal';
import { viewerZone } from '../time/viewer-zone';
import { resolveRange } from './report-range';
import { weekStartFrom, type EntryScope } from './report-sql';

/**
 * The entries an actor may report on: admins and accountants anyone's (or the `users` they
 * name), team leads their own and their members' (`led`: TeamScopeRepository.managedUserIds),
 * everyone else only their own. Anyone else naming another user is refused rather than silently
 * narrowed, so a client never mistakes "your own time" for "their time". Days, weeks and
 * months are cut in the query's `timezone`, else the viewer's (their preference, else the
 * company's), and the response says which; weeks start on the query's `weekStart`, else the
 * viewer's first day of the week.
 */
export function scopeFor(
  actor: Principal,
  query: ReportFilterQuery,
  settings: { timezone: string },
  now: Date,
  led: readonly number[] = [],
): EntryScope {
  const timeZone = query.timezone ?? viewerZone(actor, settings);
  const weekStart = query.weekStart ?? weekStartFrom(actor.weekStart);
  let userIds = query.users;
  if (reach(actor, 'reports.othersTime') !== 'everyone') {
    const allowed = new Set([actor.userId, ...led]);
    for (const id of userIds ?? []) if (!allowed.has(id)) authorizeOwn(actor, 'reports.othersTime', id);
    userIds = userIds ?? [...allowed];
  }
  return {
    ...(userIds ? { userIds } : {}),
    ...(query.clients ? { clientIds: query.clients } : {}),
    ...(query.projects ? { projectIds: query.projects } : {}),
    ...(query.tasks ? { taskIds: query.tasks } : {}),
    ...(query.tags?.length ? { tags: query.tags, tagMode: query.tagMode ?? 'any' } : {}),
    ...(query.billable !== undefined ? { billable: query.billable } : {}),
    ...resolveRange(query, now, timeZone, weekStart),
    includeRunning: query.includeRunning ?? false,
    now,
    timeZone,
    weekStart,
  };
}
