// ESLint with types (npm run lint:promises, run by CI): promises left floating or passed where
// nothing awaits them. These rules need the TypeScript program, which makes linting four to seven
// times slower than the syntax-only rules of eslint.config.js (about 1 GB instead of 0.4), so they
// are apart from `npm run lint`.
import tseslint from 'typescript-eslint';
import base from './eslint.config.js';

export default tseslint.config(...base, {
  files: ['**/*.ts'],
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  rules: {
    '@typescript-eslint/no-floating-promises': 'error',
    '@typescript-eslint/no-misused-promises': 'error',
    '@typescript-eslint/await-thenable': 'error',
  },
});
