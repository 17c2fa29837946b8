// `jixiao init`: a unit's forms repository that works at once, and never overwrites by surprise.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../src/config.ts';
import { COMMENT_MARKER } from '../src/diff/format/markdown.ts';
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

  describe('the workflow it writes', () => {
    type Step = { run?: string; uses?: string; with?: Record<string, string> };
    type Job = { if?: string; needs?: string; permissions?: Record<string, string>; steps: Step[] };
    let workflow: { on: Record<string, { branches?: string[] } | null>; permissions: Record<string, string>; jobs: Record<string, Job> };
    beforeAll(async () => {
      workflow = parseYaml(await readFile(path.join(dir, '福田区-forms', '.github/workflows/jixiao.yml'), 'utf8'));
    });

    it('runs on pull requests and on pushes to the default branch', () => {
      expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
      expect(workflow.on.push?.branches).toContain('main');
      const pullRequestJobs = Object.entries(workflow.jobs).filter(([, job]) => job.if?.includes("github.event_name == 'pull_request'")).map(([name]) => name);
      expect(pullRequestJobs.sort()).toEqual(['comment', 'review']);
    });

    it('reads only, except the one job that writes the comment (and runs no code of the pull request) and the Pages deployment', () => {
      expect(workflow.permissions).toEqual({ contents: 'read' });
      const granted = Object.fromEntries(Object.entries(workflow.jobs).flatMap(([name, job]) => (job.permissions ? [[name, job.permissions]] : [])));
      expect(granted).toEqual({ comment: { 'pull-requests': 'write' }, pages: { pages: 'write', 'id-token': 'write' } });
      expect(workflow.jobs.comment!.steps.every((step) => step.run === undefined)).toBe(true);
      expect(workflow.jobs.comment!.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    });

    it('posts the diff as one comment, found again by the marker jixiao diff writes, and updated', () => {
      const script = workflow.jobs.comment!.steps.find((step) => step.uses?.startsWith('actions/github-script@'))!.with!.script!;
      expect(script).toContain(`'${COMMENT_MARKER}'`);
      expect(script).toContain('updateComment');
      const uploaded = workflow.jobs.review!.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!.with!;
      expect(uploaded.path!.split('\n').filter(Boolean).sort()).toEqual(['dist/', 'jixiao-diff.md', 'jixiao-pages/']);
      expect(workflow.jobs.comment!.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))!.with!.name).toBe(uploaded.name);
    });

    it('runs only commands and options that jixiao has', async () => {
      const commands = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run?.startsWith('npx jixiao ') ? [step.run] : [])));
      expect(commands).toEqual(['npx jixiao check --format github', 'npx jixiao diff --format markdown --pages jixiao-pages > jixiao-diff.md', 'npx jixiao build', 'npx jixiao build']);
      for (const command of commands) {
        // The words before any redirection, given to the CLI with --help: an unknown option or a
        // missing value fails (exit 2) before the help is printed.
        const words = command.split(' >')[0]!.split(' ').slice(2);
        expect((await inProcess([...words, '--help'])).code, command).toBe(0);
      }
    });
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
