import type { SsoRoleMapping } from '@timetracker/contracts';
import type { PrincipalRole as Role } from '../auth/principal';

const STRENGTH: Record<Role, number> = { admin: 3, manager: 2, accountant: 1, user: 0 };

/**
 * The groups claim's values, whatever shape the provider sends: an array of strings, or one
 * string (some send a single group so). Anything else counts as no groups.
 */
export function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The strongest role any of the user's groups maps to; user when none of them is mapped. */
export function roleFromGroups(groups: string[], mapping: SsoRoleMapping): Role {
  let role: Role = 'user';
  for (const { group, role: mapped } of mapping) {
    if (groups.includes(group) && STRENGTH[mapped] > STRENGTH[role]) role = mapped;
  }
  return role;
}
