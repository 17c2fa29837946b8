// How the actual value of a qualitative indicator is read: 达成, 部分达成, 未达成, or no band.
// Each row is a real phrasing: the first group from published forms, the rest as budget units
// write them in their self-evaluations.
import { describe, expect, it } from 'vitest';
import { isQualitative, qualitativeBand } from '../src/score/qualitative.ts';

const NONE = undefined;

const PUBLISHED: Array<[string, string, string | undefined]> = [
  ['有效', '有效', '达成'],
  ['及时', '及时', '达成'],
  ['有效保障', '有效保障', '达成'],
  ['良好', '良好', '达成'],
  ['满意', '满意', '达成'],
  ['完成', '完成', '达成'],
  ['绩效考核成绩优良', '优', '达成'],
  ['按照合同约定', '按照合同约定完成', '达成'],
  ['在项目成本预算内执行', '不超预算', '达成'],
  ['不超年度预算', '不超年度预算', '达成'],
  ['及时', '100%', '达成'],
  ['有效降低', '100%', '达成'],
  ['系统正常运行', '100%', '达成'],
  ['为全区各部门提供数据服务,降低数据资源重复建设成本。', '100%降低', '达成'],
  ['推动龙岗区政务信息资源共享和应用,为政府决策提供快捷、可靠的依据。', '100%推动', '达成'],
  ['及时', '不适用（财政收回）', '未达成'],
  ['有效', '不适用（财政收回）', '未达成'],
  ['及时', '不适用', '未达成'],
  ['及时', '0%', '未达成'],
  ['有效提高', '0%', '未达成'],
  ['按照课题合同验收', '按合同，本年度应结题课题26个，实际结题26个', NONE],
  ['根据2022年学术委员会确定', '学术委员会对实验室一年的管理与建设予以肯定', NONE],
  ['有效', '99.71%', NONE],
];

const WRITTEN: Array<[string, string, string | undefined]> = [
  // negations: 未达成
  ['满足需求', '不满足', '未达成'],
  ['达标', '不达标', '未达成'],
  ['及时', '不及时', '未达成'],
  ['合格', '不合格', '未达成'],
  ['满意', '不满意', '未达成'],
  ['按时完成', '未按时完成', '未达成'],
  ['按期完成', '未按期完成', '未达成'],
  ['完成验收', '没有完成验收', '未达成'],
  ['按期完成', '无法按期完成', '未达成'],
  ['完成验收', '尚未验收', '未达成'],
  ['完成', '未完成', '未达成'],
  ['达到预期', '未达到预期', '未达成'],
  ['开展培训', '未开展', '未达成'],
  ['有效', '无效', '未达成'],
  ['完成', '否', '未达成'],
  ['完成', '项目延期', NONE],
  ['及时', '未能及时处理', '未达成'],
  ['有效保障', '没有保障', '未达成'],
  // hedges: 部分达成
  ['满意', '基本满意', '部分达成'],
  ['完成', '基本完成', '部分达成'],
  ['完成', '大部分完成', '部分达成'],
  ['完成', '部分完成', '部分达成'],
  ['达到预期', '基本达到预期', '部分达成'],
  ['完成', '初步完成', '部分达成'],
  ['完成', '未全部完成', '部分达成'],
  ['满足', '未完全满足', '部分达成'],
  ['满意', '一般', '部分达成'],
  // plain positives and the words that only look negative: 达成
  ['满足需求', '满足', '达成'],
  ['按时完成', '已按时完成', '达成'],
  ['完成', '已完成', '达成'],
  ['安全稳定运行', '系统7x24小时不间断运行', '达成'],
  ['无重大安全事故', '未发生安全事故', '达成'],
  ['零投诉', '无投诉', '达成'],
  ['有效', '是', '达成'],
  ['不超过预算', '不超过预算', '达成'],
  ['符合要求', '符合要求', '达成'],
  ['通过验收', '通过验收', '达成'],
  ['有效', '100.00%', '达成'],
];

describe('qualitative actual values', () => {
  it.each([...PUBLISHED, ...WRITTEN])('%s / %s → %s', (target, actual, expected) => {
    expect(qualitativeBand(target, actual)).toBe(expected);
  });

  it('covers at least 40 phrasings, every band and no band', () => {
    const all = [...PUBLISHED, ...WRITTEN];
    expect(all.length).toBeGreaterThanOrEqual(40);
    for (const band of ['达成', '部分达成', '未达成', NONE])
      expect(all.some(([, , expected]) => expected === band)).toBe(true);
  });

  it('a number is not qualitative; a word is, even with a bound in it', () => {
    expect(isQualitative('≥95%')).toBe(false);
    expect(isQualitative('12次')).toBe(false);
    expect(isQualitative('及时')).toBe(true);
    expect(isQualitative('不超年度预算')).toBe(false);
    expect(isQualitative('在项目成本预算内执行')).toBe(false);
  });
});
