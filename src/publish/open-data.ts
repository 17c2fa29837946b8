// Open data: per year summary.csv (UTF-8 with BOM, for Excel) and summary.json, one row per form;
// <out>/data.json with every form in full. Columns are documented in docs/guide/data.md.
import path from 'node:path';
import { Decimal, plain } from '../score/decimal.ts';
import { formJson } from './json.ts';
import { stringifyExact } from './json-text.ts';
import { unitOf } from '../score/form.ts';
import type { PublishedForm } from './form.ts';
import { writeAtomicIfChanged } from '../io/write.ts';
import { byCodePoint } from '../core/group.ts';

type Cell = string | number | Decimal | null;

/** One summary row: column name → value (money as text to the cent, figures as exact numbers). */
export function summaryRow(form: PublishedForm): Record<string, Cell> {
  const { scored, outputBase } = form;
  const { 绩效自评年度, 一级预算单位, 主管部门, 项目编码, 项目名称, 总分 } = scored.form;
  return {
    年度: 绩效自评年度,
    实施单位: unitOf(scored),
    一级预算单位: 一级预算单位 ?? 主管部门 ?? null,
    项目编码: 项目编码 ?? null,
    项目名称,
    年初预算数: scored.funds.total.年初预算数.toFixed(2),
    全年预算数: scored.funds.total.全年预算数.toFixed(2),
    全年执行数: scored.funds.total.全年执行数.toFixed(2),
    执行率: scored.funds.执行率,
    执行率得分: scored.funds.得分,
    总分: scored.总分,
    等级: scored.等级,
    公布总分: 总分 ?? null,
    html: `${outputBase}.html`,
    pdf: `${outputBase}.pdf`,
    json: `${outputBase}.json`,
  };
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF rows.
 *  Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading ' (OWASP). */
export function toCsv(rows: ReadonlyArray<Record<string, Cell>>): string {
  const columns = Object.keys(rows[0] ?? {});
  const field = (value: Cell) => {
    const text =
      value === null
        ? ''
        : Decimal.isDecimal(value)
          ? plain(value)
          : typeof value === 'string' && /^[=+\-@\t\r]/.test(value)
            ? `'${value}`
            : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[columns.map(field).join(','), ...rows.map((row) => columns.map((column) => field(row[column] ?? null)).join(','))].join('\r\n')}\r\n`;
}

export async function publishOpenData(forms: readonly PublishedForm[], outDir: string): Promise<string[]> {
  const written: string[] = [];
  const sorted = [...forms].sort((a, b) => byCodePoint(a.outputBase, b.outputBase));
  for (const year of [...new Set(sorted.map((form) => form.scored.form.绩效自评年度))]) {
    const rows = sorted.filter((form) => form.scored.form.绩效自评年度 === year).map(summaryRow);
    await writeAtomicIfChanged(path.join(outDir, String(year), 'summary.csv'), toCsv(rows));
    await writeAtomicIfChanged(path.join(outDir, String(year), 'summary.json'), stringifyExact(rows));
    written.push(`${year}/summary.csv`, `${year}/summary.json`);
  }
  const data = sorted.map((form) => ({
    ...formJson(form.scored, form.file),
    文件: { html: `${form.outputBase}.html`, pdf: `${form.outputBase}.pdf`, json: `${form.outputBase}.json` },
  }));
  await writeAtomicIfChanged(path.join(outDir, 'data.json'), stringifyExact(data));
  written.push('data.json');
  return written;
}
