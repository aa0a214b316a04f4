import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error';
import { assertTimeWritable, lockReasonFor, type LockOverride, type TimeLockState } from './locks';

const week = (status: 'submitted' | 'approved', from: string, to: string) => ({
  status,
  weekStart: from.slice(0, 10),
  startsAt: new Date(from),
  endsAt: new Date(to),
});
const open: TimeLockState = { lockedBefore: null, timezone: 'Europe/Rome', weeks: [] };

describe('lockReasonFor', () => {
  it('locks time before 00:00 of the lockdown day in the company zone, not after', () => {
    const state = { ...open, lockedBefore: '2026-10-01' };
    // Midnight in Rome (CEST) is 22:00 UTC the day before.
    expect(lockReasonFor(state, [new Date('2026-09-30T21:59:59Z')])).toMatchObject({
      reason: 'lockdown',
      day: '2026-10-01',
    });
    expect(lockReasonFor(state, [new Date('2026-09-30T22:00:00Z')])).toBeNull();
  });

  it('names an approved week before a submitted one, and only inside their bounds', () => {
    const state = {
      ...open,
      weeks: [
        week('submitted', '2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'),
        week('approved', '2026-11-09T00:00:00Z', '2026-11-16T00:00:00Z'),
      ],
    };
    const both = [new Date('2026-11-08T23:00:00Z'), new Date('2026-11-09T00:00:00Z')];
    // The day named is the locking week's first (an import row's refusal shows it).
    expect(lockReasonFor(state, both)).toMatchObject({ reason: 'approved', day: '2026-11-09' });
    expect(lockReasonFor(state, [new Date('2026-11-08T23:59:59Z')])).toMatchObject({
      reason: 'submitted',
      day: '2026-11-02',
    });
    expect(lockReasonFor(state, [new Date('2026-11-16T00:00:00Z')])).toBeNull();
  });
});

describe('assertTimeWritable', () => {
  const locked = { ...open, lockedBefore: '2026-10-01' };
  const at = [new Date('2026-09-01T08:00:00Z')];
  const steps = () => {
    const overrides: LockOverride[] = [];
    return {
      overrides,
      lockState: async () => locked,
      recordOverride: async (o: LockOverride) => void overrides.push(o),
    };
  };
  const actor = (role: 'admin' | 'manager' | 'user') => ({
    userId: 7,
    username: 'x',
    role,
    via: 'session' as const,
  });

  it('refuses everyone but admins with TIME_LOCKED, recording nothing', async () => {
    for (const role of ['user', 'manager'] as const) {
      const s = steps();
      const err = await assertTimeWritable(s, actor(role), {
        userId: 3,
        instants: at,
        action: 'create',
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('TIME_LOCKED');
      expect(s.overrides).toEqual([]);
    }
  });

  it('lets an admin write and records the override', async () => {
    const s = steps();
    await assertTimeWritable(s, actor('admin'), { userId: 3, instants: at, action: 'delete', entryId: 12 });
    expect(s.overrides).toEqual([
      { actorId: 7, userId: 3, action: 'delete', entryId: 12, reason: 'lockdown' },
    ]);
  });
});
