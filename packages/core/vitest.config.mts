import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each test sets up what it needs: a random order (seed printed on failure) proves it.
    sequence: { shuffle: true },
  },
});
