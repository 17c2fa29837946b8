// Open data: per year summary.csv (UTF-8 with BOM, for Excel) and summary.json, one row per form;
// <out>/data.json with every form in full. Columns are documented in docs/guide/data.md.
import path from 'node:path';
import { Decimal, plain } from '../score/decimal.ts';
import { formJson } from './json.ts';
import { stringifyExact } from './json-text.ts';
import { unitOf } from '../score/form.ts';
import type { PublishedForm } from './form.ts';
import { byCodePoint } from '../core/group.ts';
import { writePiecedFile, type PiecedFileRecords, type PiecesLayout } from './pieced-file.ts';

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
  return `\uFEFF${[headerRow(columns), ...rows.map((row) => csvLine(columns, row))].join('\r\n')}\r\n`;
}

const headerRow = (columns: readonly string[]) =>
  csvLine(columns, Object.fromEntries(columns.map((column) => [column, column])));

/** As toCsv writes it: the header row first, then a row per form, each ended by CRLF. */
const csvLayout = (columns: readonly string[]): PiecesLayout => {
  const head = `\uFEFF${headerRow(columns)}\r\n`;
  return { head, separator: '\r\n', tail: '\r\n', empty: head };
};

function csvLine(columns: readonly string[], row: Record<string, Cell>): string {
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
  return columns.map((column) => field(row[column] ?? null)).join(',');
}

/** A JSON array as stringifyExact writes it (two spaces a level), one element a piece. */
const JSON_ARRAY: PiecesLayout = { head: '[\n  ', separator: ',\n  ', tail: '\n]\n', empty: '[]\n' };

/** An element of such an array, as stringifyExact writes it there: one level in. */
const jsonElement = (value: unknown): string => stringifyExact(value).slice(0, -1).replace(/\n/g, '\n  ');

/** Writes each year's summary.csv and summary.json and data.json; returns them (relative to
 *  `outDir`). `records`: where each form's piece of them was last written (pieced-file.ts): a form
 *  whose inputs are the same is not made into JSON again. */
export async function publishOpenData(
  forms: readonly PublishedForm[],
  outDir: string,
  records?: PiecedFileRecords,
): Promise<string[]> {
  const written: string[] = [];
  const sorted = [...forms].sort((a, b) => byCodePoint(a.outputBase, b.outputBase));
  const write = (name: string, layout: PiecesLayout, make: (form: PublishedForm) => string, among = sorted) =>
    writePiecedFile(
      path.join(outDir, ...name.split('/')),
      name,
      layout,
      among.map((form) => ({ outputBase: form.outputBase, inputs: form.inputs, make: () => make(form) })),
      records,
    ).then(() => void written.push(name));
  for (const year of [...new Set(sorted.map((form) => form.scored.form.绩效自评年度))]) {
    const ofYear = sorted.filter((form) => form.scored.form.绩效自评年度 === year);
    const columns = Object.keys(summaryRow(ofYear[0]!));
    await write(`${year}/summary.csv`, csvLayout(columns), (form) => csvLine(columns, summaryRow(form)), ofYear);
    await write(`${year}/summary.json`, JSON_ARRAY, (form) => jsonElement(summaryRow(form)), ofYear);
  }
  await write('data.json', JSON_ARRAY, (form) =>
    jsonElement({
      ...formJson(form.scored, form.file),
      文件: { html: `${form.outputBase}.html`, pdf: `${form.outputBase}.pdf`, json: `${form.outputBase}.json` },
    }),
  );
  return written;
}
