// `jixiao import`: workbooks in the official layout to source files at
// <out>/<年度>/<实施单位>/<项目编码>.md. Every sheet that is a 自评表 becomes a form; a 汇总 sheet
// (jixiao's own, figures taken from the form sheets) is passed over; any other sheet, and any cell
// that cannot be placed, is reported with its address. A sheet with a cell that has no value to
// import (an error value, a formula never calculated, a 项目编码 that lost digits) is not written
// unless asked (--force: placeholders that check reports stand there); nor is an existing file
// overwritten; and two sheets never write one file. A file is read only when it is a regular file
// within bounds, and its zip only when its parts are (input-file.ts, zip-bounds.ts); a workbook
// with no 自评表 is refused like any file that is no workbook.
import { existsSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { SiteConfig } from '../config/load.ts';
import { displayPath } from '../parse/load.ts';
import { safeSegment } from '../core/output-paths.ts';
import { PLACEHOLDER } from '../schema/form.ts';
import { writeAtomic } from '../io/write.ts';
import { cellText } from './cell-state.ts';
import { IMPORT_LIMITS } from './import-limits.ts';
import { readInputFile } from './input-file.ts';
import { labelOf, readFormSheet, type ImportedForm, type SheetProblem } from './read-sheet.ts';
import { sourceText } from './source-text.ts';
import { SUMMARY_HEADS, SUMMARY_SHEET } from './summary.ts';
import { zipProblem } from './zip-bounds.ts';

const EXPECTED = '请给出 .xlsx 工作簿（jixiao build 导出的，或预算系统导出的项目支出绩效自评表）';

export interface ImportProblem extends SheetProblem {
  /** The workbook, as given. */
  file: string;
  /** The file could not be read as a workbook at all: the message says why, naming it. */
  unreadable?: boolean;
}

export interface ImportedFile {
  /** The workbook and sheet it came from. */
  file: string;
  sheet: string;
  /** The source file written (or that would be), and its text. */
  target: string;
  text: string;
  /** Not written without --force: the file exists. */
  exists: boolean;
  /** Not written without --force: the sheet has cells with no value to import (placeholders stand there). */
  blocked: boolean;
}

/** Reads each workbook; returns the forms found (with the path each goes to) and the problems. */
export async function readWorkbooks(
  files: readonly string[],
  config: SiteConfig,
  outDir: string,
): Promise<{ forms: ImportedFile[]; problems: ImportProblem[] }> {
  const forms: ImportedFile[] = [];
  const problems: ImportProblem[] = [];
  const targets = new Map<string, string>();
  for (const file of files) {
    const workbook = await loadWorkbook(file);
    if (typeof workbook === 'string') {
      problems.push({ file, at: '', message: workbook, unreadable: true });
      continue;
    }
    const sheets = workbook.worksheets.filter((sheet) => !isSummary(sheet));
    const read = sheets.map((sheet) => ({ sheet, ...readFormSheet(sheet, config) }));
    // A workbook with no 自评表 at all is not what import reads: one message, as for any other file.
    if (!read.some(({ form }) => form)) {
      problems.push({ file, at: '', message: noFormMessage(file, workbook), unreadable: true });
      continue;
    }
    for (const { sheet, form, problems: found } of read) {
      problems.push(...found.map((problem) => ({ file, ...problem })));
      if (!form) continue;
      const target = path.join(outDir, ...targetOf(form));
      const from = `${path.basename(file)} 的工作表「${sheet.name}」`;
      const earlier = targets.get(target);
      if (earlier) {
        problems.push({
          file,
          at: `${sheet.name}!A1`,
          message: `与${earlier}写到同一个文件 ${target}：没有写出（项目编码重复？）`,
        });
        continue;
      }
      targets.set(target, from);
      forms.push({
        file,
        sheet: sheet.name,
        target,
        text: sourceText(form, config.defaultLayout),
        exists: existsSync(target),
        blocked: found.some((problem) => problem.blocking),
      });
    }
  }
  return { forms, problems };
}

export async function writeImported(forms: readonly ImportedFile[], force: boolean): Promise<ImportedFile[]> {
  const written: ImportedFile[] = [];
  for (const form of forms) {
    if ((form.exists || form.blocked) && !force) continue;
    await writeAtomic(form.target, form.text);
    written.push(form);
  }
  return written;
}

/** <年度>/<实施单位>/<项目编码>.md, named as `jixiao new` names a form (项目名称 where there is no code). */
function targetOf(form: ImportedForm): string[] {
  const { header } = form;
  const unit = header.get('实施单位') || header.get('主管部门') || '未填写单位';
  const code = header.get('项目编码') === PLACEHOLDER ? undefined : header.get('项目编码');
  return [
    safeSegment(header.get('绩效自评年度') || '未填写年度'),
    safeSegment(unit),
    `${safeSegment(code || header.get('项目名称') || form.sheet)}.md`,
  ];
}

/** The workbook in a file; or, when it is none, one sentence naming the file, saying what it is
 *  and what was expected (the zip library's own words never reach the user). Nothing is handed to
 *  exceljs, which holds a whole workbook in memory, before the file and its zip are within bounds. */
async function loadWorkbook(file: string): Promise<ExcelJS.Workbook | string> {
  const name = displayPath(file);
  const bytes = await readInputFile(file, name, EXPECTED);
  if (typeof bytes === 'string') return bytes;
  if (bytes.length === 0) return `${name} 是空文件：${EXPECTED}`;
  // An .xlsx is a zip; an .xls (Excel 97-2003, also WPS) is an OLE compound file.
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return `${name} 是旧版的 Excel 97-2003 工作簿（.xls）或其他 Office 旧格式文件：jixiao 只读取 .xlsx，请在 Excel 或 WPS 中「另存为」.xlsx 后再导入`;
  }
  const zip = bytes.length >= 4 && [0x04034b50, 0x06054b50].includes(bytes.readUInt32LE(0)); // a file's header, or an empty zip's end
  if (!zip) return `${name} 不是 Excel 工作簿（.xlsx 是 zip 格式的文件，它不是）：${EXPECTED}`;
  const refused = zipProblem(bytes, name, EXPECTED);
  if (refused) return refused;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    return `${name} 是 zip 文件，但已损坏、不完整或不是工作簿，无法读取：${EXPECTED}`;
  }
  if (workbook.worksheets.length === 0) return `${name} 是 zip 文件，但其中没有 Excel 工作簿：${EXPECTED}`;
  return longTextProblem(workbook, name) ?? workbook;
}

/** A cell with more text than Excel itself allows (a workbook written by another program). */
function longTextProblem(workbook: ExcelJS.Workbook, name: string): string | undefined {
  for (const sheet of workbook.worksheets) {
    let found: string | undefined;
    sheet.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const length = found ? 0 : [...cellText(cell.value)].length;
        if (length > IMPORT_LIMITS.cellText)
          found = `${name} 的工作表「${sheet.name}」的单元格 ${cell.address} 有 ${length} 个字，超过单元格文字上限 ${IMPORT_LIMITS.cellText} 个字（Excel 自己的上限）：这不是 Excel 保存的自评表`;
      }),
    );
    if (found) return found;
  }
  return undefined;
}

function noFormMessage(file: string, workbook: ExcelJS.Workbook): string {
  const names = workbook.worksheets.map((sheet) => `「${sheet.name}」`);
  const shown =
    names.length > 5
      ? `${names.slice(0, 5).join('')}等 ${names.length} 张工作表都`
      : `工作表${names.join('')}${names.length > 1 ? '都' : ''}`;
  return `${displayPath(file)} 中没有项目支出绩效自评表：${shown}没有「三级指标」表头（汇总工作表不导入）。${EXPECTED}`;
}

/** jixiao's 汇总 sheet: its figures are the form sheets'. */
function isSummary(sheet: ExcelJS.Worksheet): boolean {
  const heads = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((value) => labelOf(String(value ?? '')));
  return sheet.name === SUMMARY_SHEET && SUMMARY_HEADS.every((head, index) => heads[index] === labelOf(head));
}
