import { describe, expect, it } from 'vitest';
import { applyStatusChange } from './task-status';

const t1 = new Date('2025-03-01T09:00:00Z');
const t2 = new Date('2025-03-02T09:00:00Z');
const none = { startedAt: null, completedAt: null };

describe('applyStatusChange', () => {
  it('records the first start only', () => {
    expect(applyStatusChange('pending', 'in_progress', none, t1)).toEqual({
      startedAt: t1,
      completedAt: null,
    });
    const started = { startedAt: t1, completedAt: null };
    expect(applyStatusChange('review', 'in_progress', started, t2)).toEqual(started);
  });

  it('records completion on done and clears it when the task leaves done', () => {
    const done = applyStatusChange('in_progress', 'done', { startedAt: t1, completedAt: null }, t2);
    expect(done).toEqual({ startedAt: t1, completedAt: t2 });
    expect(applyStatusChange('done', 'review', done, t2)).toEqual({ startedAt: t1, completedAt: null });
    expect(applyStatusChange('done', 'cancelled', done, t2)).toEqual({ startedAt: t1, completedAt: null });
  });

  it('treats pending as not started: both timestamps are cleared', () => {
    expect(applyStatusChange('done', 'pending', { startedAt: t1, completedAt: t2 }, t2)).toEqual(none);
  });

  it('applies the same rules to a new task', () => {
    expect(applyStatusChange(null, 'pending', none, t1)).toEqual(none);
    expect(applyStatusChange(null, 'in_progress', none, t1)).toEqual({ startedAt: t1, completedAt: null });
    expect(applyStatusChange(null, 'done', none, t1)).toEqual({ startedAt: null, completedAt: t1 });
  });

  it('changes nothing when the status does not change', () => {
    const done = { startedAt: t1, completedAt: t1 };
    expect(applyStatusChange('done', 'done', done, t2)).toBe(done);
  });
});
