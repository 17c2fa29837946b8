// ESLint (npm run lint:code): typescript-eslint's recommended rules, which read the syntax only,
// with Prettier's config last so that no rule argues with the formatter. Formatting is Prettier's
// (npm run lint:format). The rules that need types (promises) are in eslint.promises.config.js.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['lib/', 'dist/', 'coverage/', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  // The scripts the pages load run in the browser.
  { files: ['templates/**/*.js'], languageOptions: { globals: globals.browser } },
  {
    rules: {
      // jixiao looks for control characters on purpose (hidden characters, terminal escapes).
      'no-control-regex': 'off',
      // Errors are rethrown as Chinese messages for the user; the original is deliberately dropped.
      'preserve-caught-error': 'off',
      // A pattern's spaces are written as they appear in the text it matches.
      'no-regex-spaces': 'off',
      // `_` and `_name` mark what is left out on purpose (`const { extends: _, ...own } = raw`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  prettier,
);
