import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest's dependency injection needs decorator metadata, which only swc (not esbuild/oxc) emits.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Each test sets up what it needs: a random order (seed printed on failure) proves it.
    sequence: { shuffle: true },
    globalSetup: ['@timetracker/startup/testing/global-setup'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The export test measures live heap after forced collections (globalThis.gc).
    execArgv: ['--expose-gc'],
  },
});
