// The import corpus: hostile and broken inputs to `jixiao import`, each with exactly what it must
// print on stderr, its exit code and the files it writes. Every workbook is made from the one
// jixiao exports for a real form of content/ (数字城市工程, sheet 440300221111564300377), edited
// as a person or another program would; the rest are files that are no workbook at all.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { IMPORT_LIMITS, sizeText } from '../../src/excel/import-limits.ts';
import { SUMMARY_HEADS, SUMMARY_SHEET } from '../../src/excel/summary.ts';

export const SHEET = '440300221111564300377';
export const UNIT = '深圳市规划和自然资源数据管理中心';
/** Where the form goes; named by 项目名称 when its 项目编码 has no value to import. */
export const TARGET = `out/2022/${UNIT}/${SHEET}.md`;
export const NAMED_TARGET = `out/2022/${UNIT}/数字城市工程.md`;
export const EXPECTED = '请给出 .xlsx 工作簿（jixiao build 导出的，或预算系统导出的项目支出绩效自评表）';

export interface ImportContext {
  /** The case's own folder: the CLI runs there and writes to out/. */
  dir: string;
  /** The exported workbook of the form. */
  base: Buffer;
  /** Things to undo after the run (a listening socket). */
  cleanups: Array<() => void>;
}

export interface ImportCase {
  name: string;
  /** Makes the input in the case's folder; gives the arguments after `import`. */
  make(context: ImportContext): Promise<string[]>;
  force?: true;
  code: 0 | 1 | 2;
  /** Exactly the lines on stderr. */
  stderr: string[];
  /** The files written under the case's folder. */
  written: string[];
}

/** The base workbook with its sheet edited, written as `file`. */
async function edited(
  context: ImportContext,
  file: string,
  change: (sheet: ExcelJS.Worksheet) => void,
): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(context.base as unknown as ExcelJS.Buffer);
  change(workbook.worksheets[0]!);
  await workbook.xlsx.writeFile(path.join(context.dir, file));
  return [file];
}

/** The base workbook edited, then its text parts patched as another program writes them (what
 *  exceljs would not write: _x0007_ for a control character). */
async function saved(
  context: ImportContext,
  file: string,
  change: (sheet: ExcelJS.Worksheet) => void,
  patches: Record<string, string>,
): Promise<string[]> {
  await edited(context, file, change);
  const zip = await JSZip.loadAsync(await readFile(path.join(context.dir, file)));
  const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
  const patched = Object.entries(patches).reduce((text, [from, to]) => text.replaceAll(from, to), strings);
  if (patched === strings) throw new Error(`no patch applies to ${file}`);
  zip.file('xl/sharedStrings.xml', patched);
  await writeFile(
    path.join(context.dir, file),
    await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
  );
  return [file];
}

/** The base workbook's parts, with some replaced or added, zipped again as `file` (Node's zlib: a
 *  sheet of a million rows is deflated in a moment). */
async function repacked(
  context: ImportContext,
  file: string,
  parts: Record<string, string | Buffer>,
): Promise<string[]> {
  const zip = await JSZip.loadAsync(context.base);
  const all = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) if (!entry.dir) all.set(entry.name, await entry.async('nodebuffer'));
  for (const [name, content] of Object.entries(parts)) all.set(name, Buffer.from(content));
  await writeFile(path.join(context.dir, file), zipOf(all));
  return [file];
}

/** A zip of these parts, deflated: local headers, the central directory, its end. With `zip64`,
 *  the directory gives each size in a zip64 extra field (0xFFFFFFFF in the 32-bit fields), as
 *  some writers do for any size; `declared` overrides the uncompressed size it gives. */
export function zipOf(
  parts: Map<string, Buffer>,
  options: { zip64?: boolean; declared?: Record<string, number> } = {},
): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of parts) {
    const data = deflateRawSync(content);
    const nameBytes = Buffer.from(name);
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed
      header.writeUInt16LE(0x800, at + 2); // UTF-8 names
      header.writeUInt16LE(8, at + 4); // deflate
      header.writeUInt32LE(crc32(content), at + 10);
      header.writeUInt32LE(data.length, at + 14);
      header.writeUInt32LE(content.length, at + 18);
      header.writeUInt16LE(nameBytes.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    fields(record, 6);
    record.writeUInt32LE(offset, 42);
    const size = options.declared?.[name] ?? content.length;
    const extra = Buffer.alloc(options.zip64 ? 20 : 0);
    if (options.zip64) {
      record.writeUInt32LE(0xffffffff, 20);
      record.writeUInt32LE(0xffffffff, 24);
      record.writeUInt16LE(extra.length, 30);
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
    } else record.writeUInt32LE(size, 24);
    locals.push(local, nameBytes, data);
    central.push(record, nameBytes, extra);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A worksheet part with these rows. */
const worksheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
const rowsOf = (count: number, cellsPerRow: number) =>
  Array.from(
    { length: count },
    (_, index) =>
      `<row r="${index + 1}">${Array.from({ length: cellsPerRow }, () => '<c><v>1</v></c>').join('')}</row>`,
  ).join('');

const line = (address: string, message: string, note = false) =>
  `form.xlsx  ${SHEET}!${address}  ${note ? '说明：' : ''}${message}`;
const notWritten = (target: string) =>
  `${target} 没有写出：工作表「${SHEET}」有上面报告的无值单元格；改正工作簿后再导入，或加 --force 写出（这些地方写作「请填写」）`;
const fix = (label: string, code: string, meaning: string) =>
  `${label}是错误值 ${code}（${meaning}），没有可导入的数值：请在 Excel 中改正这一格后再导入`;
const refused = (message: string) => `jixiao import: ${message}`;
const errorValue = (code: string) =>
  ({ formula: 'F9/E9', result: { error: code } }) as unknown as ExcelJS.CellFormulaValue;

const ERROR_KINDS = [
  ['DIV0', '#DIV/0!', '除数为 0'],
  ['REF', '#REF!', '公式引用的单元格已被删除'],
  ['NA', '#N/A', '查找不到要引用的值'],
  ['VALUE', '#VALUE!', '公式中的值类型不对'],
  ['NAME', '#NAME?', '公式中有无法识别的名称'],
  ['NUM', '#NUM!', '数字无效或超出范围'],
  ['NULL', '#NULL!', '引用的区域没有交集'],
] as const;

// Every kind of error value at once, each in a cell of another field.
const SEVEN_ERRORS: Array<[string, (typeof ERROR_KINDS)[number], string]> = [
  ['D8', ERROR_KINDS[0], '当年财政拨款的年初预算数'],
  ['E9', ERROR_KINDS[1], '上年结转资金的全年预算数'],
  ['F10', ERROR_KINDS[2], '其他资金的全年执行数'],
  ['G15', ERROR_KINDS[3], '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的分值'],
  ['H16', ERROR_KINDS[4], '数量指标「融合空间和要素特征的陆域林业资源监测解决方案」的得分'],
  ['E17', ERROR_KINDS[5], '数量指标「面向多元资源要素的陆域林业资源监测技术研究」的年度指标值'],
  ['F18', ERROR_KINDS[6], '数量指标「国土空间规划传导规则数字化转译框架体系研究报告」的实际完成值'],
];
const sevenErrors = (sheet: ExcelJS.Worksheet) => {
  for (const [address, [, code]] of SEVEN_ERRORS)
    sheet.getCell(address).value = { error: code } as ExcelJS.CellErrorValue;
};
const sevenLines = SEVEN_ERRORS.map(([address, [, code, meaning], label]) => line(address, fix(label, code, meaning)));

const GOALS = [
  '一、完成研究',
  '---',
  '二、通过评审',
  '----------',
  '# 不是标题',
  '> 不是引用',
  '- 不是列表',
  '1. 不是编号',
  '| 不是表格 |',
  '<!-- 不是注释 -->',
  '{{不是模板}}',
  '\t制表符\t在中间\t',
];
export const GOALS_BACK = GOALS.map((goal) => goal.trim());

const MILLION = rowsOf(1_000_000, 1);
/** What check says of the placeholders --force writes. */
const forcedCheck = (line: number, column: number, message: string) =>
  `${NAMED_TARGET}:${line}:${column}  error  ${message}  schema（工作表「${SHEET}」）`;
const money = '换成金额（元，到分，如 19700.00；没有这项资金写 0.00）';
const FORCED_CHECK = [
  forcedCheck(2, 7, '项目编码还没有填写：把「请填写」换成项目编码（数字、字母、- 和 _，加引号）'),
  forcedCheck(8, 12, `当年财政拨款的年初预算数还没有填写：把「请填写」${money}`),
  forcedCheck(9, 18, `上年结转资金的全年预算数还没有填写：把「请填写」${money}`),
  forcedCheck(10, 22, `其他资金的全年执行数还没有填写：把「请填写」${money}`),
  forcedCheck(
    17,
    13,
    '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的分值还没有填写：把「请填写」换成数字',
  ),
  forcedCheck(20, 72, '数量指标「融合空间和要素特征的陆域林业资源监测解决方案」的得分还没有填写：把「请填写」换成数字'),
];

const LOST_CODE =
  '项目编码是数字单元格 4.40300221111564E+20：Excel 的数字只保留 15 位有效数字，编码末尾的几位已经丢失，不能当作项目编码。请在 Excel 中把这一格设为「文本」，重新输入完整的编码后再导入';

export const IMPORT_CASES: ImportCase[] = [
  // ——— not a regular file: refused at once, nothing read ———
  {
    name: 'fifo',
    make: async ({ dir }) => {
      execFileSync('mkfifo', [path.join(dir, 'pipe.xlsx')]);
      return ['pipe.xlsx'];
    },
    code: 2,
    stderr: [refused(`pipe.xlsx 是命名管道（FIFO），不是普通文件，没有读取：${EXPECTED}`)],
    written: [],
  },
  {
    name: 'symlink-to-fifo',
    make: async ({ dir }) => {
      execFileSync('mkfifo', [path.join(dir, 'pipe')]);
      execFileSync('ln', ['-s', 'pipe', path.join(dir, 'link.xlsx')]);
      return ['link.xlsx'];
    },
    code: 2,
    stderr: [refused(`link.xlsx 是指向命名管道（FIFO）的符号链接，不是普通文件，没有读取：${EXPECTED}`)],
    written: [],
  },
  {
    name: 'dev-zero',
    make: async () => ['/dev/zero'],
    code: 2,
    stderr: [refused(`/dev/zero 是字符设备，不是普通文件，没有读取：${EXPECTED}`)],
    written: [],
  },
  {
    name: 'folder',
    make: async ({ dir }) => {
      await mkdir(path.join(dir, 'folder.xlsx'));
      return ['folder.xlsx'];
    },
    code: 2,
    stderr: [refused(`folder.xlsx 是文件夹，不是普通文件，没有读取：${EXPECTED}`)],
    written: [],
  },
  {
    name: 'socket',
    make: async ({ dir, cleanups }) => {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(path.join(dir, 'socket.xlsx'), resolve));
      cleanups.push(() => server.close());
      return ['socket.xlsx'];
    },
    code: 2,
    stderr: [refused(`socket.xlsx 是套接字（socket），不是普通文件，没有读取：${EXPECTED}`)],
    written: [],
  },
  // ——— bounded: the file, the zip's parts, rows, cells, text ———
  {
    name: 'file-too-large',
    make: async ({ dir, base }) => {
      await writeFile(path.join(dir, 'big.xlsx'), base);
      await truncate(path.join(dir, 'big.xlsx'), 60 * 1024 * 1024); // sparse: nothing to write, nothing read
      return ['big.xlsx'];
    },
    code: 2,
    stderr: [
      refused(
        `big.xlsx 有 60 MB，超过文件大小上限 ${sizeText(IMPORT_LIMITS.fileBytes)}：自评表工作簿通常不到 1 MB，请确认给出的是自评表工作簿`,
      ),
    ],
    written: [],
  },
  {
    name: 'bomb-million-rows',
    make: (context) => repacked(context, 'bomb.xlsx', { 'xl/worksheets/sheet1.xml': worksheet(MILLION) }),
    code: 2,
    stderr: [
      refused(
        `bomb.xlsx 中的 xl/worksheets/sheet1.xml 解压后有 ${sizeText(Buffer.byteLength(worksheet(MILLION)))}，超过单个部件的大小上限 20 MB：自评表的一张工作表通常不到 100 KB`,
      ),
    ],
    written: [],
  },
  {
    name: 'rows-over-limit',
    make: (context) => repacked(context, 'rows.xlsx', { 'xl/worksheets/sheet1.xml': worksheet(rowsOf(12_000, 1)) }),
    code: 2,
    stderr: [
      refused(
        `rows.xlsx 的工作表「${SHEET}」有 12000 行，超过行数上限 10000 行：自评表只有几十行，请确认给出的是自评表工作簿`,
      ),
    ],
    written: [],
  },
  {
    name: 'cells-over-limit',
    make: (context) => repacked(context, 'cells.xlsx', { 'xl/worksheets/sheet1.xml': worksheet(rowsOf(2_000, 60)) }),
    code: 2,
    stderr: [
      refused(
        `cells.xlsx 的工作表「${SHEET}」有 120000 个单元格，超过单元格数上限 100000 个：自评表只有几百个单元格，请确认给出的是自评表工作簿`,
      ),
    ],
    written: [],
  },
  {
    name: 'workbook-rows-over-limit',
    // Each sheet within its own bound, the sheets together over the workbook's.
    make: (context) =>
      repacked(
        context,
        'sheets.xlsx',
        Object.fromEntries(
          Array.from({ length: 21 }, (_, index) => [
            `xl/worksheets/sheet${index + 1}.xml`,
            worksheet(rowsOf(10_000, 0)),
          ]),
        ),
      ),
    code: 2,
    stderr: [refused(`sheets.xlsx 的工作表共有 210000 行，超过工作簿行数上限 200000 行：这不是自评表工作簿`)],
    written: [],
  },
  {
    name: 'total-size-over-limit',
    make: (context) =>
      repacked(
        context,
        'total.xlsx',
        Object.fromEntries(
          Array.from({ length: 6 }, (_, index) => [`xl/media/image${index + 1}.png`, Buffer.alloc(19 * 1024 * 1024)]),
        ),
      ),
    code: 2,
    // 6 × 19 MB and the workbook's own parts (some 60 KB).
    stderr: [refused(`total.xlsx 解压后共有 114.1 MB，超过解压后大小上限 100 MB：这不是自评表工作簿`)],
    written: [],
  },
  {
    name: 'declared-size-lies',
    make: async ({ dir, base }) => {
      // The sheet's size in the central directory says 100 bytes: unpacking stops there.
      const bytes = Buffer.from(base);
      const name = Buffer.from('xl/worksheets/sheet1.xml');
      for (
        let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
        at >= 0;
        at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
      ) {
        if (bytes.subarray(at + 46, at + 46 + name.length).equals(name)) bytes.writeUInt32LE(100, at + 24);
      }
      await writeFile(path.join(dir, 'lies.xlsx'), bytes);
      return ['lies.xlsx'];
    },
    code: 2,
    stderr: [refused(`lies.xlsx 是 zip 文件，但已损坏、不完整或不是工作簿，无法读取：${EXPECTED}`)],
    written: [],
  },
  {
    name: 'huge-cell-text',
    make: (context) => edited(context, 'huge.xlsx', (sheet) => void (sheet.getCell('I15').value = '长'.repeat(40_000))),
    code: 2,
    stderr: [
      refused(
        `huge.xlsx 的工作表「${SHEET}」的单元格 I15 有 40000 个字，超过单元格文字上限 32767 个字（Excel 自己的上限）：这不是 Excel 保存的自评表`,
      ),
    ],
    written: [],
  },
  // ——— no workbook, no form ———
  {
    name: 'zip-not-workbook',
    make: async ({ dir }) => {
      const zip = new JSZip();
      zip.file('说明.txt', '不是工作簿');
      await writeFile(path.join(dir, 'files.zip'), await zip.generateAsync({ type: 'nodebuffer' }));
      return ['files.zip'];
    },
    code: 2,
    stderr: [refused(`files.zip 是 zip 文件，但其中没有 Excel 工作簿：${EXPECTED}`)],
    written: [],
  },
  {
    name: 'workbook-without-form',
    make: async ({ dir }) => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('Sheet1').getCell('A1').value = '联系人';
      workbook.addWorksheet('Sheet2');
      await workbook.xlsx.writeFile(path.join(dir, 'notes.xlsx'));
      return ['notes.xlsx'];
    },
    code: 2,
    stderr: [
      refused(
        `notes.xlsx 中没有项目支出绩效自评表：工作表「Sheet1」「Sheet2」都没有「三级指标」表头（汇总工作表不导入）。${EXPECTED}`,
      ),
    ],
    written: [],
  },
  {
    name: 'summary-sheet-only',
    // jixiao's 汇总 alone: its figures are the form sheets', and there are none.
    make: async ({ dir }) => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet(SUMMARY_SHEET).addRow([...SUMMARY_HEADS]);
      await workbook.xlsx.writeFile(path.join(dir, 'summary.xlsx'));
      return ['summary.xlsx'];
    },
    code: 2,
    stderr: [
      refused(
        `summary.xlsx 中没有项目支出绩效自评表：工作表「汇总」没有「三级指标」表头（汇总工作表不导入）。${EXPECTED}`,
      ),
    ],
    written: [],
  },
  // ——— text comes back exactly ———
  {
    name: 'goals-with-markdown-syntax',
    make: (context) => edited(context, 'form.xlsx', (sheet) => void (sheet.getCell('B13').value = GOALS.join('\n'))),
    code: 0,
    stderr: [],
    written: [TARGET],
  },
  {
    name: 'carriage-returns-as-excel-saves-them',
    // Text pasted from Windows: Excel saves each carriage return as _x000D_ before the line break.
    make: (context) =>
      saved(context, 'form.xlsx', (sheet) => void (sheet.getCell('B13').value = '一、完成研究«CR»\n二、通过评审'), {
        '«CR»': '_x000D_',
      }),
    code: 0,
    stderr: [],
    written: [TARGET],
  },
  {
    name: 'control-character',
    // Excel saves a control character as _x0007_ (XML cannot hold it); exceljs would drop it.
    make: (context) =>
      saved(context, 'form.xlsx', (sheet) => void (sheet.getCell('D15').value = '基于自然资源«BEL»大数据仓库'), {
        '«BEL»': '_x0007_',
      }),
    code: 1,
    stderr: [
      line('D15', '数量指标的三级指标含有看不见的控制字符 U+0007，源文件中无法保存：请在 Excel 中删去这个字符后再导入'),
      notWritten(TARGET),
    ],
    written: [],
  },
  // ——— values that cannot be trusted ———
  ...ERROR_KINDS.map(([name, code, meaning]): ImportCase => ({
    name: `error-value-${name}`,
    make: (context) => edited(context, 'form.xlsx', (sheet) => void (sheet.getCell('F8').value = errorValue(code))),
    code: 1,
    stderr: [line('F8', fix('当年财政拨款的全年执行数', code, meaning)), notWritten(TARGET)],
    written: [],
  })),
  {
    name: 'seven-error-values',
    make: (context) => edited(context, 'form.xlsx', sevenErrors),
    code: 1,
    stderr: [...sevenLines, notWritten(TARGET)],
    written: [],
  },
  {
    name: 'numeric-code',
    make: (context) => edited(context, 'form.xlsx', (sheet) => void (sheet.getCell('C2').value = 4.40300221111564e20)),
    code: 1,
    stderr: [line('C2', LOST_CODE), notWritten(NAMED_TARGET)],
    written: [],
  },
  {
    name: 'sixteen-digit-figure',
    make: (context) => edited(context, 'form.xlsx', (sheet) => void (sheet.getCell('F8').value = 4817000.123456789)),
    code: 1,
    stderr: [
      line(
        'F8',
        '当年财政拨款的全年执行数是数字 4817000.123456789，有 16 位有效数字：Excel 的数字只保留 15 位有效数字，这个数不能确认就是应有的数值。请在 Excel 中改为应有的数值后再导入',
      ),
      notWritten(TARGET),
    ],
    written: [],
  },
  {
    name: 'formula-result-with-seventeen-digits',
    make: (context) =>
      edited(
        context,
        'form.xlsx',
        (sheet) =>
          void (sheet.getCell('H16').value = {
            formula: 'G16*0.075',
            result: 0.30000000000000004,
          } as ExcelJS.CellFormulaValue),
      ),
    code: 1,
    stderr: [
      line(
        'H16',
        '数量指标「融合空间和要素特征的陆域林业资源监测解决方案」的得分是公式 =G16*0.075，结果为 0.30000000000000004，有 17 位有效数字：Excel 的数字只保留 15 位有效数字，这个数不能确认就是应有的数值。请在 Excel 中用 ROUND 取到应有的位数，或在这一格直接填写数值后再导入',
      ),
      notWritten(TARGET),
    ],
    written: [],
  },
  {
    name: 'formula-without-cached-value',
    make: (context) =>
      edited(
        context,
        'form.xlsx',
        (sheet) => void (sheet.getCell('E8').value = { formula: '4817000*1' } as ExcelJS.CellFormulaValue),
      ),
    code: 1,
    stderr: [
      line(
        'E8',
        '当年财政拨款的全年预算数是公式 =4817000*1，工作簿没有保存它的计算结果（openpyxl 等程序保存的工作簿不计算公式）：请用 Excel 或 WPS 打开、保存后再导入，或在这一格直接填写数值',
      ),
      notWritten(TARGET),
    ],
    written: [],
  },
  {
    name: 'computed-total-with-seventeen-digits',
    // 总分 is jixiao's to compute: said, not blocking.
    make: (context) =>
      edited(
        context,
        'form.xlsx',
        (sheet) =>
          void (sheet.getCell('H34').value = {
            formula: 'I7+SUM(H15:H33)',
            result: 99.20000000000002,
          } as ExcelJS.CellFormulaValue),
      ),
    code: 0,
    stderr: [
      line(
        'H34',
        '总分是公式 =I7+SUM(H15:H33)，结果为 99.20000000000002，有 16 位有效数字：Excel 的数字只保留 15 位有效数字，这个数不能确认就是应有的数值：不导入，jixiao 由各项数字算出',
        true,
      ),
    ],
    written: [TARGET],
  },
  {
    name: 'force-writes-placeholders',
    make: (context) =>
      edited(context, 'form.xlsx', (sheet) => {
        sevenErrors(sheet);
        sheet.getCell('C2').value = 4.40300221111564e20;
      }),
    force: true,
    code: 1,
    stderr: [line('C2', LOST_CODE), ...sevenLines, ...FORCED_CHECK],
    written: [NAMED_TARGET],
  },
];
