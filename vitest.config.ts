import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The packed package installed as units install it (npm and the registry): `npm run test:install`.
    exclude: ['test/install/**', '**/node_modules/**'],
    // End-to-end tests spend most of their time waiting on the CLI and Chromium, each a process of
    // its own: two files at once keep both cores busy. Generous limits for slow or loaded machines.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
