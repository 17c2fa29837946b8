// The cell styles of several workbooks made one table, for a workbook whose sheets come from
// others (year-workbook.ts). A sheet's cells name their style by its place in its own workbook's
// styles.xml (`s="5"`); here each such style is taken apart into what it refers to (font, fill,
// border, number format), found or added in the one table, and the sheet's places are renumbered.
// Styles are added in the order first met: the first workbook's defaults stay at 0, and a style
// met again gets the place it had.

/** One workbook's styles.xml, read: each cell style (xf) as the table knows it. */
export interface LocalStyles {
  /** The cellXfs in order, each with what it refers to written out. */
  xfs: StyleOf[];
}

interface StyleOf {
  xf: string;
  numFmt: string;
  font: string;
  fill: string;
  border: string;
}

const section = (xml: string, name: string): string =>
  new RegExp(`<${name}\\b[^>]*?(?:/>|>([\\s\\S]*?)</${name}>)`).exec(xml)?.[1] ?? '';
const elements = (xml: string, name: string): string[] =>
  xml.match(new RegExp(`<${name}\\b[^>]*?/>|<${name}\\b[^>]*>[\\s\\S]*?</${name}>`, 'g')) ?? [];
const attribute = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
/** The opening tag of an element alone. */
const openingTag = (element: string) => /^<[^>]*>/.exec(element)![0];

/** Number formats below 164 are Excel's own; others are the workbook's, by their code. */
const FIRST_CUSTOM_FORMAT = 164;

export function readStyles(xml: string): LocalStyles {
  const formats = new Map(
    elements(section(xml, 'numFmts'), 'numFmt').map((tag) => [
      attribute(tag, 'numFmtId')!,
      attribute(tag, 'formatCode')!,
    ]),
  );
  const fonts = elements(section(xml, 'fonts'), 'font');
  const fills = elements(section(xml, 'fills'), 'fill');
  const borders = elements(section(xml, 'borders'), 'border');
  const xfs = elements(section(xml, 'cellXfs'), 'xf').map((xf) => {
    const tag = openingTag(xf);
    const id = (name: string) => Number(attribute(tag, name) ?? 0);
    const numFmtId = id('numFmtId');
    return {
      xf,
      numFmt: numFmtId < FIRST_CUSTOM_FORMAT ? String(numFmtId) : `code:${formats.get(String(numFmtId)) ?? ''}`,
      font: fonts[id('fontId')] ?? '',
      fill: fills[id('fillId')] ?? '',
      border: borders[id('borderId')] ?? '',
    };
  });
  return { xfs };
}

/** Places in a list of distinct XML elements, each added once. */
class Places {
  readonly items: string[] = [];
  private readonly index = new Map<string, number>();
  placeOf(item: string): number {
    let place = this.index.get(item);
    if (place === undefined) {
      place = this.items.push(item) - 1;
      this.index.set(item, place);
    }
    return place;
  }
}

export class StyleTable {
  private readonly fonts = new Places();
  private readonly fills = new Places();
  private readonly borders = new Places();
  private readonly formats = new Places();
  private readonly xfs = new Places();

  /** Each local style's place in the table (a style new to it added). */
  add(local: LocalStyles): number[] {
    return local.xfs.map((style) => {
      const ids: Record<string, number> = {
        numFmtId: style.numFmt.startsWith('code:')
          ? FIRST_CUSTOM_FORMAT + this.formats.placeOf(style.numFmt.slice('code:'.length))
          : Number(style.numFmt),
        fontId: this.fonts.placeOf(style.font),
        fillId: this.fills.placeOf(style.fill),
        borderId: this.borders.placeOf(style.border),
      };
      const tag = openingTag(style.xf).replace(
        /\s(numFmtId|fontId|fillId|borderId)="\d+"/g,
        (_, name: string) => ` ${name}="${ids[name]}"`,
      );
      return this.xfs.placeOf(tag + style.xf.slice(openingTag(style.xf).length));
    });
  }

  /** `base` (the first workbook's styles.xml) with its formats, fonts, fills, borders and cell
   *  styles those of the table. */
  styleSheet(base: string): string {
    const list = (name: string, items: readonly string[]) => (xml: string) =>
      xml.replace(
        new RegExp(`(<${name}\\b[^>]*?)\\scount="\\d+"([^>]*?)(?:/>|>[\\s\\S]*?</${name}>)`),
        (_, start: string, rest: string) => `${start} count="${items.length}"${rest}>${items.join('')}</${name}>`,
      );
    const formats = this.formats.items.map(
      (code, place) => `<numFmt numFmtId="${FIRST_CUSTOM_FORMAT + place}" formatCode="${code}"/>`,
    );
    let xml = base;
    if (formats.length > 0 && !/<numFmts\b/.test(xml)) xml = xml.replace(/<fonts\b/, '<numFmts count="0"/><fonts');
    xml = formats.length > 0 ? list('numFmts', formats)(xml) : xml.replace(/<numFmts\b[\s\S]*?(?:<\/numFmts>|\/>)/, '');
    for (const [name, items] of [
      ['fonts', this.fonts.items],
      ['fills', this.fills.items],
      ['borders', this.borders.items],
      ['cellXfs', this.xfs.items],
    ] as const)
      xml = list(name, items)(xml);
    return xml;
  }
}

/** A sheet's XML with each style place (`s` of a cell or row, `style` of a column) renumbered. */
export function renumberStyles(sheetXml: string, places: readonly number[]): string {
  const place = (local: string) => {
    const found = places[Number(local)];
    if (found === undefined) throw new Error(`工作表引用了不存在的样式 ${local}`);
    return found;
  };
  return sheetXml.replace(
    /(<(?:c|row)\s[^>]*?\bs=")(\d+)"|(<col\s[^>]*?\bstyle=")(\d+)"/g,
    (_, cellStart?: string, cellStyle?: string, colStart?: string, colStyle?: string) =>
      cellStart ? `${cellStart}${place(cellStyle!)}"` : `${colStart}${place(colStyle!)}"`,
  );
}
