import { describe, expect, it } from 'vitest';
import { feedSummary } from './calendar-feed.ics';
import { monthsBefore } from './calendar-feed.service';

const row = {
  id: 1,
  startTime: new Date('2026-03-02T08:00:00Z'),
  endTime: new Date('2026-03-02T09:00:00Z'),
  notes: null,
  projectName: null,
  clientName: null,
  taskName: null,
  billable: true,
  updatedAt: null,
  createdAt: null,
};

describe('calendar feed', () => {
  it('sums an entry up as project › task (client), the parts it has', () => {
    expect(feedSummary({ ...row, projectName: 'Web', taskName: 'Design', clientName: 'Acme' })).toBe(
      'Web › Design (Acme)',
    );
    expect(feedSummary({ ...row, projectName: 'Web' })).toBe('Web');
    expect(feedSummary({ ...row, notes: '  Call with Bo\nsecond line' })).toBe('Call with Bo');
    expect(feedSummary(row)).toBe('Time entry');
  });

  it('reaches back whole calendar months, clamping the day', () => {
    expect(monthsBefore(new Date('2026-08-31T10:00:00Z'), 6).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2026-03-15T00:00:00Z'), 6).toISOString()).toBe('2025-09-15T00:00:00.000Z');
  });
});
