// A large build checks its forms in worker threads, which keep nothing: each form is checked again
// from its file when it is printed. Through the compiled build (as the CLI runs it, with its
// worker file) and a real Chromium: the same output as checking in one thread, and a file changed
// after it was checked is not published on the strength of the earlier check.
import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as BuildModule from '../src/builder/build.ts';
import type * as ConfigModule from '../src/config/load.ts';
import { copyForms, fileHashes, ROOT, runCli } from './helpers.ts';

const FORMS = [
  '2022/深圳市规划和自然资源数据管理中心/440300221111564300377',
  '2022/深圳市规划和自然资源数据管理中心/440300221111561000387',
  '2022/深圳市龙岗区大数据中心/440307220300242600000',
  '2020/深圳市规划和自然资源局/会议室软硬件运维',
];
const EPOCH = '1700000000';

let work: string;
let build: typeof BuildModule.build;
let resolveConfig: typeof ConfigModule.resolveConfig;
const source = (form: string) => path.join(work, 'content', `${form}.md`);
/** Every output file (but the manifest) and its SHA-256. */
const outputs = (dir: string) => fileHashes(path.join(work, dir));

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-build-threads-'));
  await copyForms(work, FORMS);
  // The compiled modules: the worker threads load lib/check/worker.js, as under the CLI.
  ({ build } = (await import(path.join(ROOT, 'lib', 'builder', 'build.js'))) as typeof BuildModule);
  ({ resolveConfig } = (await import(path.join(ROOT, 'lib', 'config', 'load.js'))) as typeof ConfigModule);
}, 60_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('a build that checks in worker threads', () => {
  it('writes the same files, byte for byte, as a build that checks in one thread', async () => {
    const single = await runCli(['build', '--out', 'single', '--no-cache'], work, { SOURCE_DATE_EPOCH: EPOCH });
    expect(single.code).toBe(0);
    const previous = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    const cwd = process.cwd();
    process.chdir(work); // the JSON names each form's source relative to the working directory
    try {
      const result = await build({
        contentDir: path.join(work, 'content'),
        outDir: path.join(work, 'threads'),
        config: resolveConfig(),
        checkThreadsFrom: 1,
      });
      expect(result.built).toHaveLength(FORMS.length);
    } finally {
      process.chdir(cwd);
      if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previous;
    }
    const [one, threads] = await Promise.all([outputs('single'), outputs('threads')]);
    expect(Object.keys(threads).length).toBeGreaterThan(FORMS.length * 4);
    expect(threads).toEqual(one);
  }, 120_000);

  it('does not publish a form whose file was changed to another 项目编码 after it was checked', async () => {
    const changed = source(FORMS[0]!);
    const original = await readFile(changed, 'utf8');
    let edited = false;
    try {
      const result = await build({
        contentDir: path.join(work, 'content'),
        outDir: path.join(work, 'changed'),
        config: resolveConfig(),
        checkThreadsFrom: 1,
        // Between the check and the printing (once every form is checked, before the build reads
        // each form again to plan it), the file gets another code.
        progress: (event) => {
          if (event.stage === '检查表单' && event.done === event.total && event.total > 0 && !edited) {
            edited = true;
            writeFileSync(changed, original.replace('440300221111564300377', '440300221111564300399'));
          }
        },
      });
      expect(edited).toBe(true);
      expect(result.failed).toEqual([changed]);
      expect(result.diagnostics.filter((d) => d.file === changed).map((d) => d.message)).toContainEqual(
        expect.stringContaining('源文件在检查之后被修改'),
      );
      expect(result.built).toHaveLength(FORMS.length - 1);
      expect(result.built.some((form) => form.outputBase.includes('4403002211115643003'))).toBe(false);
    } finally {
      await writeFile(changed, original);
    }
  }, 120_000);
});
