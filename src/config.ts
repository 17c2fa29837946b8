// Site configuration: what is per publisher or per year (layouts, weights, grade bands, browser).
// Read from jixiao.config.yaml when there is one; every field has a default.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { displayPath, fileKind } from './load.ts';
import { closestKey } from './schema/keys.ts';
import { YAML_MESSAGES } from './parse/yaml-messages.ts';
import { zodIssueInChinese } from './zod-messages.ts';
import { indentationMistake } from './parse/yaml-mistakes.ts';
import { z } from 'zod';
import { PRESETS, presetName } from './rules/presets.ts';
import { resolveRuleSettings, type RuleSettings } from './rules/settings.ts';

/** One 一级指标 of a layout: its weight and the 二级指标 rows it always prints. */
const firstLevelSchema = z.object({
  分值: z.number().nonnegative(),
  二级指标: z.array(z.string().min(1)).min(1),
});

/** The column heads a layout may mark as required. */
export const REQUIRED_COLUMNS = ['预期目标', '实际完成情况', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'] as const;
export type RequiredColumn = (typeof REQUIRED_COLUMNS)[number];
/** What a continuation page of the indicator table can repeat. */
export const CONTINUATION_REPEATS = ['年度绩效指标', '一级指标', '二级指标', '列标题'] as const;

const layoutSchema = z.object({
  /** Title printed above the table. */
  标题: z.string().default('项目支出绩效自评表'),
  /** Weight of the budget execution rate (预算执行率). */
  执行率分值: z.number().nonnegative(),
  /** 一级指标 in print order. */
  绩效指标: z.record(z.string(), firstLevelSchema),
  /** Print the 一级 weight next to its name, e.g. 产出指标(50分). */
  显示一级分值: z.boolean(),
  /** How 执行率 is printed: as a percentage (95.04) or as a fraction with 2 decimals (0.95). */
  执行率显示: z.enum(['百分数', '小数']),
  /** Header fields of this layout, in print order. */
  表头: z.array(z.enum(['项目编码', '项目名称', '绩效自评年度', '实施单位', '一级预算单位', '主管部门', '项目金额'])),
  /** Columns the layout's printouts mark as required with ` *` (预期目标 *, 年度指标值 *): on the
   *  page, in the PDF and in the workbook's heads. */
  必填列: z.array(z.enum(REQUIRED_COLUMNS)).default([]),
  /** What a page that continues the indicator table repeats at its top, as the layout's printouts
   *  do: the side label 年度绩效指标, the 一级 and 二级 labels of the groups it continues, and the
   *  row of column heads (列标题). */
  续页重复: z.array(z.enum(CONTINUATION_REPEATS)).default(['年度绩效指标', '一级指标', '二级指标']),
});
export type Layout = z.infer<typeof layoutSchema>;

const gradeBandSchema = z.object({ 等级: z.string().min(1), 下限: z.number() }).strict();
export type GradeBand = z.infer<typeof gradeBandSchema>;

/** The 2022 Shenzhen layout (Shenzhen units, 2022) with the national default weights 10/50/30/10. */
const layout2022: Layout = {
  标题: '项目支出绩效自评表',
  执行率分值: 10,
  绩效指标: {
    产出指标: { 分值: 50, 二级指标: ['数量指标', '质量指标', '时效指标', '成本指标'] },
    效益指标: { 分值: 30, 二级指标: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'] },
    满意度指标: { 分值: 10, 二级指标: ['服务对象满意度指标', '其他满意度指标'] },
  },
  显示一级分值: true,
  执行率显示: '百分数',
  表头: ['项目编码', '项目名称', '绩效自评年度', '实施单位', '一级预算单位'],
  // As the units' 2022 forms print their heads: 预期目标 *, 年度指标值 * 实际完成值 * 分值 * 得分.
  必填列: ['预期目标', '年度指标值', '实际完成值', '分值'],
  // A continued group repeats its labels on the new page (docs/form.md); the column heads do not.
  续页重复: ['年度绩效指标', '一级指标', '二级指标'],
};

/** The 2020 municipal layout (Shenzhen municipal forms, 2020): weights 10/50/20/20, 项目金额 and 主管部门 in the header. */
const layout2020: Layout = {
  标题: '项目支出绩效自评表',
  执行率分值: 10,
  绩效指标: {
    产出指标: { 分值: 50, 二级指标: ['数量指标', '质量指标', '时效指标', '成本指标'] },
    效益指标: { 分值: 20, 二级指标: ['经济效益指标', '社会效益指标', '生态效益指标'] },
    满意度指标: { 分值: 20, 二级指标: ['服务对象满意度指标'] },
  },
  显示一级分值: false,
  执行率显示: '小数',
  表头: ['项目名称', '项目金额', '主管部门', '实施单位'],
  必填列: [],
  续页重复: ['年度绩效指标', '一级指标', '二级指标'],
};

const configSchema = z
  .object({
    /** Rule sets and shared configuration files this one builds on: `recommended` (the default),
     *  `strict`, or a path to another jixiao.config.yaml; later entries and this file win. */
    extends: z.union([z.string(), z.array(z.string())]).optional(),
    /** Name of the whole publication (index page, metadata). */
    title: z.string().default('项目支出绩效自评表'),
    /** Who publishes: printed on the books' covers and their author for books of several units. */
    publisher: z.string().optional(),
    /** The all-units book and workbook of each year (<年度>/book.pdf, <年度>/自评表.xlsx), besides
     *  the unit books. A province's year of thousands of forms makes a book that no reader opens
     *  (gigabytes): false leaves them out. */
    yearBook: z.boolean().default(true),
    /** Layout used by forms that do not name one with 版式. */
    defaultLayout: z.string().default('2022'),
    /** Layouts by name; entries here replace or add to the built-in 2022 and 2020 layouts. */
    layouts: z.record(z.string(), layoutSchema).default({}),
    /** Grade bands, highest first: a total ≥ 下限 gets that 等级. National default 优/良/中/差. */
    grades: z.array(gradeBandSchema).min(1).default([
      { 等级: '优', 下限: 90 },
      { 等级: '良', 下限: 80 },
      { 等级: '中', 下限: 60 },
      { 等级: '差', 下限: 0 },
    ]),
    /** Qualitative bands, in percent of 分值: [下限, 上限]; the top band includes its 上限. */
    qualitativeBands: z
      .object({ 达成: z.tuple([z.number(), z.number()]), 部分达成: z.tuple([z.number(), z.number()]), 未达成: z.tuple([z.number(), z.number()]) })
      .strict()
      .default({ 达成: [80, 100], 部分达成: [60, 80], 未达成: [0, 60] }),
    /** Rule severities (off, warn, error) and options, by rule id; see docs/guide/rules.md. */
    rules: z.record(z.string(), z.unknown()).default({}),
    browser: z
      .object({
        /** Chrome or Chromium to print with; PUPPETEER_EXECUTABLE_PATH overrides the search too. */
        executablePath: z.string().optional(),
        /** Pages printing at once in the one browser. */
        pages: z.number().int().min(1).max(16).default(2),
        /** Seconds one form may take to print (a book: that many per form). */
        timeoutSeconds: z.number().positive().max(3600).default(60),
      })
      .strict()
      .default({ pages: 2, timeoutSeconds: 60 }),
  })
  .strict();

export type SiteConfig = z.infer<typeof configSchema> & { layouts: Record<string, Layout>; ruleSettings: RuleSettings };

export const CONFIG_FILE = 'jixiao.config.yaml';

/** Built-in layouts overlaid with the site's own. */
export function resolveConfig(raw: unknown = {}): SiteConfig {
  // A key left empty (every entry under it commented out) means its default.
  const written = Object.fromEntries(Object.entries((raw ?? {}) as RawConfig).filter(([, value]) => value !== null));
  const merged = withPresets(written);
  const parsed = configSchema.parse(merged);
  // Names are data: a layout called constructor or __proto__ is looked up like any other (and
  // zod's records drop __proto__, so the names are checked against what was written).
  for (const name of isPlainObject(merged.layouts) ? Object.keys(merged.layouts) : []) {
    if (!Object.hasOwn(parsed.layouts, name)) throw new Error(`layouts.${name}: 不能用作版式名称`);
  }
  const layouts: Record<string, Layout> = Object.assign(Object.create(null) as Record<string, Layout>, { '2022': layout2022, '2020': layout2020 }, parsed.layouts);
  if (!Object.hasOwn(layouts, parsed.defaultLayout)) throw new Error(`defaultLayout: 版式「${parsed.defaultLayout}」未定义，可用：${Object.keys(layouts).join('、')}`);
  checkGrades(parsed.grades);
  checkQualitativeBands(parsed.qualitativeBands);
  for (const [name, layout] of Object.entries(layouts)) {
    // Integer weights in practice; compare in hundredths so that 12.5 + 87.5 still counts as 100.
    const total = Object.values(layout.绩效指标).reduce((sum, level) => sum + Math.round(level.分值 * 100), Math.round(layout.执行率分值 * 100));
    if (total !== 10000) throw new Error(`layouts.${name}: 执行率分值与各一级指标分值之和为 ${total / 100}，应为 100`);
  }
  return { ...parsed, layouts, ruleSettings: resolveRuleSettings(isPlainObject(merged.rules) ? merged.rules : {}) };
}

type RawConfig = Record<string, unknown> & { extends?: string | string[] };

/** Keys whose entries merge one by one when a configuration extends another. */
const MERGED_KEYS = ['rules', 'layouts', 'browser', 'qualitativeBands'];

/** `over` on top of `base`: the merged keys entry by entry, every other key replaced whole. */
function mergeConfig(base: RawConfig, over: RawConfig): RawConfig {
  const merged: RawConfig = { ...base, ...over };
  for (const key of MERGED_KEYS) {
    const [a, b] = [base[key], over[key]];
    if (isPlainObject(a) && isPlainObject(b)) merged[key] = { ...a, ...b };
  }
  return merged;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Replaces the preset names of `extends` by their rule levels, under the configuration's own
 *  rules; without `extends`, the configuration builds on `recommended`. Paths must be read first. */
function withPresets(raw: RawConfig): RawConfig {
  const entries = raw.extends === undefined ? ['recommended'] : [raw.extends].flat();
  let base: RawConfig = {};
  for (const entry of entries) {
    const name = presetName(entry);
    if (!name) throw new Error(`extends: 未知的规则集「${entry}」，可用：${[...PRESETS.keys()].join('、')}，或另一个配置文件的路径`);
    base = mergeConfig(base, { rules: PRESETS.get(name) });
  }
  const { extends: _, ...own } = raw;
  return mergeConfig(base, own);
}

/** A configuration file as read: its settings merged with those it extends, and where a key of
 *  its own is written (`:line:column`, or '' when it is not written in this file). */
interface ReadConfig {
  raw: RawConfig;
  place(keyPath: readonly string[]): string;
}

/** Reads a configuration file and the files it extends (paths relative to it), merged in order.
 *  What remains in `extends` are preset names. */
async function readConfigFile(configPath: string, read: ReadText, seen: readonly string[] = []): Promise<ReadConfig> {
  const shown = displayPath(configPath);
  if (seen.includes(configPath)) throw new Error(`${shown}: extends 形成循环：${[...seen, configPath].map((file) => displayPath(file)).join(' → ')}`);
  const text = await read(configPath);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `:${line}:${col}`;
  };
  const [error] = doc.errors;
  if (error) {
    const { line } = lineCounter.linePos(error.pos[0]);
    // Indentation is noticed a line late; say where it went wrong, as for forms.
    const indentation = indentationMistake(text, line - 1);
    if (indentation) throw new Error(`${shown}${at(indentation.offset)}: YAML 写法有误：${indentation.message}`);
    throw new Error(`${shown}${at(error.pos[0])}: YAML 语法错误：${YAML_MESSAGES[error.code] ?? '配置文件无法读取'}`);
  }
  let data: unknown;
  try {
    // A few aliases are fine; thousands are a "billion laughs" bomb and are refused.
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch {
    throw new Error(`${shown}: YAML 别名（&/*）展开过多或引用了没有定义的锚点，拒绝读取：请直接写出每个值，不用别名`);
  }
  const place = (keyPath: readonly string[]) => {
    const offset = offsetOf(doc, keyPath);
    return offset === undefined ? '' : at(offset);
  };
  if (!isPlainObject(data)) throw new Error(`${shown}: 配置有误：(根): 应为「键: 值」形式的映射`);
  const raw = data as RawConfig;
  const entries = raw.extends === undefined ? [] : [raw.extends].flat();
  if (!entries.every((entry) => typeof entry === 'string')) throw new Error(`${shown}${place(['extends'])}: 配置有误：extends: 应为规则集名称或配置文件路径（或它们的列表）`);
  let merged: RawConfig = {};
  const presets: string[] = [];
  for (const entry of entries) {
    if (presetName(entry)) {
      presets.push(entry);
      continue;
    }
    const extended = await readConfigFile(path.resolve(path.dirname(configPath), entry), read, [...seen, configPath]).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new Error(`${shown}: extends: 找不到「${entry}」：应为 recommended、strict，或另一个配置文件的路径`);
      throw error;
    });
    presets.push(...[extended.raw.extends ?? []].flat());
    merged = mergeConfig(merged, { ...extended.raw, extends: undefined });
  }
  const { extends: _, ...own } = raw;
  merged = mergeConfig(merged, own);
  if (entries.length > 0) merged.extends = presets.length > 0 ? presets : [];
  return { raw: merged, place };
}

/** Where the key at `keyPath` is written in `doc` (a list's item: where the item starts); the
 *  deepest part of the path that is written, when not all is. */
function offsetOf(doc: Document, keyPath: readonly string[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value ?? item.key) === segment);
      if (!pair) break;
      offset = (pair.key as { range?: [number] } | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && node.items[Number(segment)]) {
      node = node.items[Number(segment)];
      offset = (node as { range?: [number] }).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** Larger files are no configuration: refused before they are read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** A configuration file from the disk: a regular file of at most 1 MiB. Opened without blocking:
 *  a FIFO would wait for a writer, a device would never end. */
async function readConfigText(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    const shown = displayPath(file);
    if (info.isDirectory()) throw new Error(`${shown}: 是文件夹，不是配置文件：用 --config 给出配置文件（如 jixiao.config.yaml）的路径`);
    if (!info.isFile()) throw new Error(`${shown}: 不是普通文件（${fileKind(info)}），没有读取：配置文件必须是普通的文本文件`);
    if (info.size > MAX_CONFIG_BYTES) throw new Error(`${shown}: 文件过大：${info.size} 字节，上限 ${MAX_CONFIG_BYTES} 字节（1 MiB）：配置文件只写设置，不会这么大，请检查这是不是配置文件`);
    return (await handle.readFile()).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Reads a text file by absolute path; fails with code ENOENT when there is none. */
export type ReadText = (absolutePath: string) => Promise<string>;

/** Reads jixiao.config.yaml from `dir` (or the given file); defaults when there is none.
 *  `read`: where files come from (the disk, or a git revision for `jixiao diff`). */
export async function loadConfig(file?: string, dir = process.cwd(), read: ReadText = readConfigText): Promise<SiteConfig> {
  const configPath = file ?? path.join(dir, CONFIG_FILE);
  const shown = displayPath(configPath);
  let written: ReadConfig;
  try {
    written = await readConfigFile(configPath, read);
  } catch (error) {
    if (!file && (error as NodeJS.ErrnoException).code === 'ENOENT') return resolveConfig();
    if ((error as NodeJS.ErrnoException).code) throw new Error(`${shown}: 无法读取配置文件（${(error as NodeJS.ErrnoException).code}）`);
    throw error;
  }
  try {
    return resolveConfig(written.raw);
  } catch (error) {
    // One line for each problem, at the line and column where its key is written.
    const problems =
      error instanceof z.ZodError
        ? error.issues.map((issue) => {
            const keyPath = issue.path.map(String);
            const unknown = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
            const meant = unknown === undefined ? undefined : closestKey(unknown, knownKeys(keyPath));
            const suggestion = meant ? `：是不是要写「${meant}」？` : unknown === undefined ? '' : `：可用的键为 ${knownKeys(keyPath).join('、')}`;
            return { keyPath: unknown === undefined ? keyPath : [...keyPath, unknown], text: `${keyPath.join('.') || '(根)'}: ${zodIssueInChinese(issue)}${suggestion}` };
          })
        : [{ keyPath: (/^([^\s:：]+):/.exec((error as Error).message)?.[1] ?? '').split('.').filter(Boolean), text: (error as Error).message }];
    throw new Error(problems.map(({ keyPath, text }) => `${shown}${written.place(keyPath)}: 配置有误：${text}`).join('\n'));
  }
}

/** The keys the configuration takes at `keyPath` (an object's), for a key written there by mistake. */
function knownKeys(keyPath: readonly string[]): string[] {
  type Node = { def: { type: string; innerType?: Node; element?: Node; valueType?: Node; shape?: Record<string, Node> } };
  const unwrap = (node: Node) => {
    while (node.def.innerType) node = node.def.innerType;
    return node;
  };
  let node: Node | undefined = unwrap(configSchema as unknown as Node);
  for (const segment of keyPath) {
    const next: Node | undefined = node.def.type === 'object' ? node.def.shape?.[segment] : node.def.type === 'array' ? node.def.element : node.def.type === 'record' ? node.def.valueType : undefined;
    if (!next) return [];
    node = unwrap(next);
  }
  return node.def.type === 'object' ? Object.keys(node.def.shape ?? {}) : [];
}

/** Grade bands: highest first, each 下限 and 等级 once, 下限 within 0–100. */
function checkGrades(grades: GradeBand[]): void {
  grades.forEach((band, index) => {
    if (band.下限 < 0 || band.下限 > 100) throw new Error(`grades.${index}.下限: ${band.下限} 不在 0 到 100 之间`);
    const previous = grades[index - 1];
    if (previous && band.下限 >= previous.下限) throw new Error(`grades.${index}: 「${band.等级}」的下限 ${band.下限} 不低于上一档「${previous.等级}」的 ${previous.下限}：等级应从高到低排列，下限各不相同`);
    if (grades.findIndex((other) => other.等级 === band.等级) !== index) throw new Error(`grades.${index}.等级: 「${band.等级}」出现了两次`);
  });
}

/** Qualitative bands: each [下限, 上限) within 0–100, 未达成 below 部分达成 below 达成, no gap or overlap. */
function checkQualitativeBands(bands: Record<'达成' | '部分达成' | '未达成', [number, number]>): void {
  const order = ['未达成', '部分达成', '达成'] as const;
  order.forEach((name, index) => {
    const [low, high] = bands[name];
    if (!(low >= 0 && high <= 100 && low < high)) throw new Error(`qualitativeBands.${name}: [${low}, ${high}] 应满足 0 ≤ 下限 < 上限 ≤ 100`);
    const below = index > 0 ? bands[order[index - 1]!] : undefined;
    if (below && below[1] !== low) throw new Error(`qualitativeBands.${name}: 下限 ${low} 应等于「${order[index - 1]}」的上限 ${below[1]}（档次之间不能重叠或留空）`);
  });
  if (bands.未达成[0] !== 0 || bands.达成[1] !== 100) throw new Error('qualitativeBands: 三个档次应覆盖 0 到 100');
}

/** The layout of that name, if the configuration defines one (never an Object.prototype member). */
export function layoutNamed(config: Pick<SiteConfig, 'layouts'>, name: string): Layout | undefined {
  return Object.hasOwn(config.layouts, name) ? config.layouts[name] : undefined;
}

/** The configuration as text, its rule settings included (a Map, which JSON would leave empty):
 *  part of the keys of what is made under it (the check cache, the records of a build's files). */
export const configFingerprint = (config: SiteConfig): string => JSON.stringify(config, (_key, value: unknown) => (value instanceof Map ? [...value] : value));
