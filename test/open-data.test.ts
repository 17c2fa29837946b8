// Open data files: CSV quoting and formula-injection escaping, folder names without hidden characters.
import { describe, expect, it } from 'vitest';
import { HIDDEN_CHARACTERS } from '../src/core/diagnostic.ts';
import { toCsv } from '../src/publish/open-data.ts';
import { safeSegment } from '../src/core/output-paths.ts';

describe('summary.csv', () => {
  it('escapes text that a spreadsheet would run as a formula, and only text', () => {
    const rows = [
      { 项目名称: '=HYPERLINK("http://x","点我")', 实施单位: '+1', 备注: '-2', 其他: '@SUM(A1)', 数: -3 },
      { 项目名称: '\t制表符开头', 实施单位: '\r回车开头', 备注: '正常', 其他: 'a=b', 数: 4 },
    ];
    const lines = toCsv(rows)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://x"",""点我"")",'+1,'-2,'@SUM(A1),-3`);
    expect(lines[2]).toBe(`'\t制表符开头,"'\r回车开头",正常,a=b,4`);
  });
});

describe('folder names', () => {
  it('drop every character of the hidden-characters pattern, BOM and word joiner included', () => {
    for (const hidden of ['\uFEFF', '\u2060', '\u200B', '\u202E', '\u0007']) {
      expect(HIDDEN_CHARACTERS.test(hidden)).toBe(true);
      expect(safeSegment(`深圳${hidden}市某局`)).toBe('深圳市某局');
    }
    expect(safeSegment('a\tb\nc')).toBe('a b c');
  });
});
