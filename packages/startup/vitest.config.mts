import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['@timetracker/startup/testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
