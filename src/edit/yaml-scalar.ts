// A typed value as YAML text, written as a person would: plain where YAML reads it back as typed,
// in the quoting style of the value it replaces where that style can hold it, a `|-` block for
// several lines, double quotes otherwise. Each candidate is read back before it is chosen: what is
// written always reads as what was typed.
import { isScalar, parseDocument, Scalar } from 'yaml';
import type { CellKind } from './protocol.ts';

export interface ScalarPlace {
  kind: CellKind;
  /** A value in a flow mapping ({ … }), a flow sequence ([ … ]) or a block mapping. */
  flow: 'map' | 'seq' | false;
  /** Spaces before the key: a block scalar's lines go two further. */
  keyColumn: number;
  newline: string;
  /** The value replaced, for its quoting style. */
  previous?: Scalar;
}

/** Decimal numbers as a form writes amounts and scores: they are written plain and keep their form. */
const DECIMAL = /^[+-]?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const NUMBER_KINDS: ReadonlySet<CellKind> = new Set(['money', 'figure', 'year']);
/** What a YAML stream may not hold as it is (and a line break other than \n, which YAML would read
 *  as one): written as an escape in double quotes. */
const UNPRINTABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]/;

export function scalarText(typed: string, place: ScalarPlace): string {
  for (const candidate of candidates(typed, place)) if (readsBack(candidate, typed, place)) return candidate;
  return doubleQuoted(typed);
}

function candidates(typed: string, place: ScalarPlace): string[] {
  const previous = place.previous?.type;
  const list: string[] = [];
  const multiLine = typed.includes('\n');
  if (multiLine && !place.flow && !UNPRINTABLE.test(typed) && !typed.endsWith('\n'))
    list.push(literalBlock(typed, place));
  if (previous === Scalar.QUOTE_SINGLE && !multiLine) list.push(`'${typed.replace(/'/g, "''")}'`);
  if (previous === Scalar.QUOTE_DOUBLE) list.push(doubleQuoted(typed));
  if (!multiLine && typed.trim() === typed && typed !== '') list.push(typed);
  return list;
}

/** Whether YAML, in the value's place, reads the candidate as the typed text: a string equal to it,
 *  or (in a number's cell, or where a number was written bare) a decimal number written as typed. */
function readsBack(candidate: string, typed: string, place: ScalarPlace): boolean {
  const column = ' '.repeat(place.keyColumn);
  const source =
    place.flow === 'map'
      ? `{ k: ${candidate} }`
      : place.flow === 'seq'
        ? `[${candidate}]`
        : `${column}k: ${candidate}\n`;
  const doc = parseDocument(source);
  if (doc.errors.length > 0 || doc.warnings.length > 0) return false;
  const node = place.flow === 'seq' ? doc.getIn([0], true) : doc.get('k', true);
  if (!isScalar(node)) return false;
  if (typeof node.value === 'string') return node.value === typed;
  const numberAllowed =
    NUMBER_KINDS.has(place.kind) || (place.previous?.type === Scalar.PLAIN && typeof place.previous.value === 'number');
  return typeof node.value === 'number' && numberAllowed && DECIMAL.test(typed) && candidate === typed;
}

/** A `|-` block, its lines two spaces further than the key; an indentation indicator when the
 *  first line begins with a space (YAML would take it for the indentation). */
function literalBlock(typed: string, place: ScalarPlace): string {
  const indent = ' '.repeat(place.keyColumn + 2);
  const indicator = /^[ \t]/.test(typed) || /^\n*[ ]/.test(typed) ? '2' : '';
  const lines = typed.split('\n').map((line) => (line === '' ? '' : `${indent}${line}`));
  return `|${indicator}-${place.newline}${lines.join(place.newline)}`;
}

/** Double quotes, with YAML's escapes for what cannot be written as it is. */
export function doubleQuoted(typed: string): string {
  let out = '';
  for (const char of typed) {
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (UNPRINTABLE.test(char)) {
      for (let index = 0; index < char.length; index += 1)
        out += `\\u${char.charCodeAt(index).toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return `"${out}"`;
}
