import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each test sets up what it needs: a random order (seed printed on failure) proves it.
    sequence: { shuffle: true },
    // Two files at a time: a file mostly waits on PostgreSQL, HTTP or a browser, so on two cores
    // a second one fills the wait (vitest's default runs one file per core but one: here, one).
    maxWorkers: 2,
  },
});
