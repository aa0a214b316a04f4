import { describe, expect, it } from 'vitest';
import { buildTimeLines, type BillableEntry } from './invoice-lines';

const entries: BillableEntry[] = [
  { id: 1, taskId: 10, taskName: 'Design', day: '2026-03-02', seconds: 3_600, notes: 'wireframes' },
  { id: 2, taskId: null, taskName: null, day: '2026-03-02', seconds: 1_800, notes: null },
  { id: 3, taskId: 10, taskName: 'Design', day: '2026-03-03', seconds: 1_000, notes: 'review' },
  { id: 4, taskId: 11, taskName: 'Build', day: '2026-03-03', seconds: 1_000, notes: '=cmd' },
];

const summary = (groupBy: Parameters<typeof buildTimeLines>[1]) =>
  buildTimeLines(entries, groupBy, 'Web', '75.00').map((l) => [l.description, l.quantity, l.entryIds]);

describe('buildTimeLines', () => {
  it('groups per task, in order of first appearance, summing seconds before rounding', () => {
    expect(summary('task')).toEqual([
      ['Web – Design', '1.28', [1, 3]], // 4600 s = 1.2777… h
      ['Web', '0.50', [2]],
      ['Web – Build', '0.28', [4]],
    ]);
  });

  it('groups per project, per day, or one line per entry', () => {
    // 7400 s = 2.0555… h: one rounding of the sum, not a sum of rounded lines (2.06, not 2.07)
    expect(summary('project')).toEqual([['Web', '2.06', [1, 2, 3, 4]]]);
    expect(summary('day')).toEqual([
      ['Web – 2026-03-02', '1.50', [1, 2]],
      ['Web – 2026-03-03', '0.56', [3, 4]],
    ]);
    expect(summary('entry').map((l) => l[0])).toEqual([
      '2026-03-02 Design: wireframes',
      '2026-03-02 Web',
      '2026-03-03 Design: review',
      '2026-03-03 Build: =cmd',
    ]);
  });

  it('prices each line at the hourly rate, rounded half-up to cents', () => {
    const [line] = buildTimeLines(entries.slice(0, 1), 'task', 'Web', '75.00');
    expect(line).toMatchObject({ quantity: '1.00', unitPrice: '75.00', amount: 7_500n });
    // 0.28 h × 0.10 = 0.028 → 0.03
    expect(buildTimeLines(entries.slice(3), 'task', 'Web', '0.10')[0]!.amount).toBe(3n);
  });

  it('keeps descriptions within the column', () => {
    const long = [{ ...entries[0]!, notes: 'x'.repeat(600) }];
    expect(buildTimeLines(long, 'entry', 'Web', '1.00')[0]!.description).toHaveLength(500);
  });
});
