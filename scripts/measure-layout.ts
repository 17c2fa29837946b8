// Column-width report: for every form page of a built output folder, how many lines the text cells
// of the indicator table take, and which figures broke or overflowed. Usage:
//   npx tsx scripts/measure-layout.ts [dist] [--save cells.json] [--compare cells.json]
// --compare reports, for the target and actual cells that took 4 or more lines in the saved run,
// how many lines they take now.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fg from 'fast-glob';
import { launchBrowser } from '../src/print/browser.ts';
import { MEASURE_CELLS, PRINT_VIEWPORT, type LayoutMeasurement } from '../src/print/measure.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dist = path.resolve(
  args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--')) ?? 'dist',
);
const files = (await fg('*/*/*.html', { cwd: dist })).sort();
const { browser } = await launchBrowser();
const page = await browser.newPage();
await page.emulateMediaType('print');
await page.setViewport(PRINT_VIEWPORT);
const all: LayoutMeasurement[] = [];
for (const file of files) {
  await page.goto(pathToFileURL(path.join(dist, file)).href, { waitUntil: 'load' });
  await page.evaluate('document.fonts.ready');
  all.push((await page.evaluate(MEASURE_CELLS)) as LayoutMeasurement);
}
await browser.close();

const cells = all.flatMap((m) => m.cells);
const byColumn = new Map<string, number[]>();
for (const cell of cells) byColumn.set(cell.column, [...(byColumn.get(cell.column) ?? []), cell.lines]);
console.log(`${files.length} forms`);
console.log('column | cells | lines | cells of 3+ lines | lines of those | most lines');
for (const [column, lines] of byColumn) {
  const long = lines.filter((n) => n >= 3);
  console.log(
    `${column} | ${lines.length} | ${lines.reduce((a, b) => a + b, 0)} | ${long.length} | ${long.reduce((a, b) => a + b, 0)} | ${Math.max(...lines)}`,
  );
}
const broken = all.flatMap((m) => m.brokenFigures);
const numbers = all.flatMap((m) => m.brokenNumbers);
console.log(
  `numbers broken inside text cells: ${numbers.length}${numbers.length ? ` (${numbers.slice(0, 8).join(', ')})` : ''}`,
);
console.log(
  `figures broken or overflowing: ${broken.length}${
    broken.length
      ? ` (${broken
          .slice(0, 8)
          .map((b) => b.text)
          .join(', ')})`
      : ''
  }`,
);

const save = option('--save');
if (save) writeFileSync(save, JSON.stringify(cells));
const compare = option('--compare');
if (compare) {
  const before: typeof cells = JSON.parse(readFileSync(compare, 'utf8'));
  const key = (cell: (typeof cells)[number]) => `${cell.column}\u0000${cell.text}`;
  const now = new Map(cells.map((cell) => [key(cell), cell.lines]));
  const long = before.filter(
    (cell) => (cell.column === '年度指标值' || cell.column === '实际完成值') && cell.lines >= 4,
  );
  const linesBefore = long.reduce((sum, cell) => sum + cell.lines, 0);
  const linesNow = long.reduce((sum, cell) => sum + (now.get(key(cell)) ?? 0), 0);
  const worst = Math.max(...long.map((cell) => (now.get(key(cell)) ?? 0) / cell.lines));
  console.log(
    `long targets and actuals (4+ lines before): ${long.length} cells, ${linesBefore} → ${linesNow} lines (${((linesNow / linesBefore) * 100).toFixed(0)}%), worst cell at ${(worst * 100).toFixed(0)}% of its lines`,
  );
}
