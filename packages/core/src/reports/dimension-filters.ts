import { Prisma } from '@timetracker/db';
import type { EntryScope } from './report-sql';

/**
 * The scope's filters on who, what and billable, on the rows `row` (`te`: time_entries, `r`:
 * entry_rollups, which name these columns alike) joined with `p` (projects): one list, so the
 * per-entry and the rollup paths cannot filter differently.
 */
export function dimensionFilters(scope: EntryScope, row: 'te' | 'r'): Prisma.Sql[] {
  const column = (name: string) => Prisma.raw(`${row}.${name}`);
  const c: Prisma.Sql[] = [];
  if (scope.userIds) c.push(Prisma.sql`${column('user_id')} IN (${Prisma.join(scope.userIds)})`);
  if (scope.clientIds) c.push(Prisma.sql`p.client_id IN (${Prisma.join(scope.clientIds)})`);
  if (scope.projectIds) c.push(Prisma.sql`${column('project_id')} IN (${Prisma.join(scope.projectIds)})`);
  if (scope.taskIds) c.push(Prisma.sql`${column('task_id')} IN (${Prisma.join(scope.taskIds)})`);
  if (scope.billable !== undefined) c.push(Prisma.sql`${column('billable')} = ${scope.billable}`);
  return c;
}
