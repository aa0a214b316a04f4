import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Build-time tooling config, not app runtime: the app itself never reads process.env.
const apiPort = process.env.API_PORT ?? '3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // `@/` imports resolve from the `paths` in tsconfig.json, so the alias lives in one place.
    tsconfigPaths: true,
    alias: {
      // The contracts' ES source rather than their CommonJS build: zod is then tree-shaken to the
      // schemas the forms use instead of arriving whole (~100 KB gzipped less).
      '@timetracker/contracts': fileURLToPath(
        new URL('../../packages/contracts/src/index.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: the bundle-size test reads what the first page load needs from it.
    manifest: true,
  },
  server: {
    // Same-origin /api in dev mirrors production, where the API serves the built admin at /.
    proxy: {
      '/api': `http://localhost:${apiPort}`,
    },
  },
  test: {
    // Each test sets up what it needs: a random order (seed printed on failure) proves it.
    // `extends: true` passes it to the unit project; the e2e project sets it itself.
    sequence: { shuffle: true },
    // Two files at a time: a file mostly waits on PostgreSQL, HTTP or a browser, so on two cores
    // a second one fills the wait (vitest's default runs one file per core but one: here, one).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          setupFiles: ['./src/test/setup.ts'],
          include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          // The first test of a file pays for importing Mantine's lazy pages in jsdom.
          testTimeout: 20_000,
        },
      },
      {
        // The built dashboard in headless Chromium against the real API and a real database.
        test: {
          name: 'e2e',
          // After the unit tests (a group of their own), four files at a time: a browser test
          // mostly waits (API, rendering, transitions), so on two cores four workers took 345 s
          // where two took 608 s, all green, at load average 5–12.
          sequence: { shuffle: true, groupOrder: 1 },
          maxWorkers: 4,
          environment: 'node',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['@timetracker/startup/testing/global-setup'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The files of a worker share one module graph (playwright-core and the test harness
          // imported once, not 24 times: 69 s of the suite's import time); each file still starts
          // its own database, API and browser.
          isolate: false,
          // A page waits on the API and on rendering: on a loaded machine a second is not enough.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
