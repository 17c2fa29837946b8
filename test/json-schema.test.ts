// The shipped JSON Schema is the one generated from the zod schema, and it accepts the real forms;
// a unit's schema is made from its configuration: its layouts, and the columns they add (附加列).
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fg from 'fast-glob';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig, type SiteConfig } from '../src/config/load.ts';
import { formJsonSchema, serializeJsonSchema } from '../src/schema/json-schema.ts';
import { ROOT } from './helpers.ts';
import { inProcess } from './in-process.ts';

const SHIPPED = path.resolve(import.meta.dirname, '../schema/form.schema.json');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'field-layout');
const FIXTURE_FORM = path.join(FIXTURE, 'content/2022/测试单位/T001.md');

const frontMatter = (text: string): Record<string, unknown> =>
  parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)![1]!) as Record<string, unknown>;
const validator = (schema: Record<string, unknown>) => new Ajv2020({ strict: false, allErrors: true }).compile(schema);

describe('schema/form.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` after changing src/schema/form.ts)', () => {
    expect(readFileSync(SHIPPED, 'utf8')).toBe(serializeJsonSchema());
  });

  it('describes the fields of a form', () => {
    const schema = JSON.parse(readFileSync(SHIPPED, 'utf8'));
    expect(schema.required).toEqual(expect.arrayContaining(['项目名称', '绩效自评年度', '项目资金', '绩效指标']));
    expect(schema.properties.项目编码.pattern).toBe('^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$');
    expect(schema.properties.版式.enum).toEqual(['2020', '2022']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('accepts every form of the example content, and refuses a layout that is not there', async () => {
    const validate = validator(JSON.parse(readFileSync(SHIPPED, 'utf8')));
    const files = await fg('content/**/*.md', { cwd: ROOT });
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const data = frontMatter(await readFile(path.join(ROOT, file), 'utf8'));
      expect(validate(data), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validate({ ...data, 版式: '2021' })).toBe(false);
    }
  });
});

describe('a unit’s schema, made from its configuration', () => {
  let config: SiteConfig;
  let schema: Record<string, unknown>;
  let form: Record<string, unknown>;
  beforeAll(async () => {
    config = await loadConfig(undefined, FIXTURE);
    schema = formJsonSchema(config);
    form = frontMatter(await readFile(FIXTURE_FORM, 'utf8'));
  });
  /** The form with 指标来源 taken from its first indicator, or put on it; in the default layout
   *  (版式 left out) where `layout` is null. */
  const withFirstSource = (source: string | undefined, layout: string | null = '测试版式') => {
    const copy = structuredClone(form);
    copy.版式 = layout;
    if (layout === null) delete copy.版式;
    const first = Object.values(
      Object.values(copy.绩效指标 as Record<string, Record<string, unknown[]>>)[0]!,
    )[0]![0] as Record<string, unknown>;
    if (source === undefined) delete first.指标来源;
    else first.指标来源 = source;
    return copy;
  };

  it('names the layouts the configuration has, the unit’s own among them', () => {
    expect((schema.properties as { 版式: { enum: string[] } }).版式.enum).toEqual(['2020', '2022', '测试版式']);
  });

  it('offers the layout’s own column on every indicator, for completion', () => {
    const text = JSON.stringify(schema);
    expect(text).toContain('"指标来源":{"description":"附加列（版式 测试版式）"');
    expect(JSON.stringify(formJsonSchema())).not.toContain('指标来源');
  });

  it('accepts the layout’s form, requires the column there, and refuses it in a layout without it', () => {
    const validate = validator(schema);
    expect(validate(form), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(withFirstSource(undefined))).toBe(false);
    expect(
      validate.errors?.some((error) => error.keyword === 'required' && error.params.missingProperty === '指标来源'),
    ).toBe(true);
    // A 2022 form (版式 left out: the default) has no such column.
    expect(validate(withFirstSource('预算批复', null))).toBe(false);
    const without = withFirstSource(undefined, null);
    for (const group of Object.values(without.绩效指标 as Record<string, Record<string, unknown>>).flatMap(
      Object.values,
    ))
      if (Array.isArray(group)) for (const indicator of group) delete (indicator as Record<string, unknown>).指标来源;
    expect(validate(without), JSON.stringify(validate.errors)).toBe(true);
    // The shipped schema knows nothing of it: the column is refused there.
    expect(validator(formJsonSchema())(form)).toBe(false);
  });

  it('a column added to the configuration appears in the schema `jixiao schema` writes', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'jixiao-schema-'));
    try {
      await cp(FIXTURE, work, { recursive: true });
      const configFile = path.join(work, 'jixiao.config.yaml');
      await writeFile(configFile, `${await readFile(configFile, 'utf8')}      - { 字段: 佐证材料, 类型: 说明 }\n`);
      const run = await inProcess(['schema', '--config', configFile]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^已写出 .*form\.schema\.json：版式 2020、2022、测试版式；附加列 指标来源（测试版式）、佐证材料（测试版式）\n$/,
      );
      const written = JSON.parse(await readFile(path.join(work, 'form.schema.json'), 'utf8'));
      const validate = validator(written);
      expect(validate(withFirstSource('预算批复'))).toBe(true);
      const withEvidence = withFirstSource('预算批复');
      const first = Object.values(
        Object.values(withEvidence.绩效指标 as Record<string, Record<string, unknown[]>>)[0]!,
      )[0]![0] as Record<string, unknown>;
      first.佐证材料 = '合同及验收报告';
      expect(validate(withEvidence)).toBe(true);
      first.佐证材料 = ['not', 'text'];
      expect(validate(withEvidence)).toBe(false);
      // Again with the same configuration: nothing to write.
      expect((await inProcess(['schema', '--config', configFile])).stdout).toMatch(/^没有变化 /);
      expect(existsSync(path.join(work, 'form.schema.json'))).toBe(true);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
