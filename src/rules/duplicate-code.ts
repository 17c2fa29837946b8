import type { CorpusRule } from './rule.ts';
import { groupBy } from '../core/group.ts';

export const duplicateCode: CorpusRule = {
  id: 'duplicate-code',
  severity: 'error',
  category: '质量',
  description: '同一年度中两个表单的项目编码相同。',
  why: '项目编码在预算系统中唯一标识一个项目，也是输出文件名；重复的编码会让一份表覆盖另一份。',
  checkCorpus(forms, report) {
    const coded = forms.flatMap(({ identity }, index) =>
      identity.项目编码 ? [{ index, key: `${identity.绩效自评年度}/${identity.项目编码}` }] : [],
    );
    const byKey = new Map(
      [...groupBy(coded, (entry) => entry.key)].map(([key, entries]) => [key, entries.map((entry) => entry.index)]),
    );
    for (const indexes of byKey.values()) {
      if (indexes.length < 2) continue;
      for (const index of indexes) {
        const others = indexes
          .filter((other) => other !== index)
          .map((other) => forms[other]!.file)
          .join('、');
        const { 项目编码, 绩效自评年度 } = forms[index]!.identity;
        report(index, ['项目编码'], `项目编码 ${项目编码} 在 ${绩效自评年度} 年度重复：${others} 也使用了它`, 'value');
      }
    }
  },
};
