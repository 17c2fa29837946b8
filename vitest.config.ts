import { defineConfig } from 'vitest/config';

// Three projects: `unit` (the code in this process: fast, run often), `e2e` (files named
// *.e2e.test.ts: they run the CLI, Chromium, git, npm or a server) and `exhaustive` (end-to-end
// suites that sweep a whole class of input or fault: the command-level hostile-input corpus, one
// build over the source corpus, the import corpus, signals in every phase, caches that fail, every
// locale, pagination at every length, books updated edit after edit). `npm test` runs unit and e2e; `npm run test:exhaustive` the
// rest; CI runs all three.
const EXHAUSTIVE = [
  'test/adversarial-outcomes.e2e.test.ts',
  'test/adversarial.e2e.test.ts',
  'test/import-corpus.e2e.test.ts',
  'test/faults.e2e.test.ts',
  'test/cache-faults.e2e.test.ts',
  'test/locale.e2e.test.ts',
  'test/pagination.e2e.test.ts',
  'test/book-update.e2e.test.ts',
  // Sweeps over every form, or build after build: minutes together, run by CI after npm test.
  'test/editor.e2e.test.ts',
  'test/incremental.e2e.test.ts',
  'test/shard.e2e.test.ts',
  'test/check-results.e2e.test.ts',
];

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
          exclude: [...EXHAUSTIVE, 'test/install/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'exhaustive',
          include: EXHAUSTIVE,
        },
      },
    ],
  },
});
