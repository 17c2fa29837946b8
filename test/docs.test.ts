// The README's rules reference is the one made from the rules' metadata.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/rules/index.ts';
import { rulesReference } from '../src/rules/reference.ts';

const README = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');

describe('README.md rules reference', () => {
  it('is up to date with src/rules (run `npm run docs` after changing a rule)', () => {
    expect(README).toContain(rulesReference());
  });

  it('lists every rule with its default severity', () => {
    for (const rule of rules) expect(README).toMatch(new RegExp(`\\| \`${rule.id}\` \\| ${rule.severity === 'error' ? 'error' : 'warn'} \\|`));
  });
});
