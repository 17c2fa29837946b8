// The dev server's "print this form" gives the build's PDF: the same printing, footers and
// finishing (publish/form.ts formPdf), the same browser, the same date. Built with the real CLI,
// fetched from a real dev server, compared page by page and byte for byte.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../src/dev/server.ts';
import { copyForms, readPdf, runCli } from './helpers.ts';

/** A form of two pages (its indicator table runs on), and one of one. */
const FORMS = [
  '2022/深圳市规划和自然资源数据管理中心/440300221111561000387',
  '2022/深圳市福田区政务服务中心/440304221061500400021',
];
let work: string;
let server: DevServer;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-dev-pdf-'));
  await copyForms(work, FORMS);
  const built = await runCli(['build', '--content', 'content', '--out', 'dist', '--no-cache', '--quiet'], work);
  expect(built.code, built.stderr).toBe(0);
  server = await startDevServer({ contentDir: path.join(work, 'content'), port: 0 });
}, 240_000);

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('the dev server’s PDF of a form', () => {
  it.each(FORMS)(
    'is the PDF jixiao build wrote: the same pages, text, metadata and bytes (%s)',
    async (form) => {
      const response = await fetch(`${server.url}pdf/${encodeURI(`${form}.md`)}`);
      expect(response.status).toBe(200);
      const previewed = Buffer.from(await response.arrayBuffer());
      const previewFile = path.join(work, 'preview.pdf');
      await writeFile(previewFile, previewed);
      const builtFile = path.join(work, 'dist', `${form}.pdf`);
      const [preview, build] = await Promise.all([readPdf(previewFile), readPdf(builtFile)]);
      expect(preview.pages).toBe(build.pages);
      expect(preview.pageTexts).toEqual(build.pageTexts);
      expect(preview.pageTexts.at(-1)).toContain(`第 ${build.pages} 页 共 ${build.pages} 页`);
      expect(preview.info).toEqual(build.info);
      // Reproducible: the same content, date (no git here: the fixed one) and browser give the same bytes.
      expect(previewed.equals(await readFile(builtFile))).toBe(true);
    },
    120_000,
  );
});
