// The whole comparison as plain data: what the formats print and what --format json writes.
import type { FormChange, UnitSummary } from './compare.ts';
import type { ValueChange } from './fields.ts';
import type { PageImage } from './pages.ts';

export interface SideInfo {
  /** 「a1b2c3d 提交说明」 or 「工作区」. */
  label: string;
  /** Full sha; absent for the work tree. */
  commit?: string;
}

export interface FormsDiff {
  base: SideInfo;
  head: SideInfo;
  summary: UnitSummary[];
  forms: Array<FormChange & { pages?: PageImage[] }>;
  /** The folder the page images were written to (as given), with --pages. */
  pagesDir?: string;
  /** The URL under which that folder's files are reachable, with --pages-url. */
  pagesUrl?: string;
}

export const STATUS_WORDS: Record<FormChange['status'], string> = {
  added: '新增',
  removed: '删除',
  changed: '改动',
  renamed: '改名',
  moved: '移动',
};

/** 「label：old → new」, or 新增 / 删除 for a field written on one side only. */
export function changeLine({ label, old, new: now }: ValueChange): string {
  if (old === null) return `${label}：新增 ${now ?? ''}`;
  if (now === null) return `${label}：删除（原为 ${old}）`;
  return `${label}：${old} → ${now}`;
}

/** One line per year and unit: 「2022 某单位：改动 2 份，新增 1 份；总分上升 1 份、下降 1 份；等级变化 1 份；
 *  新错误 1 个、新警告 2 个、已解决 1 个；1 份有错误，不会发布」. */
export function summaryLine(line: UnitSummary): string {
  const counts = [
    line.changed && `改动 ${line.changed} 份`,
    line.added && `新增 ${line.added} 份`,
    line.removed && `删除 ${line.removed} 份`,
  ]
    .filter(Boolean)
    .join('，');
  const totals = line.up || line.down ? `；总分上升 ${line.up} 份、下降 ${line.down} 份` : '';
  const grades = line.grades ? `；等级变化 ${line.grades} 份` : '';
  const problems = [
    line.newErrors && `新错误 ${line.newErrors} 个`,
    line.newWarnings && `新警告 ${line.newWarnings} 个`,
    line.fixed && `已解决 ${line.fixed} 个`,
  ]
    .filter(Boolean)
    .join('、');
  const unpublished = line.unpublished ? `；${line.unpublished} 份有错误，不会发布` : '';
  return `${unitLabel(line)}：${counts}${totals}${grades}${problems ? `；${problems}` : ''}${unpublished}`;
}

/** 「⛔ 有 2 个错误，不会发布」 for a form whose new side has errors; empty otherwise. */
export const unpublishedWords = (form: Pick<FormChange, 'errors'>): string =>
  form.errors.length > 0 ? `⛔ 有 ${form.errors.length} 个错误，不会发布` : '';

export const unitLabel = (line: Pick<UnitSummary, '年度' | '单位'>): string =>
  line.年度 === undefined ? '无法读取的表单' : `${line.年度} ${line.单位 || '未填写单位'}`;

/** The headline of a form: status, path, name, and its total and grade moving. */
export function formHeadline(form: FormsDiff['forms'][number]): {
  status: string;
  where: string;
  name: string;
  moved: string;
} {
  const where = form.oldFile ? `${form.oldFile} → ${form.file}` : form.file;
  const total = form.status === 'added' ? form.总分?.after : form.status === 'removed' ? form.总分?.before : undefined;
  const moved = total
    ? `总分 ${total}`
    : form.results
        .filter((result) => result.label === '总分' || result.label === '等级' || result.label === '页数')
        .map((result) => changeLine(result))
        .join('，');
  return { status: STATUS_WORDS[form.status], where, name: form.项目名称 ?? '', moved };
}

/** 「第 2 页有变化」, or the page is new or gone. */
export function pageWords(page: PageImage): string {
  return page.only === 'after'
    ? `第 ${page.page} 页（新增的页）`
    : page.only === 'before'
      ? `第 ${page.page} 页（删去的页）`
      : `第 ${page.page} 页有变化`;
}

/** A page image's path as the report shows it: inside the pages folder as given. */
export function imagePath(diff: Pick<FormsDiff, 'pagesDir'>, page: PageImage): string {
  return `${diff.pagesDir ? `${diff.pagesDir.replace(/\/$/, '')}/` : ''}${page.image}`;
}
