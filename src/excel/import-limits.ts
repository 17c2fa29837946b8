// What `jixiao import` reads at most. exceljs holds a whole workbook in memory, and a few
// megabytes of zip can unpack to gigabytes of rows: every bound is checked before exceljs sees
// the file. A 自评表 sheet has some fifty rows and a few hundred cells; the bounds are far above
// any real workbook (a year's workbook of hundreds of forms included) and far below harm.
export const IMPORT_LIMITS = {
  /** The workbook file. */
  fileBytes: 50 * 1024 * 1024,
  /** Files inside the zip (a workbook has a handful, plus about two per sheet). */
  entries: 10_000,
  /** One part once unpacked: a sheet's XML, the shared strings. */
  entryBytes: 20 * 1024 * 1024,
  /** All parts once unpacked. */
  totalBytes: 100 * 1024 * 1024,
  /** Rows, and cells, written in one sheet. */
  rows: 10_000,
  cells: 100_000,
  /** Rows, and cells, in all sheets together (a year's workbook of 1,000 forms has some 50,000
   *  rows and 500,000 cells; exceljs holds a million cells in some 600 MB). */
  workbookRows: 200_000,
  workbookCells: 1_000_000,
  /** Characters in one cell: Excel's own limit. */
  cellText: 32_767,
} as const;

/** A size as people read it: 50 MB, 7.7 MB, 512 KB, 300 字节. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim(bytes / 1024 / 1024)} MB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}

// Rounded up: a size just over a limit never reads as the limit itself.
const trim = (value: number) => (Math.ceil(value * 10) / 10).toString();
