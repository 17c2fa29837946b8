import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start the CLI and a real Chromium: generous limits for slow CI machines.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
