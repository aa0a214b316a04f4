import { describe, expect, it } from 'vitest';

import { parseThresholds, thresholdsText } from './budget-thresholds';

describe('parseThresholds', () => {
  it('reads commas, spaces and percent signs', () => {
    expect(parseThresholds('50, 80,100%')).toEqual({ values: [50, 80, 100] });
    expect(parseThresholds(' 75 120 ')).toEqual({ values: [75, 120] });
    expect(thresholdsText([50, 80, 100])).toBe('50, 80, 100');
  });

  it('refuses what the API would refuse, with the reason', () => {
    expect(parseThresholds('50, 8.5')).toEqual({ error: 'format' });
    expect(parseThresholds('0, 50')).toEqual({ error: 'format' });
    expect(parseThresholds('1001')).toEqual({ error: 'format' });
    expect(parseThresholds('')).toEqual({ error: 'count' });
    expect(parseThresholds('1,2,3,4,5,6,7,8,9,10,11')).toEqual({ error: 'count' });
    expect(parseThresholds('80, 50')).toEqual({ error: 'order' });
    expect(parseThresholds('50, 50')).toEqual({ error: 'order' });
  });
});
