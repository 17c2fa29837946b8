// Regenerates the rules reference in docs/guide/rules.md from the rules' metadata (npm run docs).
import { readFileSync, writeFileSync } from 'node:fs';
import { withRulesReference } from '../src/rules/reference.ts';

const reference = new URL('../docs/guide/rules.md', import.meta.url);
writeFileSync(reference, withRulesReference(readFileSync(reference, 'utf8')));
