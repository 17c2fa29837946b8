// jixiao diff for the terminal: a summary line per year and unit, then each form's changes. Text
// from forms and file names goes through p (printable): its controls are written out, as <U+000A>,
// so that none starts a line of its own or steers the terminal.
import { printable as p, type Diagnostic } from '../../core/diagnostic.ts';
import {
  changeLine,
  formHeadline,
  imagePath,
  pageWords,
  summaryLine,
  unpublishedWords,
  type FormsDiff,
} from '../report.ts';

export function stylishDiff(diff: FormsDiff, color = false): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [paint(1, `比较 ${p(diff.base.label)} → ${p(diff.head.label)}`), ''];
  if (diff.forms.length === 0) return `${lines.join('\n')}\n${paint(32, '✔ 表单没有变化')}\n`;
  for (const unit of diff.summary) lines.push(p(summaryLine(unit)));
  lines.push('');
  for (const form of diff.forms) {
    const headline = formHeadline(form);
    const [status, where, name, moved] = [headline.status, p(headline.where), p(headline.name), p(headline.moved)];
    const total = form.status === 'added' || form.status === 'removed' ? `  ${moved}` : '';
    const unpublished = unpublishedWords(form);
    lines.push(
      `${paint(form.status === 'removed' ? 31 : form.status === 'added' ? 32 : 33, status)}  ${paint(4, where)}${name ? `  ${name}` : ''}${total}${unpublished ? `  ${paint(31, unpublished)}` : ''}`,
    );
    if (form.unreadable.before) lines.push(`  ${paint(31, '修改前的版本无法读取')}`);
    if (form.unreadable.after) lines.push(`  ${paint(31, '修改后的版本无法读取，不能生成')}`);
    for (const change of form.fields) lines.push(`  ${p(changeLine(change))}`);
    if (form.results.length > 0) {
      lines.push(`  ${paint(2, '计算结果')}`);
      for (const result of form.results) lines.push(`    ${p(changeLine(result))}`);
    }
    const problems = (title: string, list: Diagnostic[]) => {
      if (list.length === 0) return;
      lines.push(`  ${paint(2, title)}`);
      for (const d of list)
        lines.push(
          `    ${p(d.file)}:${d.line}:${d.column}  ${d.severity === 'error' ? paint(31, 'error  ') : paint(33, 'warning')}  ${p(d.message)}  ${paint(2, p(d.ruleId))}`,
        );
    };
    problems('新出现的问题', form.diagnostics.introduced);
    problems('已解决的问题', form.diagnostics.fixed);
    for (const page of form.pages ?? []) lines.push(`  ${paint(2, pageWords(page))}：${p(imagePath(diff, page))}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
