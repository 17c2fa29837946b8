// The form as the editor shows it, read from the source as written: nothing is validated, so a
// wrong value is shown as it is and its diagnostic sits beside it. The cells follow the field
// model (schema/fields.ts) and the form's layout, so that every column of the printout has one.
import { isScalar, isSeq } from 'yaml';
import type { SiteConfig } from '../config/load.ts';
import { readBody } from '../parse/body.ts';
import {
  BODY_SECTIONS,
  FORM_FIELDS,
  FUNDS_COLUMNS,
  FUNDS_ROWS,
  HEADER_KEYS,
  headerKind,
  indicatorFields,
  type HeaderKey,
  type IndicatorField,
} from '../schema/fields.ts';
import { layoutNamed, type Layout } from '../schema/form-settings.ts';
import { NOT_APPLICABLE } from '../schema/form.ts';
import type { CellKind, CellPath, EditableCell, EditableForm, EditableGroup } from './protocol.ts';
import { nodeAt, type SourceParts, writtenText } from './source-parts.ts';

/** The first path step of a body section's cell: ['正文', '预期目标']. */
export const BODY = '正文';

/** The published values a form may write below its table (总分, 等级): shown with the header. */
const PUBLISHED_KEYS = ['总分', '等级'] as const;

/** What kind of cell an indicator column is. */
export function indicatorCellKind(field: Pick<IndicatorField, 'kind'>): CellKind {
  if (field.kind === 'prose') return 'prose';
  return field.kind === 'weight' || field.kind === 'score' || field.kind === 'figure' ? 'figure' : 'text';
}

/** The layout a source names (版式), else the configuration's default. */
export function layoutOf(parts: SourceParts | undefined, config: SiteConfig): { name: string; layout: Layout } {
  const written = parts ? nodeAt(parts.doc, ['版式']) : undefined;
  const name = isScalar(written) && written.value !== null ? String(written.value) : config.defaultLayout;
  const layout = layoutNamed(config, name);
  return layout ? { name, layout } : { name: config.defaultLayout, layout: layoutNamed(config, config.defaultLayout)! };
}

/** The editable form of a source; `parts` undefined (a source that cannot be read cell by cell)
 *  gives the layout's empty form. */
export function readCells(parts: SourceParts | undefined, config: SiteConfig): EditableForm {
  const { name, layout } = layoutOf(parts, config);
  const textAt = (path: CellPath) => (parts ? writtenText(parts, nodeAt(parts.doc, path)) : '');
  const cell = (path: CellPath, label: string, kind: CellKind, required: boolean): EditableCell => ({
    path,
    label,
    kind,
    required,
    text: textAt(path),
  });
  const header = headerKeys(parts, layout).map((key) => {
    const required = layout.表头.includes(key) && !layout.表头可空.includes(key);
    return cell([key], key, headerKind(key), required);
  });
  for (const key of PUBLISHED_KEYS) {
    const field = FORM_FIELDS.find((candidate) => candidate.key === key)!;
    header.push(cell([key], field.diffLabel, headerKind(key), false));
  }
  const funds = FUNDS_ROWS.map((row) => ({
    row,
    cells: FUNDS_COLUMNS.map((column, index) => cell(['项目资金', row, index], column, 'money', true)),
  }));
  const fields = indicatorFields(layout);
  const columns = fields.map((field) => ({
    key: field.key,
    label: field.key,
    kind: indicatorCellKind(field),
    required: field.required,
  }));
  const groups: EditableGroup[] = [];
  for (const [first, level] of Object.entries(layout.绩效指标)) {
    for (const second of level.二级指标) {
      const path = ['绩效指标', first, second];
      const node = parts ? nodeAt(parts.doc, path) : undefined;
      const count = isSeq(node) ? node.items.length : 0;
      groups.push({
        path,
        一级指标: first,
        二级指标: second,
        notApplicable: isScalar(node) && node.value === NOT_APPLICABLE,
        rows: Array.from({ length: count }, (_, index) =>
          columns.map((column) => cell([...path, index, column.key], column.label, column.kind, column.required)),
        ),
      });
    }
  }
  const bodySections = parts ? readBody(parts.text.slice(parts.bodyStart), 0) : undefined;
  const sections = BODY_SECTIONS.map((section) => ({
    path: [BODY, section],
    label: section,
    kind: 'prose' as const,
    required: layout.必填列.includes(section),
    text: sectionText(bodySections?.get(section)),
  }));
  return { layout: name, header, funds, sections, columns, groups };
}

/** A section's paragraphs as one cell: paragraphs separated by an empty line. */
export function sectionText(section: { paragraphs: Array<{ text: string }> } | undefined): string {
  return section ? section.paragraphs.map((paragraph) => paragraph.text).join('\n\n') : '';
}

/** The header fields the editor shows: the layout's, and any other the source writes, in the order
 *  a hand-written form writes them; 项目编码 and 绩效自评年度 always (they name the file). */
function headerKeys(parts: SourceParts | undefined, layout: Layout): HeaderKey[] {
  return HEADER_KEYS.filter(
    (key) =>
      layout.表头.includes(key) ||
      key === '项目编码' ||
      key === '绩效自评年度' ||
      (parts !== undefined && nodeAt(parts.doc, [key]) !== undefined),
  );
}
