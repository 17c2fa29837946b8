// The page templates compiled to JavaScript ahead of time (lib/templates.json), so that a build
// does not parse and compile them at each start; render/render.ts takes them only for the same
// templates and the same Handlebars, and compiles them itself otherwise.
//   node scripts/precompile-templates.mjs      (run by `npm run compile`, after tsc)
import { writeFile } from 'node:fs/promises';
import { PRECOMPILED_FILE, precompileTemplates, readTemplates } from '../lib/render/render.js';

await writeFile(PRECOMPILED_FILE, `${JSON.stringify(precompileTemplates(await readTemplates()))}\n`);
