// The part of the configuration that says what a form holds and how it is scored: the layouts (built
// in, and a site's own), the grade bands and the qualitative bands. Validating and scoring read it;
// loading the configuration file (config/load.ts) makes it.
import { z } from 'zod';
import { GROUP_COLUMNS, HEADER_KEYS, INDICATOR_KEYS, MARKABLE_COLUMNS } from './fields.ts';

/** One 一级指标 of a layout: its weight and the 二级指标 rows it always prints. */
const firstLevelSchema = z.object({
  分值: z.number().nonnegative(),
  二级指标: z.array(z.string().min(1)).min(1),
});

/** The column heads a layout may mark as required. */
export const REQUIRED_COLUMNS = MARKABLE_COLUMNS;
export type RequiredColumn = (typeof REQUIRED_COLUMNS)[number];
/** What a continuation page of the indicator table can repeat. */
export const CONTINUATION_REPEATS = ['年度绩效指标', '一级指标', '二级指标', '列标题'] as const;

export const layoutSchema = z.object({
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
  表头: z.array(z.enum(HEADER_KEYS)),
  /** Header fields this layout prints that a form may leave out (the 2020 forms print 实施单位
   *  empty). */
  表头可空: z.array(z.enum(HEADER_KEYS)).default([]),
  /** Columns the layout's printouts mark as required with ` *` (预期目标 *, 年度指标值 *): on the
   *  page, in the PDF and in the workbook's heads. */
  必填列: z.array(z.enum(REQUIRED_COLUMNS)).default([]),
  /** What a page that continues the indicator table repeats at its top, as the layout's printouts
   *  do: the side label 年度绩效指标, the 一级 and 二级 labels of the groups it continues, and the
   *  row of column heads (列标题). */
  续页重复: z.array(z.enum(CONTINUATION_REPEATS)).default(['年度绩效指标', '一级指标', '二级指标']),
  /** Indicator columns of the layout's own, printed after the official ones: each a field every
   *  三级指标 may write (字段), its kind (文字, 说明 for a paragraph, 数字) and whether it must. */
  附加列: z
    .array(
      z
        .object({
          字段: z.string().trim().min(1),
          类型: z.enum(['文字', '说明', '数字']).default('文字'),
          必填: z.boolean().default(false),
        })
        .strict(),
    )
    .default([]),
});
export type Layout = z.infer<typeof layoutSchema>;

export const gradeBandSchema = z.object({ 等级: z.string().min(1), 下限: z.number() }).strict();
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
  表头可空: [],
  附加列: [],
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
  // The 2020 municipal forms print 实施单位 empty: the 主管部门 carries out the project.
  表头可空: ['实施单位'],
  附加列: [],
};

/** The layouts every site has: a site's own layouts replace or add to them. */
export const BUILT_IN_LAYOUTS: Readonly<Record<string, Layout>> = { '2022': layout2022, '2020': layout2020 };
/** The layout of forms that name none, when the configuration does not choose another. */
export const DEFAULT_LAYOUT = '2022';

/** Grade bands, highest first: a total ≥ 下限 gets that 等级. National default 优/良/中/差. */
export const gradesSchema = z.array(gradeBandSchema).min(1).default([
  { 等级: '优', 下限: 90 },
  { 等级: '良', 下限: 80 },
  { 等级: '中', 下限: 60 },
  { 等级: '差', 下限: 0 },
]);

/** The qualitative bands when the configuration names none: 达成 from 80 %, 部分达成 from 60 %. */
export const DEFAULT_BANDS: Readonly<Record<'达成' | '部分达成' | '未达成', [number, number]>> = { 达成: [80, 100], 部分达成: [60, 80], 未达成: [0, 60] };

/** Qualitative bands, in percent of 分值: [下限, 上限]; the top band includes its 上限. */
export const qualitativeBandsSchema = z
  .object({ 达成: z.tuple([z.number(), z.number()]), 部分达成: z.tuple([z.number(), z.number()]), 未达成: z.tuple([z.number(), z.number()]) })
  .strict()
  .default(() => ({ ...DEFAULT_BANDS }));
export type QualitativeBands = z.infer<typeof qualitativeBandsSchema>;

export interface FormSettings {
  /** Layouts by name, the built-in ones included; looked up with layoutNamed. */
  layouts: Record<string, Layout>;
  /** Layout used by forms that do not name one with 版式. */
  defaultLayout: string;
  grades: GradeBand[];
  qualitativeBands: QualitativeBands;
}

/** What the schemas above cannot say: the default layout is defined, the bands are in order, and
 *  each layout's weights add up to 100. Throws, naming the configuration key. */
export function checkFormSettings({ layouts, defaultLayout, grades, qualitativeBands }: FormSettings): void {
  if (!Object.hasOwn(layouts, defaultLayout)) throw new Error(`defaultLayout: 版式「${defaultLayout}」未定义，可用：${Object.keys(layouts).join('、')}`);
  checkGrades(grades);
  checkQualitativeBands(qualitativeBands);
  for (const [name, layout] of Object.entries(layouts)) {
    // Integer weights in practice; compare in hundredths so that 12.5 + 87.5 still counts as 100.
    const total = Object.values(layout.绩效指标).reduce((sum, level) => sum + Math.round(level.分值 * 100), Math.round(layout.执行率分值 * 100));
    if (total !== 10000) throw new Error(`layouts.${name}: 执行率分值与各一级指标分值之和为 ${total / 100}，应为 100`);
    checkLayoutColumns(name, layout);
  }
}

/** A layout's own columns: each a new field, named once (a form's keys are its fields). */
function checkLayoutColumns(name: string, layout: Layout): void {
  const taken = new Set<string>([...GROUP_COLUMNS, ...INDICATOR_KEYS]);
  layout.附加列.forEach((column, index) => {
    if (taken.has(column.字段)) throw new Error(`layouts.${name}.附加列.${index}.字段: 「${column.字段}」已是指标表的列，附加列应另取名称`);
    taken.add(column.字段);
  });
}

/** Grade bands: highest first, each 下限 and 等级 once, 下限 within 0–100. */
function checkGrades(grades: readonly GradeBand[]): void {
  grades.forEach((band, index) => {
    if (band.下限 < 0 || band.下限 > 100) throw new Error(`grades.${index}.下限: ${band.下限} 不在 0 到 100 之间`);
    const previous = grades[index - 1];
    if (previous && band.下限 >= previous.下限) throw new Error(`grades.${index}: 「${band.等级}」的下限 ${band.下限} 不低于上一档「${previous.等级}」的 ${previous.下限}：等级应从高到低排列，下限各不相同`);
    if (grades.findIndex((other) => other.等级 === band.等级) !== index) throw new Error(`grades.${index}.等级: 「${band.等级}」出现了两次`);
  });
}

/** Qualitative bands: each [下限, 上限) within 0–100, 未达成 below 部分达成 below 达成, no gap or overlap. */
function checkQualitativeBands(bands: QualitativeBands): void {
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
export function layoutNamed(settings: Pick<FormSettings, 'layouts'>, name: string): Layout | undefined {
  return Object.hasOwn(settings.layouts, name) ? settings.layouts[name] : undefined;
}
