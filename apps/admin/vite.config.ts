import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Build-time tooling config, not app runtime: the app itself never reads process.env.
const apiPort = process.env.API_PORT ?? '3000';

export default defineConfig({
  plugins: [react()],
  // `@/` imports resolve from the `paths` in tsconfig.json, so the alias lives in one place.
  resolve: { tsconfigPaths: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    // Same-origin /api in dev mirrors production, where the API serves the built admin at /.
    proxy: {
      '/api': `http://localhost:${apiPort}`,
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
