import { describe, expect, it } from 'vitest';
import { groupsOf, roleFromGroups } from './role-mapping';

const mapping = [
  { group: 'tt-users', role: 'user' as const },
  { group: 'tt-managers', role: 'manager' as const },
  { group: 'tt-admins', role: 'admin' as const },
  { group: 'finance', role: 'accountant' as const },
];

describe('roleFromGroups', () => {
  it('gives the strongest mapped role, whatever the order', () => {
    expect(roleFromGroups(['tt-admins', 'tt-managers'], mapping)).toBe('admin');
    expect(roleFromGroups(['finance', 'tt-managers'], mapping)).toBe('manager');
    expect(roleFromGroups(['finance'], mapping)).toBe('accountant');
  });
  it('gives user for no mapped group, and matches groups exactly', () => {
    expect(roleFromGroups([], mapping)).toBe('user');
    expect(roleFromGroups(['TT-ADMINS', 'tt-admins-old'], mapping)).toBe('user');
  });
});

describe('groupsOf', () => {
  it('reads an array of strings or a single string, nothing else', () => {
    expect(groupsOf({ groups: ['a', 1, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsOf({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(groupsOf({ groups: { a: true } }, 'groups')).toEqual([]);
    expect(groupsOf({}, 'groups')).toEqual([]);
  });
});
