// `jixiao init`: a unit's forms repository that works at once, new or already there, whose CI
// (GitHub or GitLab) runs only what jixiao has; never overwrites the unit's own files.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { TOKEN_VARIABLE } from '../src/ci/gitlab-note.ts';
import { loadConfig } from '../src/config/load.ts';
import { COMMENT_MARKER } from '../src/diff/format/markdown.ts';
import { checkFilesInThread, resolveSources } from '../src/check/files.ts';
import { initRepository, type InitOptions } from '../src/scaffold/init.ts';
import { installedFromRegistry } from '../src/scaffold/jixiao-source.ts';
import { inProcess } from './in-process.ts';
import { ROOT } from './helpers.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-init-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const EXAMPLE = 'examples/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
/** Without npm: a stand-in package file, and no lock (the end-to-end tests run npm for real). */
const offline = (options: Partial<InitOptions> = {}): InitOptions => ({
  version: '0.1.0',
  lock: false,
  pack: async (folder) => {
    await writeFile(path.join(folder, 'jixiao-0.1.0.tgz'), 'package');
    return 'jixiao-0.1.0.tgz';
  },
  ...options,
});

describe('jixiao init in a new folder', () => {
  let repo: string;
  beforeAll(async () => {
    repo = path.join(dir, '福田区-forms');
    await initRepository(repo, offline());
  });

  it('writes every file of a working repository, jixiao itself in vendor/, the example out of content/', async () => {
    for (const file of [
      '.github/workflows/jixiao.yml',
      '.gitignore',
      '.vscode/extensions.json',
      '.vscode/settings.json',
      'README.md',
      EXAMPLE,
      'form.schema.json',
      'jixiao.config.yaml',
      'package.json',
      'vendor/jixiao-0.1.0.tgz',
    ]) {
      expect(existsSync(path.join(repo, file)), file).toBe(true);
    }
    expect(existsSync(path.join(repo, 'content'))).toBe(false);
    expect(existsSync(path.join(repo, '.gitlab-ci.yml'))).toBe(false);
    const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8'));
    expect(pkg).toEqual({
      name: 'forms',
      private: true,
      description: '项目支出绩效自评表（用 jixiao 生成）',
      scripts: { check: 'jixiao check', build: 'jixiao build', dev: 'jixiao dev' },
      devDependencies: { jixiao: 'file:vendor/jixiao-0.1.0.tgz' },
    });
    expect(await readFile(path.join(repo, '.gitignore'), 'utf8')).toBe('dist/\nnode_modules/\n');
    expect(JSON.parse(await readFile(path.join(repo, '.vscode/settings.json'), 'utf8'))['yaml.schemas']).toEqual({
      './form.schema.json': 'content/**/*.md',
    });
    // The configuration it writes has the built-in layouts only: the schema is the one jixiao ships.
    expect(await readFile(path.join(repo, 'form.schema.json'), 'utf8')).toBe(
      await readFile(path.join(ROOT, 'schema', 'form.schema.json'), 'utf8'),
    );
  });

  it("its README's picture of the editor is a file of the repository, a PNG", async () => {
    const readme = await readFile(path.join(repo, 'README.md'), 'utf8');
    const picture = /!\[[^\]]*\]\(([^)]+\.png)\)/.exec(readme)?.[1];
    expect(picture).toBe('docs/jixiao-editor.png');
    const bytes = await readFile(path.join(repo, picture!));
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes).toEqual(await readFile(path.join(ROOT, 'docs', 'images', 'editor.png')));
  });

  it('its configuration loads, and the example checks without a problem where it is', async () => {
    const config = await loadConfig(path.join(repo, 'jixiao.config.yaml'));
    expect(config.ruleSettings.get('explanation-missing')?.severity).toBe('warning');
    const forms = await checkFilesInThread(await resolveSources([path.join(repo, 'examples')]), config);
    expect(forms).toHaveLength(1);
    expect(forms[0]!.diagnostics).toEqual([]);
    expect(forms[0]!.scored?.总分.toString()).toBe('99.2');
  });

  it('its README tells how to start the first form, where the example is, and how to take a new version; GitHub only', async () => {
    const readme = await readFile(path.join(repo, 'README.md'), 'utf8');
    expect(readme).toContain('npx jixiao new');
    expect(readme).toContain('`examples/` 中有一份别的单位公开过的真实自评表');
    expect(readme).toContain('vendor/jixiao-<版本>.tgz');
    expect(readme).toContain('npm exec --yes --package=../jixiao-0.2.0.tgz -- jixiao init --force');
    expect(readme).toContain('## 修改与审核（GitHub）');
    expect(readme).not.toContain('GitLab');
    expect(readme).not.toContain('<!--  ');
    expect(readme).not.toMatch(/<!-- \/?(github|gitlab) -->/);
  });
});

describe('the GitHub workflow', () => {
  type Step = {
    id?: string;
    if?: string;
    run?: string;
    uses?: string;
    with?: Record<string, string>;
    env?: Record<string, string>;
  };
  type Job = {
    if?: string;
    needs?: string;
    outputs?: Record<string, string>;
    permissions?: Record<string, string>;
    steps: Step[];
  };
  let workflow: {
    on: Record<string, { branches?: string[] } | null>;
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  beforeAll(async () => {
    workflow = parseYaml(await readFile(path.join(dir, '福田区-forms', '.github/workflows/jixiao.yml'), 'utf8'));
  });

  it('runs on pull requests and on pushes to the default branch', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(workflow.on.push?.branches).toContain('main');
    const pullRequestJobs = Object.entries(workflow.jobs)
      .filter(([, job]) => job.if?.includes("github.event_name == 'pull_request'"))
      .map(([name]) => name);
    expect(pullRequestJobs.sort()).toEqual(['comment', 'review']);
  });

  it('reads only, except the one job that writes the comment (and runs no code of the pull request) and the Pages deployment', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const granted = Object.fromEntries(
      Object.entries(workflow.jobs).flatMap(([name, job]) => (job.permissions ? [[name, job.permissions]] : [])),
    );
    expect(granted).toEqual({ comment: { 'pull-requests': 'write' }, pages: { pages: 'write', 'id-token': 'write' } });
    expect(workflow.jobs.comment!.steps.every((step) => step.run === undefined)).toBe(true);
    expect(workflow.jobs.comment!.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  });

  it('installs with npm ci, and checks, diffs and builds only once content/ has forms', () => {
    for (const job of [workflow.jobs.review!, workflow.jobs.build!]) {
      expect(job.steps.filter((step) => step.run?.startsWith('npm ')).map((step) => step.run!.split(' #')[0])).toEqual([
        'npm ci --no-audit --no-fund',
      ]);
      for (const step of job.steps.filter((step) => step.run?.startsWith('npx jixiao ')))
        expect(step.if).toContain("hashFiles('content/**/*.md') != ''");
    }
  });

  it('posts the diff as one comment, found again by the marker jixiao diff writes and updated, with links to the artifacts by their URLs', () => {
    const script = workflow.jobs.comment!.steps.find((step) => step.uses?.startsWith('actions/github-script@'))!;
    expect(script.with!.script).toContain(`'${COMMENT_MARKER}'`);
    expect(script.with!.script).toContain('updateComment');
    expect(script.with!.script).toContain('process.env.PAGES_URL');
    const uploads = Object.fromEntries(
      workflow.jobs
        .review!.steps.filter((step) => step.uses?.startsWith('actions/upload-artifact@v4'))
        .map((step) => [step.id!, step.with!]),
    );
    expect(uploads.pages!.path).toBe('jixiao-pages/');
    expect(uploads.forms!.path!.split('\n').filter(Boolean).sort()).toEqual(['dist/', 'jixiao-diff.md']);
    expect(workflow.jobs.review!.outputs).toEqual({
      'pages-url': '${{ steps.pages.outputs.artifact-url }}',
      'forms-url': '${{ steps.forms.outputs.artifact-url }}',
    });
    expect(script.env).toEqual({
      PAGES_URL: '${{ needs.review.outputs.pages-url }}',
      FORMS_URL: '${{ needs.review.outputs.forms-url }}',
    });
    expect(
      workflow.jobs.comment!.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))!.with!.name,
    ).toBe(uploads.forms!.name);
  });

  it('runs only commands and options that jixiao has', async () => {
    const commands = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.flatMap((step) => (step.run?.startsWith('npx jixiao ') ? [step.run] : [])),
    );
    expect(commands).toEqual([
      'npx jixiao check --format github',
      'npx jixiao diff --format markdown --pages jixiao-pages > jixiao-diff.md',
      'npx jixiao build',
      'npx jixiao build',
    ]);
    for (const command of commands) await expectKnownOptions(command);
  });
});

/** The words of a command line before any redirection, given to the CLI with --help: an unknown
 *  option or a missing value fails (exit 2) before the help is printed. */
async function expectKnownOptions(command: string): Promise<void> {
  const words = command
    .split(' >')[0]!
    .split(' ')
    .slice(2)
    .map((word) => word.replace(/^"|"$/g, ''));
  expect((await inProcess([...words, '--help'])).code, command).toBe(0);
}

describe('jixiao init --ci gitlab', () => {
  type GitlabJob = {
    extends?: string;
    stage?: string;
    rules?: Array<Record<string, unknown>>;
    variables?: Record<string, unknown>;
    script: string[];
    artifacts?: { when?: string; paths?: string[]; reports?: Record<string, string>; expire_in?: string };
  };
  let repo: string;
  let pipeline: Record<string, GitlabJob> & { '.jixiao': { image: string; before_script: string[] } };
  beforeAll(async () => {
    repo = path.join(dir, 'gitlab');
    await initRepository(repo, offline({ ci: 'gitlab' }));
    pipeline = parseYaml(await readFile(path.join(repo, '.gitlab/jixiao.yml'), 'utf8'));
  });

  it('writes .gitlab-ci.yml including jixiao’s jobs, and no GitHub workflow; the README speaks of GitLab and the token', async () => {
    expect(existsSync(path.join(repo, '.github'))).toBe(false);
    expect(parseYaml(await readFile(path.join(repo, '.gitlab-ci.yml'), 'utf8'))).toEqual({
      include: [{ local: '.gitlab/jixiao.yml' }],
    });
    const readme = await readFile(path.join(repo, 'README.md'), 'utf8');
    expect(readme).toContain('## 修改与审核（GitLab）');
    expect(readme).toContain(`变量 \`${TOKEN_VARIABLE}\``);
    expect(readme).not.toContain('GitHub');
  });

  it('both files are valid against GitLab’s own CI schema', async () => {
    const schema = JSON.parse(await readFile(path.join(ROOT, 'test', 'fixtures', 'gitlab-ci.schema.json'), 'utf8'));
    // Formats (uri) are not what is checked here: the structure and the keywords are.
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    for (const file of ['.gitlab-ci.yml', '.gitlab/jixiao.yml']) {
      const config = parseYaml(await readFile(path.join(repo, file), 'utf8'));
      expect(validate(config), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // And the schema is not one that takes anything: a misspelt keyword is refused.
    expect(validate({ ...pipeline, 'jixiao-check': { ...pipeline['jixiao-check']!, artifact: {} } })).toBe(false);
  });

  it('in merge requests: check as a Code Quality report, the diff as a note with its page images, the build as artifacts; Pages on the default branch', () => {
    const onMergeRequests = (job: GitlabJob) =>
      job.rules?.some((rule) => rule.if === '$CI_PIPELINE_SOURCE == "merge_request_event"');
    expect(
      Object.keys(pipeline)
        .filter((name) => onMergeRequests(pipeline[name]!))
        .sort(),
    ).toEqual(['jixiao-build', 'jixiao-check', 'jixiao-diff']);
    const check = pipeline['jixiao-check']!;
    expect(check.script[0]).toBe('npx jixiao check --format gitlab > gl-code-quality-report.json || true');
    expect(check.artifacts).toEqual({ when: 'always', reports: { codequality: 'gl-code-quality-report.json' } });
    const diff = pipeline['jixiao-diff']!;
    expect(diff.script[0]).toContain('--pages jixiao-pages --pages-url "$CI_JOB_URL/artifacts/raw/jixiao-pages"');
    expect(diff.script[0]).toContain('"$CI_MERGE_REQUEST_DIFF_BASE_SHA"');
    expect(diff.script[1]).toBe('node node_modules/jixiao/bin/gitlab-note.js jixiao-diff.md');
    expect(diff.artifacts!.paths).toEqual(['jixiao-diff.md', 'jixiao-pages/']);
    expect(diff.variables).toEqual({ GIT_DEPTH: 0 });
    expect(pipeline['jixiao-build']!.artifacts!.paths).toEqual(['dist/']);
    const pages = pipeline.pages!;
    expect(pages.rules).toEqual([
      { if: '$JIXIAO_PAGES == "false"', when: 'never' },
      { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', exists: ['content/**/*.md'] },
    ]);
    expect(pages.script).toEqual(['npx jixiao build --out public']);
    expect(pages.artifacts!.paths).toEqual(['public/']);
    for (const name of ['jixiao-check', 'jixiao-diff', 'jixiao-build', 'pages'])
      expect(pipeline[name]!.extends).toBe('.jixiao');
    expect(pipeline['.jixiao'].before_script).toEqual(['npm ci --no-audit --no-fund']);
    expect(pipeline['.jixiao'].image).toBe('node:20');
  });

  it('runs only commands and options that jixiao has', async () => {
    const commands = Object.values(pipeline).flatMap((job) =>
      ((job as GitlabJob).script ?? []).filter((line) => line.startsWith('npx jixiao ')),
    );
    expect(commands).toHaveLength(5);
    const diffHasPagesUrl = (await inProcess(['diff', '--help'])).stdout.includes('--pages-url');
    for (const command of commands) {
      // --pages-url comes with the change to jixiao diff that makes image links absolute: until
      // then, the diff line is checked without it.
      await expectKnownOptions(diffHasPagesUrl ? command : command.replace(/ --pages-url "[^"]*"/, ''));
    }
    expect(existsSync(path.join(ROOT, 'bin', 'gitlab-note.js'))).toBe(true);
  });
});

describe('jixiao init in a repository that already has files', () => {
  let repo: string;
  const THEIRS = {
    readme: '# 我们单位\n',
    config: 'extends: strict\n',
    ci: 'stages: [lint]\nlint:\n  stage: lint\n  script: [make lint]\n',
  };
  beforeAll(async () => {
    repo = path.join(dir, 'existing');
    await mkdir(path.join(repo, 'vendor'), { recursive: true });
    await writeFile(path.join(repo, 'README.md'), THEIRS.readme);
    await writeFile(path.join(repo, 'jixiao.config.yaml'), THEIRS.config);
    await writeFile(path.join(repo, '.gitlab-ci.yml'), THEIRS.ci);
    await writeFile(path.join(repo, '.gitignore'), '/node_modules\n.env');
    await writeFile(path.join(repo, 'vendor', 'jixiao-0.0.9.tgz'), 'old');
    await writeFile(
      path.join(repo, 'package.json'),
      `${JSON.stringify({ name: 'ours', version: '2.0.0', scripts: { build: 'make site', dev: 'jixiao dev', test: 'make test' }, dependencies: { jixiao: 'file:vendor/jixiao-0.0.9.tgz', lodash: '4.17.21' } }, null, 4)}\n`,
    );
  });

  it('merges: jixiao where it was and the scripts it lacks; theirs kept; their README, config and pipeline untouched; the old tarball removed', async () => {
    const result = await initRepository(repo, offline({ ci: 'gitlab' }));
    const pkgText = await readFile(path.join(repo, 'package.json'), 'utf8');
    expect(pkgText).toContain('\n    "name": "ours"');
    expect(JSON.parse(pkgText)).toEqual({
      name: 'ours',
      version: '2.0.0',
      scripts: {
        build: 'make site',
        dev: 'jixiao dev',
        test: 'make test',
        check: 'jixiao check',
        'jixiao:build': 'jixiao build',
      },
      dependencies: { jixiao: 'file:vendor/jixiao-0.1.0.tgz', lodash: '4.17.21' },
    });
    expect(await readFile(path.join(repo, 'README.md'), 'utf8')).toBe(THEIRS.readme);
    expect(await readFile(path.join(repo, 'jixiao.config.yaml'), 'utf8')).toBe(THEIRS.config);
    expect(await readFile(path.join(repo, '.gitlab-ci.yml'), 'utf8')).toBe(THEIRS.ci);
    expect(await readFile(path.join(repo, 'JIXIAO.md'), 'utf8')).toContain('## 第一份表单');
    expect(await readFile(path.join(repo, '.gitignore'), 'utf8')).toBe('/node_modules\n.env\ndist/\n');
    expect(existsSync(path.join(repo, 'vendor', 'jixiao-0.0.9.tgz'))).toBe(false);
    expect(result.removed).toEqual(['vendor/jixiao-0.0.9.tgz']);
    expect(result.merged).toEqual([
      {
        file: 'package.json',
        added: ['jixiao file:vendor/jixiao-0.1.0.tgz（0.1.0）', '脚本 check', '脚本 jixiao:build'],
      },
      { file: '.gitignore', added: ['dist/'] },
    ]);
    expect(result.written).toContain('.gitlab/jixiao.yml');
    expect(result.written).not.toContain('.gitlab-ci.yml');
    expect(result.notes).toEqual([
      '.gitlab-ci.yml 已存在，没有改动：请在其中加上 include: [{ local: .gitlab/jixiao.yml }]，绩效自评表的作业才会运行',
      'package.json 已有脚本 build（"make site"），保留；jixiao 的写作 jixiao:build：npm run jixiao:build',
    ]);
  });

  it('run again, keeps jixiao’s own files that are there; --force overwrites them, and never the unit’s', async () => {
    const pipelineFile = path.join(repo, '.gitlab/jixiao.yml');
    await writeFile(pipelineFile, '# 我们改过的\n');
    await writeFile(path.join(repo, 'JIXIAO.md'), '改过的说明\n');
    const again = await initRepository(repo, offline({ ci: 'gitlab' }));
    expect(again.kept.sort()).toEqual(['.gitlab/jixiao.yml', 'JIXIAO.md', EXAMPLE, 'docs/jixiao-editor.png'].sort());
    expect(again.merged).toEqual([]);
    expect(await readFile(pipelineFile, 'utf8')).toBe('# 我们改过的\n');
    const forced = await initRepository(repo, offline({ ci: 'gitlab', force: true }));
    expect(forced.kept).toEqual([]);
    expect(await readFile(pipelineFile, 'utf8')).toContain('jixiao-check:');
    expect(await readFile(path.join(repo, 'JIXIAO.md'), 'utf8')).toContain('## 第一份表单');
    expect(await readFile(path.join(repo, 'README.md'), 'utf8')).toBe(THEIRS.readme);
    expect(await readFile(path.join(repo, 'jixiao.config.yaml'), 'utf8')).toBe(THEIRS.config);
    expect(await readFile(path.join(repo, '.gitlab-ci.yml'), 'utf8')).toBe(THEIRS.ci);
  });

  it('a README that init wrote stays as it is, with no JIXIAO.md beside it', async () => {
    const fresh = path.join(dir, 'twice');
    await initRepository(fresh, offline());
    await writeFile(
      path.join(fresh, 'README.md'),
      `${await readFile(path.join(fresh, 'README.md'), 'utf8')}\n本单位的补充。\n`,
    );
    const again = await initRepository(fresh, offline({ force: true }));
    expect(existsSync(path.join(fresh, 'JIXIAO.md'))).toBe(false);
    expect(again.written).not.toContain('README.md');
    expect(await readFile(path.join(fresh, 'README.md'), 'utf8')).toContain('本单位的补充。');
  });
});

describe('where jixiao comes from', () => {
  it('from a registry: the exact version, nothing vendored', async () => {
    const repo = path.join(dir, 'registry');
    const result = await initRepository(repo, offline({ fromRegistry: true, version: '1.2.3' }));
    expect(JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')).devDependencies).toEqual({
      jixiao: '1.2.3',
    });
    expect(existsSync(path.join(repo, 'vendor'))).toBe(false);
    expect(result.dependency).toBe('1.2.3');
  });

  it('is read from the lock npm wrote where it installed the package: registry only with a URL and integrity', async () => {
    const prefix = path.join(dir, 'installed');
    const root = path.join(prefix, 'node_modules', 'jixiao');
    await mkdir(root, { recursive: true });
    const lock = (entry: object) =>
      writeFile(
        path.join(prefix, 'node_modules', '.package-lock.json'),
        JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/jixiao': entry } }),
      );
    await lock({
      version: '1.2.3',
      resolved: 'https://registry.npmjs.org/jixiao/-/jixiao-1.2.3.tgz',
      integrity: 'sha512-x',
    });
    expect(await installedFromRegistry(root)).toBe(true);
    await lock({ version: '0.1.0', resolved: 'file:../jixiao-0.1.0.tgz', integrity: 'sha512-x' });
    expect(await installedFromRegistry(root)).toBe(false);
    expect(await installedFromRegistry(ROOT)).toBe(false);
  });
});

describe('the command', () => {
  it('--help lists the options', async () => {
    const run = await inProcess(['init', '--help']);
    expect(run.code).toBe(0);
    for (const option of ['--ci 服务', '--force', '--no-lock', 'vendor/jixiao-<版本>.tgz', 'jixiao:<名称>'])
      expect(run.stdout).toContain(option);
  });

  it('refuses an unknown CI service, and two folders', async () => {
    expect(await inProcess(['init', path.join(dir, 'x'), '--ci', 'bitbucket'])).toMatchObject({
      code: 2,
      stderr: 'jixiao init: --ci 只能是 github、gitlab，实际是 "bitbucket"\n',
    });
    expect((await inProcess(['init', 'a', 'b'])).code).toBe(2);
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
  });

  it('packs the package it runs from into vendor/ and says what it did', async () => {
    const repo = path.join(dir, 'packed');
    const run = await inProcess(['init', repo, '--ci', 'gitlab', '--no-lock']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('vendor/jixiao-');
    expect(run.stdout).toContain('没有更新 package-lock.json（--no-lock）');
    const tarball = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')).devDependencies.jixiao.replace(
      /^file:/,
      '',
    );
    expect((await readFile(path.join(repo, tarball))).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
  }, 120_000);
});

describe('jixiao init: the form schema of the unit’s configuration', () => {
  const OWN_LAYOUT = [
    'defaultLayout: 本区',
    'layouts:',
    '  本区:',
    '    执行率分值: 10',
    '    绩效指标: { 产出指标: { 分值: 90, 二级指标: [数量指标] } }',
    '    显示一级分值: true',
    '    执行率显示: 百分数',
    '    表头: [项目编码, 项目名称, 绩效自评年度, 实施单位]',
    '    附加列: [{ 字段: 佐证材料, 必填: true }]',
    '',
  ].join('\n');

  it('knows the unit’s own layout and its column; a settings file of theirs without it gets a note', async () => {
    const repo = path.join(dir, 'own-layout');
    await mkdir(path.join(repo, '.vscode'), { recursive: true });
    await writeFile(path.join(repo, 'jixiao.config.yaml'), OWN_LAYOUT);
    await writeFile(
      path.join(repo, '.vscode', 'settings.json'),
      '{ "yaml.schemas": { "./node_modules/jixiao/schema/form.schema.json": "content/**/*.md" } }\n',
    );
    const result = await initRepository(repo, offline());
    expect(result.written).toContain('form.schema.json');
    const schema = JSON.parse(await readFile(path.join(repo, 'form.schema.json'), 'utf8'));
    expect(schema.properties.版式.enum).toEqual(['2020', '2022', '本区']);
    expect(JSON.stringify(schema)).toContain('"佐证材料":{"description":"附加列（版式 本区）"');
    expect(result.notes).toContain(
      '.vscode/settings.json 已存在，没有改动：要在 VS Code 中按本单位的版式提示表单字段，请在 "yaml.schemas" 中写 "./form.schema.json": "content/**/*.md"',
    );
  });

  it('a configuration it cannot read: the built-in layouts’ schema, and a note saying so', async () => {
    const repo = path.join(dir, 'broken-config');
    await mkdir(repo, { recursive: true });
    await writeFile(path.join(repo, 'jixiao.config.yaml'), 'grades: 优\n');
    const result = await initRepository(repo, offline());
    expect(await readFile(path.join(repo, 'form.schema.json'), 'utf8')).toBe(
      await readFile(path.join(ROOT, 'schema', 'form.schema.json'), 'utf8'),
    );
    expect(result.notes.find((note) => note.startsWith('form.schema.json'))).toMatch(
      /^form\.schema\.json 按内置版式写出：配置文件有误（.*jixiao\.config\.yaml:1:1: 配置有误：grades: .*）；改正后运行 npx jixiao schema$/,
    );
  });
});
