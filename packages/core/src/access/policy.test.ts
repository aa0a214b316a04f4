import { describe, expect, it } from 'vitest';
import {
  authorize,
  authorizeOnUser,
  authorizeOwn,
  may,
  mayOnUser,
  mayOwn,
  maySeeRates,
  reach,
} from './policy';

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

describe('access policy for managers and accountants', () => {
  const manager = { role: 'manager' as const, userId: 5 };
  const accountant = { role: 'accountant' as const, userId: 6 };

  it('lets a team lead act on the users they lead only, and on their own data', () => {
    expect(reach(manager, 'timeEntries.listOthers')).toBe('led');
    expect(mayOnUser(manager, 'timeEntries.seeOthers', 7, true)).toBe(true);
    expect(mayOnUser(manager, 'timeEntries.seeOthers', 7, false)).toBe(false);
    expect(mayOnUser(manager, 'timeEntries.seeOthers', 5, false)).toBe(true);
    // A user who is (oddly) told they manage someone still gets nothing: only managers lead.
    expect(mayOnUser(user, 'timeEntries.seeOthers', 7, true)).toBe(false);
    expect(() => authorizeOnUser(manager, 'timeEntries.recordForOthers', 7, false)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(reach(admin, 'timeEntries.listOthers')).toBe('everyone');
    expect(reach(user, 'timeEntries.listOthers')).toBe('self');
  });

  it('lets accountants read every report and write invoices, but touch no one’s time', () => {
    expect(reach(accountant, 'reports.othersTime')).toBe('everyone');
    expect(may(accountant, 'invoices.manage')).toBe(true);
    expect(reach(accountant, 'timeEntries.recordForOthers')).toBe('self');
    expect(mayOnUser(accountant, 'timeEntries.seeOthers', 7, true)).toBe(false);
    expect(may(accountant, 'users.manage')).toBe(false);
    expect(may(manager, 'settings.change')).toBe(false);
  });

  it('shows rates to admins and accountants, and to everyone when the setting says so', () => {
    const hidden = { ratesVisibleToAll: false };
    expect(maySeeRates(admin, hidden)).toBe(true);
    expect(maySeeRates(accountant, hidden)).toBe(true);
    expect(maySeeRates(manager, hidden)).toBe(false);
    expect(maySeeRates(user, hidden)).toBe(false);
    expect(maySeeRates(user, { ratesVisibleToAll: true })).toBe(true);
  });
});
