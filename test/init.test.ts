// `jixiao init`: a unit's forms repository that works at once, and never overwrites by surprise.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../src/config.ts';
import { lintFiles, resolveSources } from '../src/lint.ts';
import { inProcess } from './in-process.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-init-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));


const FILES = ['.github/workflows/jixiao.yml', '.gitignore', '.vscode/extensions.json', '.vscode/settings.json', 'README.md', 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md', 'jixiao.config.yaml', 'package.json'];

describe('jixiao init', () => {
  it('writes every file of a working repository and says what to do next', async () => {
    const repo = path.join(dir, '福田区-forms');
    const run = await inProcess(['init', repo]);
    expect(run.code).toBe(0);
    for (const file of FILES) expect(existsSync(path.join(repo, file)), file).toBe(true);
    expect(run.out).toContain('npm install');
    const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('forms');
    expect(pkg.scripts).toEqual({ build: 'jixiao build', check: 'jixiao check', dev: 'jixiao dev' });
    expect(pkg.devDependencies.jixiao).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(await readFile(path.join(repo, '.gitignore'), 'utf8')).toBe('dist/\nnode_modules/\n');
    expect(JSON.parse(await readFile(path.join(repo, '.vscode/settings.json'), 'utf8'))['yaml.schemas']).toEqual({ './node_modules/jixiao/schema/form.schema.json': 'content/**/*.md' });
  });

  it('its configuration loads, and its example form checks without a problem', async () => {
    const repo = path.join(dir, '福田区-forms');
    const config = await loadConfig(path.join(repo, 'jixiao.config.yaml'));
    expect(config.ruleSettings.get('explanation-missing')?.severity).toBe('warning');
    const forms = await lintFiles(await resolveSources([path.join(repo, 'content')]), config);
    expect(forms).toHaveLength(1);
    expect(forms[0]!.diagnostics).toEqual([]);
    expect(forms[0]!.scored?.总分.toString()).toBe('99.2');
  });

  it('the workflow checks pull requests and builds pushes with commands jixiao has, reading only', async () => {
    const workflow = parseYaml(await readFile(path.join(dir, '福田区-forms', '.github/workflows/jixiao.yml'), 'utf8'));
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const commands = Object.values(workflow.jobs as Record<string, { steps: Array<{ run?: string }> }>).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : [])));
    expect(commands).toContain('npx jixiao check --format github');
    for (const command of commands.filter((line) => line.startsWith('npx jixiao '))) {
      const [, , name, ...args] = command.split(' ');
      expect((await inProcess([name!, '--help'])).code, command).toBe(0);
      expect(args.every((arg) => !arg.startsWith('--') || ['--format'].includes(arg))).toBe(true);
    }
  });

  it('refuses to overwrite, naming the files and writing nothing; --force overwrites', async () => {
    const repo = path.join(dir, 'existing');
    await inProcess(['init', repo]);
    await writeFile(path.join(repo, 'README.md'), '我们自己的说明\n');
    const again = await inProcess(['init', repo]);
    expect(again.code).toBe(2);
    expect(again.out).toContain('jixiao init: 这些文件已经存在：');
    expect(again.out).toContain('README.md');
    expect(again.out).toContain('没有写出任何文件；要覆盖，请加 --force');
    expect(await readFile(path.join(repo, 'README.md'), 'utf8')).toBe('我们自己的说明\n');
    expect((await inProcess(['init', repo, '--force'])).code).toBe(0);
    expect(await readFile(path.join(repo, 'README.md'), 'utf8')).toContain('# 项目支出绩效自评表');
  });
});
