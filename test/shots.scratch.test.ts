import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { it } from 'vitest';
import { ROOT } from './helpers.ts';

const SRC = process.env.OLD ? '/tmp/jx-old/src' : path.join(ROOT, 'src');
const tag = process.env.OLD ? 'before' : 'after';

function source(before: number, inGroup: number, lines: number) {
  const row = (name: string, 分值: number, text = name) => `      - { 三级指标: ${text}, 年度指标值: 1次, 实际完成值: 1次, 分值: ${分值}, 得分: ${分值} }`;
  const long = '按合同约定完成项目实施方案编制与评审并形成成果报告提交主管部门备案'.repeat(lines).slice(0, 12 * lines);
  return ['---', '项目编码: "440300999999999990001"', '项目名称: 分页测试项目', '绩效自评年度: 2022', '实施单位: 分页测试单位', '一级预算单位: 分页测试主管单位', '版式: stress',
    '项目资金:', '  当年财政拨款: [100.00, 100.00, 100.00]', '  上年结转资金: [0.00, 0.00, 0.00]', '  其他资金: [0.00, 0.00, 0.00]', '绩效指标:', '  产出指标:', '    数量指标:',
    ...Array.from({ length: before }, (_, i) => row(`数量${i + 1}`, 1)), '    项目实施过程中服务对象及社会公众满意程度指标:',
    ...Array.from({ length: inGroup }, (_, i) => row(`分组${i + 1}`, 1, `分组${i + 1}${long}`)), '    时效指标:', row('时效', 70 - before - inGroup), '  满意度指标:', '    服务对象满意度指标:', row('满意度', 20),
    '---', '', '## 预期目标', '', '按时完成项目的各项建设内容并通过验收，', '', '## 实际完成情况', '', '按时完成。', ''].join('\n');
}

it('shots', async () => {
  const { compileSource } = await import(`${SRC}/compile.ts`);
  const { resolveConfig } = await import(`${SRC}/config.ts`);
  const { startPrinter } = await import(`${SRC}/print/printer.ts`);
  const { writeAssets } = await import(`${SRC}/publish/assets.ts`);
  const { printForm } = await import(`${SRC}/publish/form.ts`);
  const { createRenderer } = await import(`${SRC}/render/render.ts`);
  const work = `/tmp/jx-shots-${tag}`;
  await mkdir(path.join(work, 'forms'), { recursive: true });
  await writeAssets(work);
  const printer = await startPrinter({ pages: 1, timeoutSeconds: 60, allowedRoot: work });
  const renderer = await createRenderer(path.dirname(SRC) + '/templates');
  const config = resolveConfig({ layouts: { stress: { 执行率分值: 10, 显示一级分值: true, 执行率显示: '百分数', 表头: ['项目编码', '项目名称', '绩效自评年度', '实施单位', '一级预算单位'], 绩效指标: { 产出指标: { 分值: 70, 二级指标: ['数量指标', '项目实施过程中服务对象及社会公众满意程度指标', '时效指标'] }, 满意度指标: { 分值: 20, 二级指标: ['服务对象满意度指标'] } } } } });
  const forms: Array<[string, string, string]> = [
    ['moved-group', 'content/2022/x/440300999999999990001.md', source(19, 3, 2)],
    ['continued-386', 'content/2022/深圳市规划和自然资源数据管理中心/440300221111561000386.md', await readFile(path.join(ROOT, 'content/2022/深圳市规划和自然资源数据管理中心/440300221111561000386.md'), 'utf8')],
  ];
  for (const [name, file, text] of forms) {
    const scored = compileSource(file, text, config).scored;
    const { pdf, pageStarts } = await printForm(scored, path.join(work, 'forms', name), { outDir: work, renderer, printer });
    console.log(tag, name, pageStarts);
    await writeFile(`/work/wt/_shots/print/${name}-${tag}.pdf`, pdf);
  }
  await printer.close();
}, 300_000);
