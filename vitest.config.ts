import { defineConfig } from 'vitest/config';

// Two projects: `unit` (the code in this process: fast, run often) and `e2e` (files named
// *.e2e.test.ts: they run the CLI, Chromium, git, npm or a server). `npm run test:unit`,
// `npm run test:e2e`; `npm test` runs both.
export default defineConfig({
  test: {
    // End-to-end tests spend most of their time waiting on the CLI and Chromium, each a process of
    // its own: two files at once keep both cores busy. Generous limits for slow or loaded machines.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // The packed package installed as units install it (npm and the registry): `npm run test:install`.
          exclude: ['test/**/*.e2e.test.ts', 'test/install/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          exclude: ['test/install/**', '**/node_modules/**'],
        },
      },
    ],
  },
});
