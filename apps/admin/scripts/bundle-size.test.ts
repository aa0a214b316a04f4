import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { INITIAL_JS_BUDGET_BYTES, initialBundle } from './bundle-size.mjs';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

describe('the built dashboard', () => {
  it('loads under the initial JavaScript budget (pages are split into their own chunks)', () => {
    expect(
      existsSync(path.join(dist, '.vite/manifest.json')),
      'run `npm run build -w apps/admin` first',
    ).toBe(true);
    const { files, jsGzipBytes } = initialBundle(dist);
    expect(jsGzipBytes).toBeLessThan(INITIAL_JS_BUDGET_BYTES);
    // Charts and pages stay out of the first load.
    expect(files.map((f) => f.file).join(' ')).not.toMatch(/dashboard-page|reports|settings-page/);
  });
});
