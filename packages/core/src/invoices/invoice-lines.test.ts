import { describe, expect, it } from 'vitest';
import { buildTimeLines, type BillableEntry } from './invoice-lines';
import { exactAmount, lineAmount } from './invoice-money';

/** A small seeded generator, so a failure names a reproducible case. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
    // 75.00/h has two digits before the point: hours get four decimals
    expect(summary('task')).toEqual([
      ['Web – Design', '1.2778', [1, 3]], // 4600 s = 1.27777… h
      ['Web', '0.5000', [2]],
      ['Web – Build', '0.2778', [4]],
    ]);
  });

  it('groups per project, per day, or one line per entry', () => {
    // 7400 s = 2.05555… h: one rounding of the sum, not a sum of rounded lines
    expect(summary('project')).toEqual([['Web', '2.0556', [1, 2, 3, 4]]]);
    expect(summary('day')).toEqual([
      ['Web – 2026-03-02', '1.5000', [1, 2]],
      ['Web – 2026-03-03', '0.5556', [3, 4]],
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
    expect(line).toMatchObject({ quantity: '1.0000', unitPrice: '75.00', amount: 7_500n });
    // 0.10/h: 1000 s = 0.278 h (three decimals) × 0.10 = 0.0278 → 0.03
    expect(buildTimeLines(entries.slice(3), 'task', 'Web', '0.10')[0]).toMatchObject({
      quantity: '0.278',
      amount: 3n,
    });
  });

  it('bills within one cent of the exact price of its seconds, and quantity × unit price = amount', () => {
    // The case: 60 entries of 1-118 minutes at 97.53/h. Hours rounded to two decimals
    // moved a line by up to 0.49 (0.005 h × 97.53); with four decimals it stays within a cent.
    const random = mulberry32(7);
    const rates = ['97.53', '0.01', '7.77', '150.00', '1234.56', '99999.99', '9999999.99'];
    for (const rate of rates) {
      for (let round = 0; round < 40; round++) {
        const many: BillableEntry[] = Array.from({ length: 1 + Math.floor(random() * 60) }, (_, i) => ({
          id: i + 1,
          taskId: Math.floor(random() * 3),
          taskName: 'T',
          day: `2026-05-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
          seconds: 1 + Math.floor(random() * 118 * 60),
          notes: null,
        }));
        for (const groupBy of ['task', 'project', 'day', 'entry'] as const) {
          for (const line of buildTimeLines(many, groupBy, 'P', rate)) {
            const seconds = many
              .filter((e) => line.entryIds.includes(e.id))
              .reduce((s, e) => s + e.seconds, 0);
            const exact = exactAmount(seconds, rate);
            expect(
              Math.abs(Number(line.amount - exact)),
              `${rate} ${groupBy} ${seconds}s`,
            ).toBeLessThanOrEqual(1);
            expect(line.amount).toBe(lineAmount(line.quantity, rate));
          }
        }
      }
    }
  });

  it('keeps descriptions within the column', () => {
    const long = [{ ...entries[0]!, notes: 'x'.repeat(600) }];
    expect(buildTimeLines(long, 'entry', 'Web', '1.00')[0]!.description).toHaveLength(500);
  });
});
