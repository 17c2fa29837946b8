// The checks over all forms, after each form is checked on its own: the rules that compare forms
// (a 项目编码 used twice) and the one namespace of every output (two forms that would write one file).
import type { SiteConfig } from '../config/load.ts';
import { visible } from '../core/diagnostic.ts';
import { groupBy } from '../core/group.ts';
import { FORM_EXTENSIONS, foldPath, formOutputBase, UNIT_FILES, unitFolder, YEAR_FILES } from '../core/output-paths.ts';
import type { FieldPath } from '../parse/source.ts';
import { rules } from '../rules/index.ts';
import { unitName } from '../schema/form.ts';
import type { CheckedForm, IdentifiedForm } from './form.ts';

/** The checks over all forms (a 项目编码 twice, two forms with one output), after each form is
 *  checked on its own; then every message made safe to print. */
export function finishChecks(forms: readonly CheckedForm[], config: SiteConfig): void {
  checkCorpus(forms, config);
  checkOutputNamespace(forms);
  for (const form of forms) for (const d of form.diagnostics) d.message = visible(d.message);
}

/** One namespace for every output: before anything is written, every path the build will write
 *  is known, and two sources or outputs that would share one are refused at the field that names
 *  it — also when they only meet after unsafe characters are replaced or letters folded to one
 *  case, as on the file systems of macOS and Windows. A check of its own, not a rule: `build`
 *  cannot publish such forms whatever the configuration says. */
function checkOutputNamespace(checked: readonly CheckedForm[]): void {
  const forms = checked.filter((form): form is IdentifiedForm => form.identity !== undefined);
  const report = (form: CheckedForm, path: FieldPath, message: string) => {
    const place = form.locate?.(path, 'value') ?? { line: 1, column: 1 };
    form.diagnostics.push({ file: form.file, ...place, severity: 'error', ruleId: 'duplicate-output', message });
  };
  const unitField = (form: IdentifiedForm): FieldPath => [form.identity.实施单位 ? '实施单位' : '主管部门'];
  // Each form's folder and output path, made once: each is looked at several times below.
  const folders = new Map(forms.map((form) => [form, unitFolder(form.identity)]));
  const bases = new Map(forms.map((form) => [form, formOutputBase(form.identity, form.file)]));
  const folderOf = (form: IdentifiedForm) => folders.get(form)!;
  const baseOf = (form: IdentifiedForm) => bases.get(form)!;

  // Units whose names lead to one folder would write one book over the other.
  const byFolder = groupBy(forms, (form) => foldPath(`${form.identity.绩效自评年度}/${folderOf(form)}`));
  for (const group of byFolder.values()) {
    const names = [...new Set(group.map((form) => unitName(form.identity)))];
    if (names.length < 2) continue;
    for (const form of group) {
      const own = unitName(form.identity);
      const other = group.find((candidate) => unitName(candidate.identity) !== own)!;
      const otherName = unitName(other.identity);
      // Two names that print the same (é written as one character or as e and a combining accent).
      const lookSame =
        own.normalize('NFC') === otherName.normalize('NFC')
          ? '，两者看起来相同，只是字符的组合方式不同（如 é 与 e + ◌́）'
          : '';
      report(
        form,
        unitField(form),
        `单位「${own}」与 ${other.file} 的「${otherName}」会写入同一个文件夹「${folderOf(form)}」（文件夹名不分大小写，\\ / : * ? " < > | 换成 _）${lookSame}：两个单位的文件会互相覆盖，请统一写法或改用不同的名称`,
      );
    }
  }
  for (const form of forms) {
    const folder = folderOf(form);
    if ((YEAR_FILES as readonly string[]).includes(foldPath(folder))) {
      report(
        form,
        unitField(form),
        `单位名称「${unitName(form.identity)}」与 jixiao 写在年度文件夹里的「${folder}」同名：请改用其他名称（保留的名称：${YEAR_FILES.join('、')}）`,
      );
    }
    const name = baseOf(form).split('/').pop()!;
    const clash = FORM_EXTENSIONS.map((extension) => `${name}${extension}`).find((file) =>
      (UNIT_FILES as readonly string[]).includes(foldPath(file)),
    );
    if (clash)
      report(
        form,
        ['项目编码'],
        `「${name}」会写出 ${clash}，与单位汇编同名：请改用其他项目编码或文件名（保留的名称：${UNIT_FILES.join('、')}）`,
      );
  }

  // Two sources that would write the same files: neither is published, both are told why.
  for (const group of groupBy(forms, (form) => foldPath(baseOf(form))).values()) {
    if (group.length < 2) continue;
    for (const form of group) {
      if (
        form.diagnostics.some(
          (d) => (d.ruleId === 'duplicate-code' && d.severity === 'error') || d.ruleId === 'duplicate-output',
        )
      )
        continue; // already told
      const others = group
        .filter((other) => other !== form)
        .map((other) => other.file)
        .join('、');
      report(
        form,
        ['项目编码'],
        `与 ${others} 的输出文件相同（${baseOf(form)}）：同一年度、同一实施单位下项目编码重复`,
      );
    }
  }
  for (const form of forms) form.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Rules that look at all forms together (a 项目编码 used twice), after each form is checked. */
export function checkCorpus(checked: readonly CheckedForm[], config: SiteConfig): void {
  const forms = checked.filter((form): form is IdentifiedForm => form.identity !== undefined);
  for (const rule of rules) {
    const setting = config.ruleSettings.get(rule.id);
    if (!setting || !('checkCorpus' in rule)) continue;
    rule.checkCorpus(forms, (index, path, message, part) => {
      const form = forms[index]!;
      const place = form.locate?.(path, part) ?? { line: 1, column: 1 };
      form.diagnostics.push({ file: form.file, ...place, severity: setting.severity, ruleId: rule.id, message });
    });
  }
  for (const form of forms) form.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}
