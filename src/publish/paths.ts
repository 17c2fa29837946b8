// Where a form's files go: <out>/<年度>/<实施单位>/<项目编码>.{html,pdf,json}.
import path from 'node:path';
import { ALL_HIDDEN_CHARACTERS } from '../diagnostic.ts';
import { unitName, type Form } from '../schema/form.ts';

/** Makes one path segment from a unit's or form's name: no separators, controls or leading dots. */
export function safeSegment(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(ALL_HIDDEN_CHARACTERS, '')
    .replace(/[\t\r\n]+/g, ' ')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  return cleaned.slice(0, 120) || '_';
}

/** Output path without extension, relative to the output folder (forward slashes). */
export function formOutputBase(form: Form, sourceFile: string): string {
  const unit = unitName(form) || '未填写单位';
  // 项目编码 is checked against PROJECT_CODE_PATTERN; forms of layouts without one use the file name.
  const name = form.项目编码 ?? path.basename(sourceFile, path.extname(sourceFile));
  return [String(form.绩效自评年度), safeSegment(unit), safeSegment(name)].join('/');
}
