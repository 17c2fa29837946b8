// A form read from a workbook, written as a source file the way hand-written ones are: the header
// fields, funds rows as [年初预算数, 全年预算数, 全年执行数], an indicator a line ({ … }) unless it
// has an explanation, 不适用 for an empty 二级, then the two body sections. Quoting is left to the
// YAML library, so that any text reads back as written.
import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { NOT_APPLICABLE, PLACEHOLDER } from '../schema/form.ts';
import { HEADER_KEYS, headerKind, indicatorFields, isNumberKind, type IndicatorField } from '../schema/fields.ts';
import type { ImportedForm } from './read-sheet.ts';
import { houseStyle } from '../edit/house-style.ts';

/** The header fields in the order of a hand-written form. */
const FIELD_ORDER = HEADER_KEYS;

export function sourceText(form: ImportedForm, defaultLayout: string): string {
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  if (form.layoutName !== defaultLayout) root.set('版式', form.layoutName);
  for (const field of FIELD_ORDER) {
    const value = form.header.get(field);
    if (value === undefined) continue;
    if (headerKind(field) === 'year' && /^\d{4}$/.test(value)) root.set(field, Number(value));
    else if (headerKind(field) === 'money') root.set(field, amount(value));
    else root.set(field, value);
  }
  const funds = new YAMLMap();
  for (const [row, values] of form.funds) {
    const seq = new YAMLSeq();
    seq.flow = true;
    for (const value of values) seq.add(amount(value));
    funds.set(row, seq);
  }
  root.set('项目资金', funds);
  const levels = new YAMLMap();
  const fields = indicatorFields(form.layout);
  for (const [first, groups] of form.indicators) {
    const level = new YAMLMap();
    for (const [second, indicators] of groups) {
      if (indicators.length === 0) {
        level.set(second, NOT_APPLICABLE);
        continue;
      }
      const list = new YAMLSeq();
      for (const indicator of indicators) {
        const row = new YAMLMap();
        for (const field of fields) {
          const value = indicator[field.key];
          if (value !== undefined) row.set(field.key, written(field, value));
        }
        // A paragraph makes the row a block mapping.
        row.flow = !fields.some((field) => field.kind === 'prose' && indicator[field.key] !== undefined);
        list.add(row);
      }
      level.set(second, list);
    }
    levels.set(first, level);
  }
  root.set('绩效指标', levels);
  if (form.总分 !== undefined) root.set('总分', figure(form.总分));
  const yaml = houseStyle(doc);
  const section = (title: string, paragraphs: string[]) => [
    `## ${title}`,
    '',
    ...(paragraphs.length ? paragraphs.map(markdownText).join('\n\n').split('\n') : []),
    '',
  ];
  return [
    '---',
    yaml.trimEnd(),
    '---',
    '',
    ...section('预期目标', form.预期目标),
    ...section('实际完成情况', form.实际完成情况),
  ].join('\n');
}

/** An amount with its cents, as amounts are written: 4817000.00; the placeholder as itself. */
function amount(text: string): Scalar {
  const scalar = new Scalar(Number(text));
  scalar.minFractionDigits = 2;
  return exact(scalar, text);
}

/** A score or weight as written: 10, 9.5; the placeholder as itself. */
function figure(text: string): Scalar {
  return exact(new Scalar(Number(text)), text);
}

/** A number kept as text when a JavaScript number would not give its digits back (more than 15
 *  significant digits): the schema reads both exactly. The placeholder stays itself. */
function exact(scalar: Scalar, text: string): Scalar {
  if (text === PLACEHOLDER) return new Scalar(PLACEHOLDER);
  const digits = text.replace(/^[+-]/, '').replace('.', '').replace(/^0+/, '');
  return digits.length > 15 ? new Scalar(text) : scalar;
}

/** A field's value as the source writes it: figures as numbers, a short cell as a number where
 *  it is one, text as text. */
function written(field: IndicatorField, value: string): Scalar | string {
  if (isNumberKind(field.kind)) return figure(value);
  return field.kind === 'cell' ? cell(value) : value;
}

/** A target or actual: a bare number when it is one (1, 0.8), else text. */
function cell(text: string): Scalar {
  return /^(0|[1-9]\d{0,14})(\.\d*[1-9])?$/.test(text) ? new Scalar(Number(text)) : new Scalar(text);
}

/** A paragraph as Markdown that reads back as the same text: marks that Markdown would take as
 *  syntax (a heading, a quote, a list, a thematic break such as ---, emphasis, code, a link, HTML,
 *  an entity) are escaped with a backslash, and only those, so that the text stays readable. */
function markdownText(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/[\\`*_[\]<>#|~&]/g, (mark) => `\\${mark}`)
        .replace(/^[-+](?=[ \t]|$)|^-(?=(?:[ \t]*-){2,}[ \t]*$)|^=+(?=[ \t]*$)/, (mark) => `\\${mark}`)
        .replace(/^(\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2'),
    )
    .join('\n');
}
