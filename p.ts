import { startPrinter } from '/work/main/src/print/printer.ts';
import { writeFileSync } from 'node:fs';
const p = await startPrinter({ pages: 1, timeoutSeconds: 30 });
for (const f of process.argv.slice(2)) { writeFileSync(f.replace(/\.html$/, '.pdf'), await p.print(f)); }
await p.close();
