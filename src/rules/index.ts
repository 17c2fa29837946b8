// Every rule, in reporting order.
import type { Rule } from './rule.ts';
import { scoreMissing } from './score-missing.ts';
import { totalMismatch } from './total-mismatch.ts';

export const rules: readonly Rule[] = [scoreMissing, totalMismatch];
