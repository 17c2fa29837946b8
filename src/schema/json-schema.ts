// The JSON Schema of the front matter, generated from the zod schema so the two cannot drift, for
// the layouts of one configuration: its layout names, and the columns its layouts add (附加列) on
// every 三级指标, required in the forms of the layouts that require them. Editors with a YAML
// language server use it for completion and checks (see docs/guide/write.md).
import { z } from 'zod';
import { indicatorFields, type IndicatorField } from './fields.ts';
import { BUILT_IN_LAYOUTS, DEFAULT_LAYOUT, type FormSettings } from './form-settings.ts';
import { formSchema, indicatorSchema, indicatorTree, layoutColumnValue } from './form.ts';

type LayoutSettings = Pick<FormSettings, 'layouts' | 'defaultLayout'>;
type JsonObject = Record<string, unknown>;

/** The built-in layouts alone: the schema jixiao ships (schema/form.schema.json). */
const BUILT_IN: LayoutSettings = { layouts: { ...BUILT_IN_LAYOUTS }, defaultLayout: DEFAULT_LAYOUT };

export function formJsonSchema(settings: LayoutSettings = BUILT_IN): JsonObject {
  const names = Object.keys(settings.layouts);
  const ownOf = new Map(names.map((name) => [name, indicatorFields(settings.layouts[name]).filter((field) => field.layoutOwn)]));
  const own = ownColumns([...ownOf.entries()]);
  // Every layout's own columns may be written on an indicator; which a form must write (and which
  // it may not) depends on its 版式: said below, layout by layout.
  const indicator = indicatorSchema.extend(Object.fromEntries([...own].map(([key, { value, layouts }]) => [key, value.optional().meta({ description: `附加列（版式 ${layouts.join('、')}）` })])));
  const schema = formSchema.extend({
    版式: z
      .enum(names as [string, ...string[]])
      .optional()
      .meta({ description: `版式名称（默认 ${settings.defaultLayout}；可用：${names.join('、')}）` }),
    绩效指标: indicatorTree(indicator),
  });
  const json: JsonObject = {
    ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }),
    $id: 'https://jixiao.dev/schema/form.schema.json',
    title: 'jixiao 项目支出绩效自评表（前置元数据）',
  };
  if (own.size > 0) json.allOf = names.map((name) => columnsOfLayout(name, name === settings.defaultLayout, ownOf.get(name)!, [...own.keys()]));
  return json;
}

/** The own columns of all layouts by key: what a value may be, and the layouts that add it. */
function ownColumns(layouts: Array<[string, IndicatorField[]]>): Map<string, { value: z.ZodType; layouts: string[] }> {
  const columns = new Map<string, { value: z.ZodType; layouts: string[] }>();
  for (const [name, fields] of layouts) {
    for (const field of fields) {
      const column = columns.get(field.key);
      if (!column) columns.set(field.key, { value: layoutColumnValue(field), layouts: [name] });
      else column.layouts.push(name);
    }
  }
  return columns;
}

/** In the forms of one layout (those that name it, or name none when it is the default): its
 *  required columns written on every 三级指标, other layouts' columns not at all. */
function columnsOfLayout(name: string, isDefault: boolean, fields: readonly IndicatorField[], allOwn: readonly string[]): JsonObject {
  const mine = new Set(fields.map((field) => field.key));
  const items: JsonObject = {
    required: fields.filter((field) => field.required).map((field) => field.key),
    properties: Object.fromEntries(allOwn.filter((key) => !mine.has(key)).map((key) => [key, false])),
  };
  return {
    if: { properties: { 版式: { const: name } }, ...(isDefault ? {} : { required: ['版式'] }) },
    // `items` applies to an indicator list only, never to 不适用.
    then: { properties: { 绩效指标: { additionalProperties: { additionalProperties: { items } } } } },
  };
}

export const serializeJsonSchema = (settings?: LayoutSettings): string => `${JSON.stringify(formJsonSchema(settings), null, 2)}\n`;
