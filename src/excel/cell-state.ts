// What a worksheet cell holds, as an import must tell it apart: a value (text, a number, a
// formula's saved result), an error value (#DIV/0!, #REF!, …), a formula whose result was never
// saved — a workbook written by openpyxl or any program that does not calculate keeps the formula
// only —, a number with more significant digits than Excel keeps (typed by no one: written by
// another program, or a formula's floating-point remainder), or text with control characters no
// source file can hold. None of these has a value to import; none is ever read as 0.
import type ExcelJS from 'exceljs';

export type CellState =
  | { kind: 'value'; text: string }
  | { kind: 'error'; code: string }
  | { kind: 'uncomputed'; formula: string }
  | { kind: 'inexact'; number: string; digits: number; formula?: string }
  | { kind: 'control'; char: string };

/** Excel keeps 15 significant digits of a number. */
export const EXCEL_DIGITS = 15;

/** Excel's error values, said in the words of someone fixing the sheet. */
const ERROR_MEANINGS: Record<string, string> = {
  '#DIV/0!': '除数为 0',
  '#REF!': '公式引用的单元格已被删除',
  '#N/A': '查找不到要引用的值',
  '#VALUE!': '公式中的值类型不对',
  '#NAME?': '公式中有无法识别的名称',
  '#NUM!': '数字无效或超出范围',
  '#NULL!': '引用的区域没有交集',
  '#SPILL!': '公式结果的溢出区域被占用',
  '#CALC!': '公式无法计算',
};

export function cellState(cell: ExcelJS.Cell): CellState {
  const formula = isFormula(cell) ? (cell.formula ?? '') : undefined;
  const value = (formula === undefined ? cell.value : cell.result) as ExcelJS.CellValue;
  if (formula !== undefined && (value === undefined || value === null)) return { kind: 'uncomputed', formula };
  const code = errorCode(value);
  if (code) return { kind: 'error', code };
  if (typeof value === 'number') {
    const digits = significantDigits(value);
    if (digits > EXCEL_DIGITS)
      return { kind: 'inexact', number: String(value), digits, ...(formula === undefined ? {} : { formula }) };
  }
  const text = cellText(value);
  const control = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.exec(text);
  return control ? { kind: 'control', char: control[0] } : { kind: 'value', text };
}

/** The digits a number needs to be given back exactly (1.2345e+21: 5; 0.30000000000000004: 17). */
export function significantDigits(value: number): number {
  const mantissa = String(Math.abs(value)).split('e')[0]!;
  return mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}

export const isFormula = (cell: ExcelJS.Cell): boolean =>
  typeof cell.value === 'object' && cell.value !== null && ('formula' in cell.value || 'sharedFormula' in cell.value);

function errorCode(value: ExcelJS.CellValue): string | undefined {
  return typeof value === 'object' && value !== null && 'error' in value ? String(value.error) : undefined;
}

/** A cell's text, whatever Excel holds in it: text, a number, rich text, a formula's result, a link. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unescaped(value).trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return unescaped(value.richText.map((part) => part.text).join('')).trim();
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
  return '';
}

/** Text as Excel means it: a character XML cannot hold (a carriage return, a control character)
 *  is saved as _x000D_, and a literal _x as _x005F_x; exceljs leaves these as they are. */
const unescaped = (text: string) =>
  text.replace(/_x([\dA-Fa-f]{4})_/g, (_, code: string) => String.fromCharCode(Number.parseInt(code, 16)));

/** What is wrong with a cell that has no value to import. `label` names the field it holds (when
 *  known); `derived`: jixiao computes that figure itself from the others. */
export function brokenCellMessage(
  state: Exclude<CellState, { kind: 'value' }>,
  label: string | undefined,
  derived: boolean,
): string {
  const what = label ?? '这一格';
  const derivedFix = derived ? '或它引用的单元格' : '';
  if (state.kind === 'error') {
    const meaning = ERROR_MEANINGS[state.code];
    return `${what}是错误值 ${state.code}${meaning ? `（${meaning}）` : ''}，没有可导入的数值：请在 Excel 中改正这一格${derivedFix}后再导入`;
  }
  if (state.kind === 'control') {
    const code = `U+${state.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return `${what}含有看不见的控制字符 ${code}，源文件中无法保存：请在 Excel 中删去这个字符后再导入`;
  }
  if (state.kind === 'inexact') {
    const stated =
      state.formula === undefined
        ? `${what}是数字 ${state.number}`
        : `${what}是公式 =${state.formula}，结果为 ${state.number}`;
    const lost = `有 ${state.digits} 位有效数字：Excel 的数字只保留 ${EXCEL_DIGITS} 位有效数字，这个数不能确认就是应有的数值`;
    if (derived) return `${stated}，${lost}：不导入，jixiao 由各项数字算出`;
    return `${stated}，${lost}。请在 Excel 中${state.formula === undefined ? '改为应有的数值' : '用 ROUND 取到应有的位数，或在这一格直接填写数值'}后再导入`;
  }
  const formula = `公式 =${state.formula}`;
  if (derived) return `${what}是${formula}，工作簿没有保存它的计算结果：不导入，jixiao 由各项数字算出`;
  return `${what}是${formula}，工作簿没有保存它的计算结果（openpyxl 等程序保存的工作簿不计算公式）：请用 Excel 或 WPS 打开、保存后再导入，或在这一格直接填写数值`;
}
