import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest's dependency injection needs decorator metadata, which only swc (not esbuild/oxc) emits.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Each test sets up what it needs: a random order (seed printed on failure) proves it.
    sequence: { shuffle: true },
    // Two files at a time: a file mostly waits on PostgreSQL, HTTP or a browser, so on two cores
    // a second one fills the wait (vitest's default runs one file per core but one: here, one).
    maxWorkers: 2,
    // The files of a worker share one module graph: each file still builds its own application
    // and database, but importing Nest and core again for each of the 65 files cost
    // 183 s of a CI pass's 440 s (13 s shared). Nothing here mocks modules or keeps state at
    // module level that a file depends on; the shuffled order checks that on every run.
    isolate: false,
    globalSetup: ['@timetracker/startup/testing/global-setup'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The export test measures live heap after forced collections (globalThis.gc).
    execArgv: ['--expose-gc'],
  },
});
