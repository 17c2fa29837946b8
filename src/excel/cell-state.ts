// What a worksheet cell holds, as an import must tell it apart: a value (text, a number, a
// formula's saved result), an error value (#DIV/0!, #REF!, …), or a formula whose result was never
// saved — a workbook written by openpyxl or any program that does not calculate keeps the formula
// only. The last two have no figure to import and are never read as 0.
import type ExcelJS from 'exceljs';

export type CellState = { kind: 'value'; text: string } | { kind: 'error'; code: string } | { kind: 'uncomputed'; formula: string };

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
  const value = cell.value;
  if (isFormula(cell)) {
    const result = cell.result as ExcelJS.CellValue;
    if (result === undefined || result === null) return { kind: 'uncomputed', formula: cell.formula ?? '' };
    return errorCode(result) ? { kind: 'error', code: errorCode(result)! } : { kind: 'value', text: cellText(result) };
  }
  return errorCode(value) ? { kind: 'error', code: errorCode(value)! } : { kind: 'value', text: cellText(value) };
}

export const isFormula = (cell: ExcelJS.Cell): boolean => typeof cell.value === 'object' && cell.value !== null && ('formula' in cell.value || 'sharedFormula' in cell.value);

function errorCode(value: ExcelJS.CellValue): string | undefined {
  return typeof value === 'object' && value !== null && 'error' in value ? String(value.error) : undefined;
}

/** A cell's text, whatever Excel holds in it: text, a number, rich text, a formula's result, a link. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
  return '';
}

/** What is wrong with a cell that has no value to import. `label` names the field it holds (when
 *  known); `derived`: jixiao computes that figure itself from the others. */
export function brokenCellMessage(state: Exclude<CellState, { kind: 'value' }>, label: string | undefined, derived: boolean): string {
  const what = label ?? '这一格';
  if (state.kind === 'error') {
    const meaning = ERROR_MEANINGS[state.code];
    return `${what}是错误值 ${state.code}${meaning ? `（${meaning}）` : ''}，没有可导入的数值：请在 Excel 中改正这一格${derived ? '或它引用的单元格' : ''}后再导入`;
  }
  const formula = `公式 =${state.formula}`;
  if (derived) return `${what}是${formula}，工作簿没有保存它的计算结果：不导入，jixiao 由各项数字算出`;
  return `${what}是${formula}，工作簿没有保存它的计算结果（openpyxl 等程序保存的工作簿不计算公式）：请用 Excel 或 WPS 打开、保存后再导入，或在这一格直接填写数值`;
}
