// The front matter of a plain form read by js-yaml's event parser, several times faster than the
// `yaml` document parser, which was most of the time `check` spent on a form. Plain: no tags,
// anchors, aliases or directives, every key a string written once, every place known for sure.
// For anything else this returns undefined and `yaml` reads the text (source.ts): its errors,
// messages and positions stay the reference. On the texts read here both give the same data and
// the same places, which the tests hold them to on the example forms and on thousands of
// mutations of them.
import {
  COLLECTION_STYLE,
  EVENT_ID,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import type { NodePlace } from './places.ts';

export interface FastFrontMatter {
  /** As `yaml` would give it, with numbers other than plain integers kept as the text written. */
  data: unknown;
  root: NodePlace;
}

/** Keys longer than this are an error for `yaml` (an implicit key runs at most 1024 characters). */
const LONGEST_KEY = 1000;

class NotPlain extends Error {}

export function readPlainFrontMatter(text: string): FastFrontMatter | undefined {
  // Left to `yaml`, where the two read a text differently: a carriage return alone (a line end
  // for js-yaml, as YAML says, not for `yaml`); a Tab where a line is indented (a mistake to
  // explain, or refused by `yaml` when only a comment follows it); a byte order mark within the
  // text (part of a key for one only); a line --- or ... (a document's start or end, which
  // js-yaml may read past).
  if (/\r(?!\n)|^ *\t|\uFEFF|^(?:---|\.\.\.)(?:\s|$)/m.test(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined; // `yaml` reads it again and says what is wrong
  }
  const document = events[0];
  if (
    document?.type !== EVENT_ID.DOCUMENT ||
    document.directives.length > 0 ||
    document.explicitStart ||
    document.explicitEnd
  )
    return undefined;
  if (events.length < 3 || events[events.length - 1]!.type !== EVENT_ID.POP) return undefined;
  try {
    const reader = new EventReader(text, events);
    const { data, root } = reader.node();
    if (reader.index !== events.length - 1) return undefined; // a second document
    return { data, root };
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

/** A node read: its data, its places, and the offset just after it. */
interface NodeRead {
  data: unknown;
  root: NodePlace;
  end: number;
}

class EventReader {
  index = 1;
  constructor(
    private readonly text: string,
    private readonly events: Event[],
  ) {}

  /** The node at the current event. `emptyAt`: where an empty value would start. */
  node(emptyAt?: number): NodeRead {
    const event = this.events[this.index++]!;
    if (event.type === EVENT_ID.SCALAR) return this.scalar(event, emptyAt);
    if (event.type !== EVENT_ID.MAPPING && event.type !== EVENT_ID.SEQUENCE) throw new NotPlain(); // an alias, or a document where a node belongs
    if (event.anchorStart >= 0 || event.tagStart >= 0) throw new NotPlain();
    const read = event.type === EVENT_ID.MAPPING ? this.mapping(event.start) : this.sequence(event.start);
    if (event.style === COLLECTION_STYLE.FLOW)
      read.end = this.closed(read.end, event.type === EVENT_ID.MAPPING ? '}' : ']');
    return read;
  }

  private mapping(start: number): NodeRead {
    const data: Record<string, unknown> = {};
    const pairs = new Map<string, { key: number; value: NodePlace }>();
    let end = start + 1;
    while (this.events[this.index]!.type !== EVENT_ID.POP) {
      const keyEvent = this.events[this.index++]!;
      if (
        keyEvent.type !== EVENT_ID.SCALAR ||
        keyEvent.valueStart < 0 ||
        keyEvent.valueEnd - keyEvent.valueStart > LONGEST_KEY
      )
        throw new NotPlain();
      const key = this.scalar(keyEvent);
      // Keys that `yaml` reads as numbers, booleans or null become text there by rules of its own;
      // a key written twice is an error it reports; __proto__ it defines as a plain property.
      if (typeof key.data !== 'string' || pairs.has(key.data) || key.data === '__proto__') throw new NotPlain();
      const value = this.node(this.afterColon(key.end));
      data[key.data] = value.data;
      pairs.set(key.data, { key: key.root.start, value: value.root });
      end = value.end;
    }
    this.index += 1;
    return { data, root: { start, pairs }, end };
  }

  private sequence(start: number): NodeRead {
    const data: unknown[] = [];
    const items: NodePlace[] = [];
    let end = start + 1;
    while (this.events[this.index]!.type !== EVENT_ID.POP) {
      // Where an empty item starts depends on its -, which the events do not give.
      const item = this.node(undefined);
      data.push(item.data);
      items.push(item.root);
      end = item.end;
    }
    this.index += 1;
    return { data, root: { start, items }, end };
  }

  private scalar(event: ScalarEvent, emptyAt?: number): NodeRead {
    if (event.anchorStart >= 0 || event.tagStart >= 0) throw new NotPlain();
    const plain = event.style === SCALAR_STYLE.PLAIN;
    if (event.valueStart < 0) {
      if (!plain || emptyAt === undefined) throw new NotPlain();
      return { data: null, root: { start: emptyAt, text: '', plain }, end: emptyAt };
    }
    const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
    const end = quoted ? this.followed(event.valueEnd + 1) : event.valueEnd;
    const text = getScalarValue(this.text, event);
    return { data: plain ? plainValue(text) : text, root: { start: this.scalarStart(event), text, plain }, end };
  }

  /** Just after the bracket that closes a flow collection whose last item ends at `from`. */
  private closed(from: number, bracket: '}' | ']'): number {
    let at = from;
    for (;;) {
      const char = this.text[at];
      if (char === bracket) return this.followed(at + 1);
      if (char === '#' && /\s/.test(this.text[at - 1] ?? '')) {
        at = this.text.indexOf('\n', at); // a comment, to the end of its line
        if (at < 0) throw new NotPlain();
      } else if (char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === ',') at += 1;
      else throw new NotPlain();
    }
  }

  /** `end`, after a closing quote or bracket, where js-yaml reads text that follows on the same
   *  line ('x'y, {…}  y: 1) as if it began a new one, and `yaml` refuses it. */
  private followed(end: number): number {
    let at = end;
    while (this.text[at] === ' ' || this.text[at] === '\t') at += 1;
    const next = this.text[at];
    const fine = next === undefined || /[\r\n,:\]}]/.test(next) || (next === '#' && at > end);
    if (!fine) throw new NotPlain();
    return end;
  }

  /** Where `yaml` starts a scalar: at its opening quote, at a block scalar's | or > header. */
  private scalarStart(event: ScalarEvent): number {
    switch (event.style) {
      case SCALAR_STYLE.SINGLE_QUOTED:
      case SCALAR_STYLE.DOUBLE_QUOTED:
        return event.valueStart - 1;
      case SCALAR_STYLE.LITERAL_BLOCK:
      case SCALAR_STYLE.FOLDED_BLOCK: {
        // The content starts on the line after the header. A header line with a comment (which
        // may hold a | or > of its own) is left to `yaml`, and so is an indentation indicator
        // (|2), where the two read lines of spaces at the end differently.
        const headerLineEnd = this.text.lastIndexOf('\n', event.valueStart - 1);
        const lineStart = this.text.lastIndexOf('\n', headerLineEnd - 1) + 1;
        const line = this.text.slice(lineStart, headerLineEnd);
        const header = /[|>][+-]?[ \t\r]*$/.exec(line);
        if (headerLineEnd < 0 || !header || line.includes('#')) throw new NotPlain();
        return lineStart + header.index;
      }
      default:
        return event.valueStart;
    }
  }

  /** Just after the colon that follows a key ending at `from`, and the spaces after it: where
   *  `yaml` places an empty value. Undefined when the colon is not the next thing written. */
  private afterColon(from: number): number | undefined {
    let at = from;
    while (this.text[at] === ' ' || this.text[at] === '\t') at += 1;
    if (this.text[at] !== ':') return undefined;
    at += 1;
    while (this.text[at] === ' ' || this.text[at] === '\t') at += 1;
    return at;
  }
}

/** A plain scalar as YAML 1.2's core schema reads it, with numbers as source.ts keeps them: a plain
 *  integer within 2^53 is a number, any other number stays the text it was written as. */
function plainValue(text: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(text)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(text)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) {
    const number = Number(text);
    if (Number.isSafeInteger(number) && !Object.is(number, -0)) return number;
  }
  return text;
}
