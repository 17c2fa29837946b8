import path from 'node:path';
import { safeSegment } from '../core/output-paths.ts';
import { defineRule } from './rule.ts';

export const folderMismatch = defineRule({
  id: 'folder-mismatch',
  severity: 'warning',
  category: '质量',
  description: '文件所在的文件夹与表中的绩效自评年度或实施单位不符（约定：content/<年度>/<实施单位>/<项目编码>.md）。',
  why: '文件夹是评审者找表的依据；年度或单位放错文件夹，多半是复制旧表后忘了改字段。',
  check(form, { report, file }) {
    const parts = file.split('/');
    const unitFolder = parts[parts.length - 2];
    const yearFolder = parts[parts.length - 3];
    const { 绩效自评年度, 实施单位, 主管部门 } = form.form;
    if (yearFolder && /^\d{4}$/.test(yearFolder) && yearFolder !== String(绩效自评年度)) {
      report(['绩效自评年度'], `绩效自评年度 ${绩效自评年度} 与文件夹 ${yearFolder}/ 不符`, 'value');
    }
    const unit = 实施单位 || 主管部门;
    if (unit && unitFolder && yearFolder && /^\d{4}$/.test(yearFolder) && unitFolder !== safeSegment(unit)) {
      report(
        [实施单位 ? '实施单位' : '主管部门'],
        `${实施单位 ? '实施单位' : '主管部门'}「${unit}」与文件夹 ${unitFolder}/ 不符（${path.posix.join(yearFolder, unitFolder)}）`,
        'value',
      );
    }
  },
});
