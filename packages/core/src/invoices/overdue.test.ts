import { describe, expect, it } from 'vitest';
import { effectiveStatus } from './invoice.view';
import { isPastDue } from './overdue';

describe('overdue', () => {
  it('is a sent invoice from the day after its due date on', () => {
    expect(isPastDue('sent', '2026-05-31', '2026-05-31')).toBe(false);
    expect(isPastDue('sent', '2026-05-31', '2026-06-01')).toBe(true);
  });

  it('never is a draft, a paid or a cancelled invoice, however late', () => {
    for (const status of ['draft', 'paid', 'cancelled']) {
      expect(isPastDue(status, '2020-01-01', '2026-06-01')).toBe(false);
    }
  });

  it('is what reads show before the worker stores it', () => {
    expect(effectiveStatus('sent', '2026-05-31', '2026-06-01')).toBe('overdue');
    expect(effectiveStatus('sent', '2026-06-01', '2026-06-01')).toBe('sent');
    expect(effectiveStatus('overdue', '2026-05-31', '2026-06-01')).toBe('overdue');
  });
});
