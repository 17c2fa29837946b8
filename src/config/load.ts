// Site configuration: what is per publisher or per year (layouts, weights, grade bands, rules,
// browser). Read from jixiao.config.yaml when there is one; every field has a default. The part that
// forms are validated and scored by is schema/form-settings.ts.
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, visit, type Alias, type Document } from 'yaml';
import { displayPath } from '../parse/load.ts';
import { CONFIG_FILE, readConfigText } from './read-text.ts';
import { closestKey } from '../core/closest-name.ts';
import { YAML_MESSAGES } from '../parse/yaml-messages.ts';
import { zodIssueInChinese } from '../core/zod-messages.ts';
import { indentationMistake } from '../parse/yaml-mistakes.ts';
import { z } from 'zod';
import { PRESETS, presetName } from './rule-presets.ts';
import { resolveRuleSettings, type RuleSettings } from './rule-settings.ts';
import {
  BUILT_IN_LAYOUTS,
  checkFormSettings,
  DEFAULT_LAYOUT,
  gradesSchema,
  layoutSchema,
  qualitativeBandsSchema,
  type Layout,
} from '../schema/form-settings.ts';

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
    defaultLayout: z.string().default(DEFAULT_LAYOUT),
    /** Layouts by name; entries here replace or add to the built-in 2022 and 2020 layouts. */
    layouts: z.record(z.string(), layoutSchema).default({}),
    /** Grade bands, highest first: a total ≥ 下限 gets that 等级. National default 优/良/中/差. */
    grades: gradesSchema,
    /** Qualitative bands, in percent of 分值: [下限, 上限]; the top band includes its 上限. */
    qualitativeBands: qualitativeBandsSchema,
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

export { CONFIG_FILE } from './read-text.ts';

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
  const layouts: Record<string, Layout> = Object.assign(
    Object.create(null) as Record<string, Layout>,
    BUILT_IN_LAYOUTS,
    parsed.layouts,
  );
  checkFormSettings({ ...parsed, layouts });
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

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Replaces the preset names of `extends` by their rule levels, under the configuration's own
 *  rules; without `extends`, the configuration builds on `recommended`. Paths must be read first. */
function withPresets(raw: RawConfig): RawConfig {
  const entries = raw.extends === undefined ? ['recommended'] : [raw.extends].flat();
  let base: RawConfig = {};
  for (const entry of entries) {
    const name = presetName(entry);
    if (!name)
      throw new Error(
        `extends: 未知的规则集「${entry}」，可用：${[...PRESETS.keys()].join('、')}，或另一个配置文件的路径`,
      );
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
  if (seen.includes(configPath))
    throw new Error(
      `${shown}: extends 形成循环：${[...seen, configPath].map((file) => displayPath(file)).join(' → ')}`,
    );
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
    throw new Error(aliasMistake(doc, shown, at));
  }
  const place = (keyPath: readonly string[]) => {
    const offset = offsetOf(doc, keyPath);
    return offset === undefined ? '' : at(offset);
  };
  if (!isPlainObject(data)) throw new Error(`${shown}: 配置有误：(根): 应为「键: 值」形式的映射`);
  const raw = data as RawConfig;
  const entries = raw.extends === undefined ? [] : [raw.extends].flat();
  if (!entries.every((entry) => typeof entry === 'string'))
    throw new Error(`${shown}${place(['extends'])}: 配置有误：extends: 应为规则集名称或配置文件路径（或它们的列表）`);
  let merged: RawConfig = {};
  const presets: string[] = [];
  for (const entry of entries) {
    if (presetName(entry)) {
      presets.push(entry);
      continue;
    }
    const extended = await readConfigFile(path.resolve(path.dirname(configPath), entry), read, [
      ...seen,
      configPath,
    ]).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        throw new Error(`${shown}: extends: 找不到「${entry}」：应为 recommended、strict，或另一个配置文件的路径`);
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

/** Why a document's aliases could not be read, at the alias: one that names no anchor written
 *  before it, or else the first of aliases that expand too far (a "billion laughs" bomb). */
function aliasMistake(doc: Document, shown: string, at: (offset: number) => string): string {
  let unresolved: Alias | undefined;
  let first: Alias | undefined;
  visit(doc, {
    Alias(_, alias) {
      first ??= alias;
      if (alias.resolve(doc) === undefined) {
        unresolved = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (unresolved)
    return `${shown}${at(unresolved.range?.[0] ?? 0)}: YAML 别名 *${unresolved.source} 没有对应的锚点：请在它之前写出 &${unresolved.source}，或直接写出这个值`;
  return `${shown}${first ? at(first.range?.[0] ?? 0) : ''}: YAML 别名（&/*）展开过多，拒绝读取：请直接写出每个值，不用别名`;
}

/** Where the key at `keyPath` is written in `doc` (a list's item: where the item starts); the
 *  deepest part of the path that is written, when not all is. */
function offsetOf(doc: Document, keyPath: readonly string[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String((item.key as { value?: unknown } | null)?.value ?? item.key) === segment,
      );
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

/** Reads a text file by absolute path; fails with code ENOENT when there is none. */
export type ReadText = (absolutePath: string) => Promise<string>;

/** Reads jixiao.config.yaml from `dir` (or the given file); defaults when there is none.
 *  `read`: where files come from (the disk, or a git revision for `jixiao diff`). */
export async function loadConfig(
  file?: string,
  dir = process.cwd(),
  read: ReadText = readConfigText,
): Promise<SiteConfig> {
  const configPath = file ?? path.join(dir, CONFIG_FILE);
  const shown = displayPath(configPath);
  let written: ReadConfig;
  try {
    written = await readConfigFile(configPath, read);
  } catch (error) {
    if (!file && (error as NodeJS.ErrnoException).code === 'ENOENT') return resolveConfig();
    if ((error as NodeJS.ErrnoException).code)
      throw new Error(`${shown}: 无法读取配置文件（${(error as NodeJS.ErrnoException).code}）`);
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
            const suggestion = meant
              ? `：是不是要写「${meant}」？`
              : unknown === undefined
                ? ''
                : `：可用的键为 ${knownKeys(keyPath).join('、')}`;
            return {
              keyPath: unknown === undefined ? keyPath : [...keyPath, unknown],
              text: `${keyPath.join('.') || '(根)'}: ${zodIssueInChinese(issue)}${suggestion}`,
            };
          })
        : [
            {
              keyPath: (/^([^\s:：]+):/.exec((error as Error).message)?.[1] ?? '').split('.').filter(Boolean),
              text: (error as Error).message,
            },
          ];
    throw new Error(
      problems.map(({ keyPath, text }) => `${shown}${written.place(keyPath)}: 配置有误：${text}`).join('\n'),
    );
  }
}

/** A node of the configuration's JSON Schema, as far as the keys are concerned. */
interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
}
let configKeysSchema: SchemaNode | undefined;

/** The keys the configuration takes at `keyPath` (an object's), for a key written there by mistake:
 *  read from the configuration's JSON Schema (an object's properties, a list's items, a record's
 *  entries). */
function knownKeys(keyPath: readonly string[]): string[] {
  configKeysSchema ??= z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as SchemaNode;
  let node: SchemaNode | undefined = configKeysSchema;
  for (const segment of keyPath) {
    if (node?.type === 'array') node = node.items;
    else if (node?.type === 'object')
      node = node.properties
        ? node.properties[segment]
        : typeof node.additionalProperties === 'object'
          ? node.additionalProperties
          : undefined;
    else return [];
  }
  return node?.type === 'object' ? Object.keys(node.properties ?? {}) : [];
}

/** The configuration as text, its rule settings included (a Map, which JSON would leave empty):
 *  part of the keys of what is made under it (the check cache, the records of a build's files). */
export const configFingerprint = (config: SiteConfig): string =>
  JSON.stringify(config, (_key, value: unknown) => (value instanceof Map ? [...value] : value));
