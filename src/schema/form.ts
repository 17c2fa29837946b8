// The zod schema of a form's front matter: the single definition of the source format.
// The JSON Schema in schema/form.schema.json is generated from it (scripts/write-json-schema.ts).
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { Layout } from './form-settings.ts';
import { indicatorFields, type FormFieldKey, type IndicatorField, type IndicatorKey, type IndicatorKind } from './fields.ts';

/** Text that names output files: digits and Latin letters only, so it can never leave its folder. */
export const PROJECT_CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$/;

/** What `jixiao new` and `jixiao import --force` write where a figure or a text is still to be
 *  filled in: text fields keep it (the placeholder-text rule reports them), a number field refuses
 *  it as not yet filled — never read as 0. */
export const PLACEHOLDER = '请填写';

/** A figure's text with its full-width characters and the minus sign − in their ASCII forms. */
export const halfWidth = (text: string): string => text.normalize('NFKC').replace(/\u2212/g, '-');

/** A number written as a YAML number or as a string such as "4817000.00"; parsed exactly. */
const decimal = z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    // Full-width digits (１０) and the minus sign − (U+2212, as Word writes it) have one clear
    // meaning: read them; symbol-mix suggests the fix.
    const text = typeof value === 'number' ? String(value) : halfWidth(value).trim().replace(/,/g, '');
    if (text === PLACEHOLDER) {
      ctx.addIssue({ code: 'custom', message: 'placeholder', input: value });
      return z.NEVER;
    }
    if (/^-0*(\.0*)?$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'negative-zero', input: value });
      return z.NEVER;
    }
    if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return new Decimal(text);
    ctx.addIssue({ code: 'custom', message: 'not-a-number', input: value });
    return z.NEVER;
  })
  .meta({ description: '数字（YAML 数字或 "123.45" 形式的字符串）' });

const amount = decimal.refine((d) => d.decimalPlaces() <= 2, { message: 'more-than-cents' });
const nonNegative = decimal.refine((d) => d.gte(0), { message: 'negative' });

/** Cell text: a string, or a number kept as its text (年度指标值 may be a bare 1). */
const cellText = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

/** [年初预算数, 全年预算数, 全年执行数] in 元. */
const fundsRow = z.tuple([amount, amount, amount]).meta({ description: '[年初预算数, 全年预算数, 全年执行数]（元）' });

export const indicatorSchema = z
  .object({
    三级指标: z.string().trim().min(1).meta({ description: '三级指标名称' }),
    年度指标值: cellText.meta({ description: '年度指标值，如 ≥95%、12次、不超过4817万元、及时' }),
    实际完成值: cellText.meta({ description: '实际完成值，如 98%、10次' }),
    分值: nonNegative.meta({ description: '分值（权重）' }),
    得分: decimal.optional().meta({ description: '得分；省略时按评分规则计算（能计算时）' }),
    偏差原因分析及改进措施: z.string().trim().optional().meta({ description: '偏差原因分析及改进措施（得分低于分值时必填）' }),
  })
  .strict();

export const NOT_APPLICABLE = '不适用';

/** A 二级指标: its indicators, or 不适用 (printed as one 不适用 row scoring 0 of 0). */
const secondLevelOf = <Schema extends z.ZodType>(indicator: Schema) => z.union([z.literal(NOT_APPLICABLE), z.array(indicator)]);
const secondLevel = secondLevelOf(indicatorSchema);
export const indicatorTree = (indicator: z.ZodType) =>
  z.record(z.string(), z.record(z.string(), secondLevelOf(indicator))).meta({ description: '一级指标 → 二级指标 → 三级指标列表（或「不适用」），按版式的指标体系' });

export const formSchema = z
  .object({
    版式: z.string().optional().meta({ description: '版式名称（默认 2022；2020 为市级旧版式）' }),
    项目编码: z.string().regex(PROJECT_CODE_PATTERN).optional().meta({ description: '项目编码（字符串，加引号）；也是输出文件名' }),
    项目名称: z.string().trim().min(1).meta({ description: '项目名称；也是 PDF 的标题' }),
    绩效自评年度: z.number().int().min(2000).max(2100).meta({ description: '绩效自评年度，如 2022' }),
    实施单位: z.string().trim().optional().meta({ description: '实施单位；输出目录名' }),
    一级预算单位: z.string().trim().optional().meta({ description: '一级预算单位（2022 版式）' }),
    主管部门: z.string().trim().optional().meta({ description: '主管部门（2020 版式）' }),
    项目金额: amount.optional().meta({ description: '项目金额（元，多年度总额；2020 版式）' }),
    项目资金: z
      .object({
        年度资金总额: fundsRow.optional().meta({ description: '可选：表上印的合计行；与各行之和核对' }),
        当年财政拨款: fundsRow,
        上年结转资金: fundsRow.optional(),
        其他资金: fundsRow.optional(),
      })
      .strict()
      .meta({ description: '项目资金（元）：每行 [年初预算数, 全年预算数, 全年执行数]；年度资金总额由各行相加得出，填写时与之核对' }),
    绩效指标: z.record(z.string(), z.record(z.string(), secondLevel)).meta({ description: '一级指标 → 二级指标 → 三级指标列表（或「不适用」），按版式的指标体系' }),
    总分: decimal.optional().meta({ description: '公布的总分；构建时与计算结果核对' }),
    等级: z.string().trim().optional().meta({ description: '公布的等级（可选，仅作记录）' }),
  })
  .strict();

/** What a value of a layout's own column may be, by its kind. */
const LAYOUT_COLUMN_VALUES: Partial<Record<IndicatorKind, z.ZodType>> = { cell: cellText, prose: z.string().trim(), figure: decimal };
/** The schema of a value of a layout's own column. */
export const layoutColumnValue = (field: Pick<IndicatorField, 'kind'>): z.ZodType => LAYOUT_COLUMN_VALUES[field.kind]!;

const schemas = new WeakMap<object, typeof formSchema>();

/** The schema of a form in `layout`: the official fields, and the layout's own columns (附加列) on
 *  every 三级指标, required where the layout says so. */
export function formSchemaFor(layout: Layout | undefined): typeof formSchema {
  const own = indicatorFields(layout).filter((field) => field.layoutOwn);
  if (!layout || own.length === 0) return formSchema;
  let schema = schemas.get(layout);
  if (!schema) {
    const shape = Object.fromEntries(own.map((field) => [field.key, field.required ? layoutColumnValue(field) : layoutColumnValue(field).optional()]));
    // The extra keys are known to the layout only: typed as the official form, read by field (fieldValue).
    schema = formSchema.extend({ 绩效指标: indicatorTree(indicatorSchema.extend(shape)) }) as unknown as typeof formSchema;
    schemas.set(layout, schema);
  }
  return schema;
}

export type FormFrontMatter = z.output<typeof formSchema>;
export type Indicator = z.output<typeof indicatorSchema>;

// The field model (fields.ts) names every field of the schema, and no other: otherwise this does
// not compile.
type NoneLeft<Left extends never> = Left;
type SingleValuedKey = Exclude<keyof FormFrontMatter, '项目资金' | '绩效指标'>;
export type FrontMatterFieldsModelled = NoneLeft<Exclude<SingleValuedKey, FormFieldKey> | Exclude<FormFieldKey, SingleValuedKey>>;
export type IndicatorFieldsModelled = NoneLeft<Exclude<keyof Indicator, IndicatorKey> | Exclude<IndicatorKey, keyof Indicator>>;

/** What identifies a form among all forms: its code, year, name and unit (what the checks over all
 *  forms and the output paths read). */
export const IDENTITY_FIELDS = ['项目编码', '绩效自评年度', '项目名称', '实施单位', '主管部门'] as const;
export type FormIdentity = Pick<FormFrontMatter, (typeof IDENTITY_FIELDS)[number]>;

/** Those fields alone, as plain data (to send between threads). */
export const identityOf = (form: FormIdentity): FormIdentity => Object.fromEntries(IDENTITY_FIELDS.map((field) => [field, form[field]])) as FormIdentity;

export const sameIdentity = (a: FormIdentity, b: FormIdentity): boolean => IDENTITY_FIELDS.every((field) => a[field] === b[field]);

/** The unit a form belongs to: 实施单位, or 主管部门 where the 2020 layout leaves 实施单位 empty. */
export const unitName = (form: Pick<FormIdentity, '实施单位' | '主管部门'>): string => form.实施单位 || form.主管部门 || '';

/** A form as validated: front matter plus the two narrative cells from the Markdown body. */
export interface Form extends FormFrontMatter {
  版式: string;
  预期目标: string[];
  实际完成情况: string[];
  /** Links and images of the body, by section and paragraph: printed as text only. */
  正文链接: Array<{ section: '预期目标' | '实际完成情况'; index: number; kind: 'link' | 'image'; url: string }>;
}
