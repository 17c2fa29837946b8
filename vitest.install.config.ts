// The packed package as a unit installs it: `npm pack`, then npm installs it from the tarball
// (the registry for its dependencies) and the installed CLI runs. Slow and networked, so apart
// from `npm test`; CI runs both (.ci/run).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/install/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
