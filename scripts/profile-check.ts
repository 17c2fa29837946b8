// Where one form's milliseconds go in `jixiao check`: each phase of checking timed on its own, in
// this thread, over N generated forms (scripts/bench-forms.ts), after a warm-up pass. The parts of
// parsing are timed again on their own (the "of which" rows): they are inside "parse".
// Usage: npx tsx scripts/profile-check.ts [--forms N]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { finishChecks } from '../src/check/all-forms.ts';
import { identityPlaces, locateAmong, type CheckedForm } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import type { Diagnostic } from '../src/core/diagnostic.ts';
import { loadSourceSync } from '../src/parse/load.ts';
import { boundsProblem } from '../src/parse/bounds.ts';
import { readBody } from '../src/parse/body.ts';
import { parseSource, splitFrontMatter } from '../src/parse/source.ts';
import { readPlainFrontMatter } from '../src/parse/yaml-fast.ts';
import { findMistakes } from '../src/parse/yaml-mistakes.ts';
import { formatDiagnostics } from '../src/report/index.ts';
import { rules } from '../src/rules/index.ts';
import { knownKeys } from '../src/schema/keys.ts';
import { validateForm } from '../src/schema/validate.ts';
import { scoreForm } from '../src/score/form.ts';
import { machineLoad, writeForms } from './bench-forms.ts';

const { values } = parseArgs({ options: { forms: { type: 'string', default: '2000' } } });
const count = Number(values.forms);
const work = await mkdtemp(path.join(tmpdir(), 'jixiao-profile-check-'));
const { files } = await writeForms(path.join(work, 'content'), count);
const config = resolveConfig();
const keys = knownKeys(config.layouts);
const spent = new Map<string, number>();
const timed = <T>(phase: string, work: () => T): T => {
  const started = performance.now();
  const result = work();
  spent.set(phase, (spent.get(phase) ?? 0) + performance.now() - started);
  return result;
};

function checkAll(): CheckedForm[] {
  const checked: CheckedForm[] = [];
  for (const file of files) {
    const loaded = timed('read', () => loadSourceSync(file));
    if (!loaded.ok) throw new Error(`${file}: not readable`);
    const { text } = loaded.source;
    const front = splitFrontMatter(text);
    if (typeof front !== 'object') throw new Error(`${file}: no front matter`);
    timed('  of which: bounds scan', () => boundsProblem(text));
    timed('  of which: Markdown body', () => readBody(front.body, front.bodyLine - 1));
    timed('  of which: YAML mistakes scan', () => findMistakes(front.yaml, keys));
    timed('  of which: YAML (js-yaml events + places)', () => readPlainFrontMatter(front.yaml));
    const parsed = timed('parse', () => parseSource(loaded.source.file, text, { knownKeys: keys }));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.diagnostics[0]!.message}`);
    const validated = timed('validate (zod)', () => validateForm(loaded.source.file, parsed.source, config));
    if (!validated.ok) throw new Error(`${file}: ${validated.diagnostics[0]!.message}`);
    const scored = timed('score', () => scoreForm(validated.form, config));
    const diagnostics: Diagnostic[] = [];
    timed('rules of one form', () => {
      for (const rule of rules) {
        const setting = config.ruleSettings.get(rule.id);
        if (!setting || !('check' in rule)) continue;
        rule.check(scored, {
          report: (at, message, part) =>
            diagnostics.push({
              file,
              ...parsed.source.locate(at, part),
              severity: setting.severity,
              ruleId: rule.id,
              message,
            }),
          options: setting.options,
          file,
          raw: parsed.source.data,
        });
      }
    });
    const form: CheckedForm = { file, diagnostics, identity: scored.form, locate: parsed.source.locate };
    checked.push({ ...form, locate: locateAmong(identityPlaces(form)) });
  }
  timed('checks over all forms', () => finishChecks(checked, config));
  timed('report (json)', () =>
    formatDiagnostics(
      'json',
      checked.map((form) => form.file),
      checked.flatMap((form) => form.diagnostics),
      false,
    ),
  );
  return checked;
}

checkAll(); // warm-up: the code compiled, as in a worker after its first share
spent.clear();
checkAll();
const total = [...spent].filter(([phase]) => !phase.startsWith(' ')).reduce((sum, [, ms]) => sum + ms, 0);
console.log(`${count} forms, one thread, after a warm-up pass; ${await machineLoad()}`);
console.log('| phase | ms per form | share |');
console.log('|---|---:|---:|');
for (const [phase, ms] of spent)
  console.log(
    `| ${phase} | ${(ms / count).toFixed(3)} | ${phase.startsWith(' ') ? '' : `${((100 * ms) / total).toFixed(0)}%`} |`,
  );
console.log(`| total | ${(total / count).toFixed(3)} | 100% |`);
await rm(work, { recursive: true, force: true });
