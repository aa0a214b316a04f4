import { describe, expect, it } from 'vitest';

import { NO_PROJECT_COLOUR, PROJECT_PALETTE, projectColour } from './timesheet';

/** WCAG 2 relative luminance of "#rrggbb". */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('project colours', () => {
  it('carry white text at 4.5:1 or better, the grey of no project included', () => {
    for (const colour of [...PROJECT_PALETTE, NO_PROJECT_COLOUR])
      expect(contrastWithWhite(colour), colour).toBeGreaterThanOrEqual(4.5);
  });

  it('are eight different hues, one per project id, grey without a project', () => {
    expect(new Set(PROJECT_PALETTE).size).toBe(8);
    expect(projectColour(null)).toBe(NO_PROJECT_COLOUR);
    expect(projectColour(3)).toBe(projectColour(11));
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map(projectColour)).size).toBe(8);
  });
});
