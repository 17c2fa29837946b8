// A damaged manifest is reported and rebuilt, never a reason to fail.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST, readManifest, updateManifest } from '../src/publish/manifest.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-manifest-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const GOOD = '{\n  "2022/a/1.md": "2022/a/1"\n}\n';
const DAMAGED: Record<string, string> = {
  empty: '',
  truncated: GOOD.slice(0, 12),
  'not JSON': 'manifest',
  'an array': '["2022/a/1"]',
  'wrong values': '{ "2022/a/1.md": 3 }',
  'merge conflict': `<<<<<<< HEAD\n${GOOD}=======\n{ "2022/a/2.md": "2022/a/2" }\n>>>>>>> branch\n`,
  null: 'null',
};

describe('the build manifest', () => {
  it.each(Object.entries(DAMAGED))(
    '%s: a warning, an empty manifest, and the next write heals it',
    async (_name, text) => {
      const file = path.join(dir, MANIFEST);
      await writeFile(file, text);
      const logged: string[] = [];
      expect((await readManifest(file, (line) => logged.push(line))).size).toBe(0);
      expect(logged).toEqual([`警告：${file} 已损坏（不是 jixiao 写的清单），已忽略并重新生成`]);
      await updateManifest(dir, '/content', {
        built: [{ file: '/content/2022/a/1.md', outputBase: '2022/a/1' }],
        failed: [],
      });
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
        格式版本: 2,
        内容文件夹: path.relative(dir, '/content'),
        forms: { '2022/a/1.md': '2022/a/1' },
        failedSources: [],
        failedOutputs: [],
      });
      expect((await readManifest(file, () => {})).get('2022/a/1.md')).toBe('2022/a/1');
    },
  );

  it('lists what failed: sources and year-wide outputs', async () => {
    const file = path.join(dir, MANIFEST);
    await updateManifest(dir, '/content', {
      built: [{ file: '/content/2022/a/1.md', outputBase: '2022/a/1' }],
      failed: ['/content/2022/a/2.md'],
      failedOutputs: [{ path: '2022/book.pdf', reason: '超时' }],
    });
    const data = JSON.parse(await readFile(file, 'utf8'));
    expect(data.failedSources).toEqual(['2022/a/2.md']);
    expect(data.failedOutputs).toEqual([{ path: '2022/book.pdf', reason: '超时' }]);
  });

  it('keeps a failed form whose earlier files are still there (they could not be removed), and no other', async () => {
    const file = path.join(dir, MANIFEST);
    await updateManifest(dir, '/content', {
      built: [{ file: '/content/2022/a/1.md', outputBase: '2022/a/1' }],
      failed: ['/content/2022/a/2.md', '/content/2022/a/3.md'],
      kept: [{ file: '/content/2022/a/2.md', outputBase: '2022/a/2' }],
    });
    expect(JSON.parse(await readFile(file, 'utf8')).forms).toEqual({
      '2022/a/1.md': '2022/a/1',
      '2022/a/2.md': '2022/a/2',
    });
  });

  it('reads the version 1 manifest (source → output) of earlier builds', async () => {
    const file = path.join(dir, MANIFEST);
    await writeFile(file, GOOD);
    expect((await readManifest(file, () => {})).get('2022/a/1.md')).toBe('2022/a/1');
  });

  it('keys are data: a source called __proto__ is a key like any other', async () => {
    const file = path.join(dir, MANIFEST);
    await writeFile(file, '{ "__proto__": "x/y", "constructor": "z/w" }');
    const read = await readManifest(file, () => {});
    expect([...read]).toEqual([
      ['__proto__', 'x/y'],
      ['constructor', 'z/w'],
    ]);
  });
});
