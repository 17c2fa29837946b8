// The templates compiled ahead of time (lib/templates.json, by `npm run compile`) render every page
// exactly as the templates compiled at the start of a build, and are taken only for the very texts
// they were compiled from.
import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { precompiledFor, precompileTemplates, readTemplates, rendererOf } from '../src/render/render.ts';
import { siteView } from '../src/render/site-view.ts';
import { formView } from '../src/render/view.ts';

describe('templates compiled ahead of time', () => {
  it('render every form of content/, the index and the footers byte for byte as compiled at start', async () => {
    const texts = await readTemplates();
    const compiled = rendererOf(texts);
    const precompiled = rendererOf(texts, precompileTemplates(texts));
    expect(precompiled.digest).toBe(compiled.digest);
    const config = resolveConfig();
    const files = (await fg('content/**/*.md')).sort();
    expect(files.length).toBeGreaterThan(30);
    const forms = files.map((file) => ({
      file,
      scored: checkSource(file, readFileSync(file, 'utf8'), config).scored!,
    }));
    for (const { scored } of forms) {
      // A form on one page, and broken into pages after its first indicator rows.
      for (const pageStarts of [[], [3, 9]]) {
        const view = formView(scored, '../../assets/', pageStarts);
        expect(precompiled.form(view)).toBe(compiled.form(view));
      }
    }
    const site = siteView(
      'Title <&>',
      forms.map(({ file, scored }) => ({ file, scored, outputBase: file.replace(/\.md$/, ''), pages: 2 })),
      [{ path: '2022/汇编.pdf', label: '汇编 <1>' }],
      ['summary.csv'],
    );
    expect(precompiled.site(site)).toBe(compiled.site(site));
    const footers = { assetsBase: '../', pages: [1, 2, 3], before: 4, total: 9 };
    expect(precompiled.footers(footers)).toBe(compiled.footers(footers));
    // Strict as when compiled at start: a field the view lacks fails, it does not print empty.
    expect(() => precompiled.footers({} as never)).toThrow();
  });

  it('are taken only when compiled from the same texts by the same Handlebars', async () => {
    const texts = await readTemplates();
    const made = precompileTemplates(texts);
    expect(precompiledFor(texts, made)).toBe(made);
    expect(precompiledFor({ ...texts, digest: 'other' }, made)).toBeUndefined();
    expect(precompiledFor(texts, { ...made, handlebars: '0.0.1' })).toBeUndefined();
    expect(precompiledFor(texts, undefined)).toBeUndefined();
    expect(precompiledFor(texts, 'not an object')).toBeUndefined();
  });
});
