// jixiao diff for a pull-request comment: what a reviewer must see first (forms that will not be
// published, and their first errors), a summary table, then one collapsible <details> per form.
// GitHub refuses a comment over 65,536 characters: when the whole would be longer, the forms'
// details are shortened from the last form up, and the comment says so.
import { printable, type Diagnostic } from '../../core/diagnostic.ts';
import { urlPath } from '../../core/output-paths.ts';
import type { ValueChange } from '../fields.ts';
import type { PageImage } from '../pages.ts';
import { formHeadline, imagePath, pageWords, unitLabel, unpublishedWords, type FormsDiff } from '../report.ts';

/** The first line of the comment: the workflow finds its own comment by it and updates it. */
export const COMMENT_MARKER = '<!-- jixiao-diff -->';
/** GitHub's limit for a comment body. */
export const GITHUB_COMMENT_LIMIT = 65536;
/** Room kept for what a workflow may add around the report. */
const BUDGET = GITHUB_COMMENT_LIMIT - 1536;
/** A cell longer than this is cut (the terminal and JSON formats give it whole). */
const CELL_LIMIT = 300;
/** Rows of a shortened form. */
const SHORT_ROWS = 8;
/** Forms that will not be published listed above the table, and errors shown for each. */
const UNPUBLISHED_LISTED = 10;
const ERRORS_LISTED = 3;

type Detail = 'full' | 'short' | 'bare';

export function markdownDiff(diff: FormsDiff, limit = BUDGET): string {
  const head = header(diff);
  if (diff.forms.length === 0) return `${head}\n表单没有变化。\n`;
  const cutNote = (count: number) =>
    `\n> 内容过长，${count} 份表单只列出了部分变化。完整的变化：运行 \`jixiao diff\`，或下载本次运行的构件。\n`;
  // Each form's section at each level of detail, made when first needed; lengths are summed, not
  // the whole re-rendered, so that thousands of forms cost no more than their sections.
  const levels: Detail[] = ['full', 'short', 'bare'];
  const cache = diff.forms.map(() => new Map<Detail, string>());
  const section = (index: number, detail: Detail) => {
    let text = cache[index]!.get(detail);
    if (text === undefined) cache[index]!.set(detail, (text = formSection(diff.forms[index]!, detail, diff)));
    return text;
  };
  const details: Detail[] = diff.forms.map(() => 'full');
  let length = head.length + 1 + diff.forms.reduce((total, _, index) => total + section(index, 'full').length + 1, 0);
  const room = limit - cutNote(diff.forms.length).length;
  for (const level of levels.slice(1)) {
    for (let index = diff.forms.length - 1; index >= 0 && length > room; index -= 1) {
      length += section(index, level).length - section(index, details[index]!).length;
      details[index] = level;
    }
  }
  if (length <= room || details.every((detail) => detail === 'full')) {
    const shortened = details.filter((detail) => detail !== 'full').length;
    return `${head}${shortened > 0 ? cutNote(shortened) : ''}\n${details.map((detail, index) => section(index, detail)).join('\n')}`;
  }
  // Thousands of forms: even their headlines are too long. List as many as fit.
  let shown = 0;
  let used = head.length + 300;
  while (shown < diff.forms.length && used + section(shown, 'bare').length + 1 <= limit)
    used += section(shown++, 'bare').length + 1;
  return `${head}\n> 内容过长，只列出了 ${diff.forms.length} 份表单中的 ${shown} 份。完整的变化：运行 \`jixiao diff\`，或下载本次运行的构件。\n\n${details
    .slice(0, shown)
    .map((_, index) => section(index, 'bare'))
    .join('\n')}`;
}

function header(diff: FormsDiff): string {
  const lines = [COMMENT_MARKER, '### 绩效自评表的变化', '', `比较 ${side(diff.base)} → ${side(diff.head)}`, ''];
  if (diff.forms.length === 0) return lines.join('\n');
  lines.push(...unpublishedList(diff.forms));
  lines.push(
    '| 年度和单位 | 改动 | 新增 | 删除 | 新错误 | 新警告 | 已解决 | 总分上升 | 总分下降 | 等级变化 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const unit of diff.summary) {
    const errors = unit.newErrors ? `**${unit.newErrors}**` : '0';
    lines.push(
      `| ${cell(unitLabel(unit))} | ${unit.changed} | ${unit.added} | ${unit.removed} | ${errors} | ${unit.newWarnings} | ${unit.fixed} | ${unit.up} | ${unit.down} | ${unit.grades} |`,
    );
  }
  lines.push(...pagesNote(diff));
  return `${lines.join('\n')}\n`;
}

/** The forms whose new side has errors, each with its first errors: never inside a collapsed block. */
function unpublishedList(forms: FormsDiff['forms']): string[] {
  const unpublished = forms.filter((form) => form.errors.length > 0);
  if (unpublished.length === 0) return [];
  const lines = [`**⛔ ${unpublished.length} 份表单有错误，不会发布：**`, ''];
  for (const form of unpublished.slice(0, UNPUBLISHED_LISTED)) {
    lines.push(
      `- ${form.项目名称 ? `**${escape(form.项目名称)}** ` : ''}${code(form.file)}：有 ${form.errors.length} 个错误`,
    );
    for (const error of form.errors.slice(0, ERRORS_LISTED)) lines.push(`  - ${problemLine(error)}`);
    if (form.errors.length > ERRORS_LISTED) lines.push(`  - 另有 ${form.errors.length - ERRORS_LISTED} 个错误从略`);
  }
  if (unpublished.length > UNPUBLISHED_LISTED)
    lines.push(`- 另有 ${unpublished.length - UNPUBLISHED_LISTED} 份从略（见下文各表单）`);
  return [...lines, ''];
}

/** Where the page images are: a link under --pages-url; otherwise the folder of this run's
 *  artifacts, named (a relative link would lead nowhere from a pull request). */
function pagesNote(diff: FormsDiff): string[] {
  if (!diff.pagesDir || !diff.forms.some((form) => form.pages && form.pages.length > 0)) return [];
  if (diff.pagesUrl)
    return ['', `有变化的页面（修改前 | 修改后 | 差异）：[逐页查看](${pageUrl(diff.pagesUrl, 'index.html')})`];
  return [
    '',
    `有变化的页面（修改前 | 修改后 | 差异）的图片在本次运行的构件的 ${code(`${diff.pagesDir.replace(/\/$/, '')}/`)} 文件夹中，打开其中的 index.html 逐页查看。`,
  ];
}

/** A file of the pages folder under the URL it is reachable at, each segment percent-encoded. */
const pageUrl = (base: string, relative: string) => `${base.replace(/\/+$/, '')}/${urlPath(relative)}`;

/** A page that changed: a link with --pages-url, else its path in the artifacts as code. */
function pageLine(page: PageImage, diff: Pick<FormsDiff, 'pagesDir' | 'pagesUrl'>): string {
  if (diff.pagesUrl) return `[${pageWords(page)}](${pageUrl(diff.pagesUrl, page.image)})（修改前 | 修改后 | 差异）`;
  return `${pageWords(page)}：${code(imagePath(diff, page))}`;
}

const side = ({ label, commit }: FormsDiff['base']) =>
  commit ? `\`${commit.slice(0, 7)}\`（${escape(label.slice(label.indexOf(' ') + 1))}）` : escape(label);

function formSection(
  form: FormsDiff['forms'][number],
  detail: Detail,
  diff: Pick<FormsDiff, 'pagesDir' | 'pagesUrl'>,
): string {
  const { status, where, name, moved } = formHeadline(form);
  // The summary line belongs to an HTML block, where Markdown is not read: entities only. It shows
  // while the block is collapsed: what must not be missed goes there.
  const warnings = form.diagnostics.introduced.filter((d) => d.severity === 'warning').length;
  const flags = [unpublishedWords(form), warnings && `⚠️ ${warnings} 个新警告`].filter(Boolean).join('，');
  const summary = `<summary>${flags ? `${flags}：` : ''}<b>${status}</b> ${html(name || where)}${moved ? `：${html(moved)}` : ''}</summary>`;
  const body: string[] = ['', `<code>${escape(where)}</code>`, ''];
  if (form.unreadable.before) body.push('**修改前的版本无法读取。**', '');
  if (form.unreadable.after) body.push('**修改后的版本无法读取，不能生成。**', '');
  if (detail !== 'bare') {
    const rows = detail === 'short' ? SHORT_ROWS : Infinity;
    body.push(...table('字段', form.fields, rows), ...table('计算结果', form.results, rows));
    body.push(
      ...problems('新出现的问题', form.diagnostics.introduced, rows),
      ...problems('已解决的问题', form.diagnostics.fixed, rows),
    );
    for (const page of form.pages ?? []) body.push(pageLine(page, diff), '');
  } else {
    const counts = [
      form.fields.length && `${form.fields.length} 处字段变化`,
      form.diagnostics.introduced.length && `${form.diagnostics.introduced.length} 个新问题`,
      form.diagnostics.fixed.length && `${form.diagnostics.fixed.length} 个已解决的问题`,
      form.pages?.length && `${form.pages.length} 页有变化`,
    ].filter(Boolean);
    if (counts.length > 0) body.push(`${counts.join('，')}（详情从略）`, '');
  }
  return `<details>\n${summary}\n${body.join('\n')}\n</details>\n`;
}

function table(title: string, changes: readonly ValueChange[], rows: number): string[] {
  if (changes.length === 0) return [];
  const lines = [`| ${title} | 修改前 | 修改后 |`, '| --- | --- | --- |'];
  for (const change of changes.slice(0, rows))
    lines.push(
      `| ${cell(change.label)} | ${change.old === null ? '（未填）' : cell(change.old)} | ${change.new === null ? '（未填）' : cell(change.new)} |`,
    );
  if (changes.length > rows) lines.push(`| 另有 ${changes.length - rows} 处从略 | | |`);
  return [...lines, ''];
}

function problems(title: string, list: readonly Diagnostic[], rows: number): string[] {
  if (list.length === 0) return [];
  const lines = [`**${title}**`, ''];
  for (const d of list.slice(0, rows)) lines.push(`- ${problemLine(d)}`);
  if (list.length > rows) lines.push(`- 另有 ${list.length - rows} 个从略`);
  return [...lines, ''];
}

const problemLine = (d: Diagnostic) =>
  `${d.severity === 'error' ? '错误' : '警告'} ${code(`${d.file}:${d.line}:${d.column}`)} ${escape(cut(d.message))}（${escape(d.ruleId)}）`;

const cut = (text: string) => ([...text].length > CELL_LIMIT ? `${[...text].slice(0, CELL_LIMIT).join('')}…` : text);

/** Text as HTML shows it, on one line: controls written out as <U+000A> (a line feed could end the
 *  block it is in, or start a line of its own), then no tags, no comments. */
const html = (text: string) => printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Text as Markdown shows it literally: no tags, no emphasis, no links, no table cells. */
const escape = (text: string) => html(text).replace(/([\\`*_[\]|#~])/g, '\\$1');

/** A code span, on one line (controls written out): its text is shown as it is. Backticks in it
 *  need a fence longer than their longest run, and spaces inside it. */
function code(text: string): string {
  const shown = printable(text);
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${shown} ${fence}` : `${fence}${shown}${fence}`;
}

/** A table cell: escaped, on one line (its line breaks as <br>), cut when very long. */
const cell = (text: string) => cut(text).split(/\r?\n/).map(escape).join('<br>') || ' ';
