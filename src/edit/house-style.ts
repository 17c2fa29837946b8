// A front matter as jixiao writes it (`jixiao import`, `jixiao new`): one line a field, funds rows
// as [a, b, c], and an indicator row as a flow mapping with a space inside its braces
// ({ 三级指标: …, 分值: 5 }), as hand-written rows are.
import { isSeq, parseDocument, visit, type Document } from 'yaml';

export function houseStyle(doc: Document): string {
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  // The rows are found in the text written, parsed again, not by the look of its lines: a block of
  // text may hold a line `- {…}` of its own, and U+2028 inside a value ends a line for a
  // JavaScript pattern, not for YAML.
  const rows: Array<[start: number, end: number]> = [];
  visit(parseDocument(text), {
    Map(_, node, path) {
      if (node.flow && node.range && isSeq(path.at(-1))) rows.push([node.range[0], node.range[1]]);
    },
  });
  let styled = text;
  for (const [start, end] of rows.sort((a, b) => b[0] - a[0]))
    styled = `${styled.slice(0, start + 1)} ${styled.slice(start + 1, end - 1)} ${styled.slice(end - 1)}`;
  return styled;
}
