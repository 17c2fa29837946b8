// `jixiao import`: workbooks in the official layout to source files at
// <out>/<年度>/<实施单位>/<项目编码>.md. Every sheet that is a 自评表 becomes a form; a 汇总 sheet
// (jixiao's own, figures taken from the form sheets) is passed over; any other sheet, and any cell
// that cannot be placed, is reported with its address. An existing file is overwritten only when
// asked (--force), and two sheets never write one file.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { SiteConfig } from '../config.ts';
import { safeSegment } from '../publish/paths.ts';
import { writeAtomic } from '../publish/write.ts';
import { labelOf, readFormSheet, type ImportedForm, type SheetProblem } from './read-sheet.ts';
import { sourceText } from './source-text.ts';
import { SUMMARY_HEADS, SUMMARY_SHEET } from './workbook.ts';

export interface ImportProblem extends SheetProblem {
  /** The workbook, as given. */
  file: string;
  /** The file could not be read as a workbook at all. */
  unreadable?: boolean;
}

export interface ImportedFile {
  /** The workbook and sheet it came from. */
  file: string;
  sheet: string;
  /** The source file written (or that would be), and its text. */
  target: string;
  text: string;
  /** Not written: the file exists and --force was not given. */
  exists: boolean;
}

/** Reads each workbook; returns the forms found (with the path each goes to) and the problems. */
export async function readWorkbooks(files: readonly string[], config: SiteConfig, outDir: string): Promise<{ forms: ImportedFile[]; problems: ImportProblem[] }> {
  const forms: ImportedFile[] = [];
  const problems: ImportProblem[] = [];
  const targets = new Map<string, string>();
  for (const file of files) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer);
    } catch (error) {
      problems.push({ file, at: path.basename(file), message: `无法作为 Excel 工作簿（.xlsx）读取：${(error as Error).message.split('\n')[0]}`, unreadable: true });
      continue;
    }
    for (const sheet of workbook.worksheets) {
      if (isSummary(sheet)) continue;
      const { form, problems: found } = readFormSheet(sheet, config);
      problems.push(...found.map((problem) => ({ file, ...problem })));
      if (!form) continue;
      const target = path.join(outDir, ...targetOf(form));
      const from = `${path.basename(file)} 的工作表「${sheet.name}」`;
      const earlier = targets.get(target);
      if (earlier) {
        problems.push({ file, at: `${sheet.name}!A1`, message: `与${earlier}写到同一个文件 ${target}：没有写出（项目编码重复？）` });
        continue;
      }
      targets.set(target, from);
      forms.push({ file, sheet: sheet.name, target, text: sourceText(form, config.defaultLayout), exists: existsSync(target) });
    }
  }
  return { forms, problems };
}

export async function writeImported(forms: readonly ImportedFile[], force: boolean): Promise<ImportedFile[]> {
  const written: ImportedFile[] = [];
  for (const form of forms) {
    if (form.exists && !force) continue;
    await writeAtomic(form.target, form.text);
    written.push(form);
  }
  return written;
}

/** <年度>/<实施单位>/<项目编码>.md, named as `jixiao new` names a form (项目名称 where there is no code). */
function targetOf(form: ImportedForm): string[] {
  const { header } = form;
  const unit = header.get('实施单位') || header.get('主管部门') || '未填写单位';
  return [safeSegment(header.get('绩效自评年度') || '未填写年度'), safeSegment(unit), `${safeSegment(header.get('项目编码') || header.get('项目名称') || form.sheet)}.md`];
}

/** jixiao's 汇总 sheet: its figures are the form sheets'. */
function isSummary(sheet: ExcelJS.Worksheet): boolean {
  const heads = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((value) => labelOf(String(value ?? '')));
  return sheet.name === SUMMARY_SHEET && SUMMARY_HEADS.every((head, index) => heads[index] === labelOf(head));
}
