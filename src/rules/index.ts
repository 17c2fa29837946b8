// Every rule, in reporting order: funds, weights, scores, explanations, quality.
import { bodyLinks } from './body-links.ts';
import { duplicateCode } from './duplicate-code.ts';
import { explanationMissing } from './explanation-missing.ts';
import { explanationOverAchievement } from './explanation-over-achievement.ts';
import { folderMismatch } from './folder-mismatch.ts';
import { fundsNegative } from './funds-negative.ts';
import { fundsOverBudget } from './funds-over-budget.ts';
import { fundsTotalMismatch } from './funds-total-mismatch.ts';
import { glyphMissing } from './glyph-missing.ts';
import { hiddenCharacters } from './hidden-characters.ts';
import { htmlInText } from './html-in-text.ts';
import { placeholderText } from './placeholder-text.ts';
import type { Rule } from './rule.ts';
import { scoreAboveSuggested } from './score-above-suggested.ts';
import { scoreExceedsWeight } from './score-exceeds-weight.ts';
import { scoreMissing } from './score-missing.ts';
import { scoreNegative } from './score-negative.ts';
import { scoreOutsideBand } from './score-outside-band.ts';
import { symbolMix } from './symbol-mix.ts';
import { textTooLong } from './text-too-long.ts';
import { totalMismatch } from './total-mismatch.ts';
import { vagueTarget } from './vague-target.ts';
import { weightsLevelSum } from './weights-level-sum.ts';
import { weightsNotApplicable } from './weights-not-applicable.ts';
import { weightsTotal } from './weights-total.ts';

export const rules: readonly Rule[] = [
  fundsTotalMismatch,
  fundsOverBudget,
  fundsNegative,
  weightsLevelSum,
  weightsTotal,
  weightsNotApplicable,
  scoreMissing,
  scoreExceedsWeight,
  scoreNegative,
  scoreAboveSuggested,
  scoreOutsideBand,
  totalMismatch,
  explanationMissing,
  explanationOverAchievement,
  placeholderText,
  vagueTarget,
  htmlInText,
  bodyLinks,
  hiddenCharacters,
  glyphMissing,
  textTooLong,
  symbolMix,
  duplicateCode,
  folderMismatch,
];

/** Checks that are part of reading a form and cannot be turned off: without them there is no form. */
export const FIXED_CHECKS = [
  {
    id: 'source-file',
    description:
      '文件过大（超过 1 MiB）、不是 UTF-8 编码或含有二进制内容；或不是普通文件（符号链接、命名管道、设备），或没有读取权限：都不会被读取。',
  },
  { id: 'yaml-missing', description: '文件没有以 --- 开头的 YAML 前置元数据。' },
  { id: 'yaml-syntax', description: 'YAML 语法错误，包括重复的键。' },
  {
    id: 'schema',
    description:
      '字段缺失、未知或类型不对（如项目编码不是加引号的字符串、年度超出 2000–2100、分值不是数字）；一级/二级指标与版式不符；正文缺少「预期目标」或「实际完成情况」。',
  },
  { id: 'duplicate-output', description: '两个源文件会写出同一组输出文件（同一年度、同一单位、同一编码或文件名）。' },
] as const;
