import { describe, expect, it } from 'vitest';
import { authorize, authorizeOwn, may, mayOwn } from './policy';

const admin = { role: 'admin' as const, userId: 1 };
const user = { role: 'user' as const, userId: 2 };

describe('access policy', () => {
  it('lets admins do what is theirs and refuses others with the action’s message', () => {
    expect(may(admin, 'invoices.manage')).toBe(true);
    expect(may(user, 'invoices.manage')).toBe(false);
    expect(() => authorize(admin, 'settings.change')).not.toThrow();
    expect(() => authorize(user, 'settings.change')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: 'Only admins can change the settings' }),
    );
  });

  it('lets the owner of a record act on it, and nobody else without the role', () => {
    expect(mayOwn(user, 'tasks.deleteAny', 2)).toBe(true);
    expect(mayOwn(user, 'tasks.deleteAny', 3)).toBe(false);
    expect(mayOwn(user, 'tasks.deleteAny', null)).toBe(false);
    expect(mayOwn(admin, 'tasks.deleteAny', null)).toBe(true);
    expect(() => authorizeOwn(user, 'users.setAnyPassword', 3)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: 'You are not allowed to do this' }),
    );
  });
});
