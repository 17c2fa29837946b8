// Regenerates the rules reference in README.md from the rules' metadata (npm run docs).
import { readFileSync, writeFileSync } from 'node:fs';
import { withRulesReference } from '../src/rules/reference.ts';

const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, withRulesReference(readFileSync(readme, 'utf8')));
