// `jixiao build`: every form of a content folder through the whole pipeline into the output
// folder. A form with an error gets no output; the others are built; one browser prints them all.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { CompiledForm } from './compile.ts';
import type { SiteConfig } from './config.ts';
import { hasErrors, type Diagnostic } from './diagnostic.ts';
import { findSources } from './load.ts';
import { lintFiles } from './lint.ts';
import { startPrinter, type Printer } from './print/printer.ts';
import { writeAssets } from './publish/assets.ts';
import { formJson } from './publish/json.ts';
import { formOutputBase } from './publish/paths.ts';
import { temporaryName, writeAtomic } from './publish/write.ts';
import { createRenderer, type Renderer } from './render/render.ts';
import { formView } from './render/view.ts';
import type { ScoredForm } from './score/form.ts';

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  config: SiteConfig;
  /** Progress lines (the browser in use, timings). */
  log?: (line: string) => void;
}

export interface BuiltForm {
  file: string;
  /** Output paths without extension, relative to the output folder. */
  outputBase: string;
  总分: string;
}

export interface BuildResult {
  sources: number;
  built: BuiltForm[];
  /** Sources that produced no output. */
  failed: string[];
  diagnostics: Diagnostic[];
}

export class NoSourcesError extends Error {}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const { contentDir, outDir, config, log = () => {} } = options;
  const files = await findSources(contentDir);
  if (files.length === 0) throw new NoSourcesError(`${contentDir}: 没有找到表单源文件（*.md）`);

  const compiled = await lintFiles(files, config);
  checkOutputCollisions(compiled);

  const diagnostics = compiled.flatMap((form) => form.diagnostics);
  const ready = compiled.filter((form): form is CompiledForm & { scored: ScoredForm } => !!form.scored && !hasErrors(form.diagnostics));
  const failed = new Set(compiled.filter((form) => !ready.includes(form as never)).map((form) => form.file));
  const built: BuiltForm[] = [];
  if (ready.length > 0) {
    await writeAssets(outDir);
    const renderer = await createRenderer();
    const started = Date.now();
    const printer = await startPrinter({ executablePath: config.browser.executablePath, pages: config.browser.pages, timeoutSeconds: config.browser.timeoutSeconds });
    log(`browser: ${printer.candidate.source} (${printer.candidate.executablePath})`);
    try {
      await Promise.all(
        ready.map(async (form) => {
          try {
            built.push(await publishForm(form.scored, form.file, outDir, renderer, printer));
          } catch (error) {
            failed.add(form.file);
            diagnostics.push({ file: form.file, line: 1, column: 1, severity: 'error', ruleId: 'print', message: `生成 PDF 失败：${(error as Error).message.split('\n')[0]}` });
          }
        }),
      );
    } finally {
      await printer.close();
    }
    log(`printed ${built.length} PDF(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  built.sort((a, b) => a.outputBase.localeCompare(b.outputBase));
  return { sources: files.length, built, failed: [...failed].sort(), diagnostics };
}

/** Writes the PDF, then the HTML, then the JSON, each atomically. */
async function publishForm(scored: ScoredForm, file: string, outDir: string, renderer: Renderer, printer: Printer): Promise<BuiltForm> {
  const outputBase = formOutputBase(scored.form, file);
  const base = path.join(outDir, ...outputBase.split('/'));
  const assetsBase = `${path.relative(path.dirname(base), path.join(outDir, 'assets')).split(path.sep).join('/')}/`;
  const html = renderer.form(formView(scored, assetsBase));
  // The browser prints the page from beside its final place so that relative asset links resolve.
  const draft = `${temporaryName(`${base}.html`)}.html`;
  await writeAtomic(draft, html);
  try {
    const pdf = await printer.print(draft);
    await writeAtomic(`${base}.pdf`, pdf);
    await writeAtomic(`${base}.html`, html);
    await writeAtomic(`${base}.json`, `${JSON.stringify(formJson(scored, file), null, 2)}\n`);
  } finally {
    await rm(draft, { force: true });
  }
  return { file, outputBase, 总分: scored.总分.toString() };
}

/** Two sources that would write the same files: neither is published, both are told why. */
function checkOutputCollisions(compiled: CompiledForm[]): void {
  const byOutput = new Map<string, CompiledForm[]>();
  for (const form of compiled) {
    if (!form.scored) continue;
    const key = formOutputBase(form.scored.form, form.file);
    byOutput.set(key, [...(byOutput.get(key) ?? []), form]);
  }
  for (const [output, forms] of byOutput) {
    if (forms.length < 2) continue;
    for (const form of forms) {
      if (form.diagnostics.some((d) => d.ruleId === 'duplicate-code' && d.severity === 'error')) continue; // already told
      const others = forms.filter((other) => other !== form).map((other) => other.file).join('、');
      const place = form.locate?.(['项目编码'], 'value') ?? { line: 1, column: 1 };
      form.diagnostics.push({ file: form.file, ...place, severity: 'error', ruleId: 'duplicate-output', message: `与 ${others} 的输出文件相同（${output}）：同一年度、同一实施单位下项目编码重复` });
    }
  }
}
