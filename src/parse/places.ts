// Where the nodes of the front matter are written: one plain tree, whichever parser read the text,
// and the lookups that diagnostics and the schema make in it.
/** A field's path in the front matter: keys and list indexes, 项目资金.当年财政拨款 → ['项目资金', '当年财政拨款']. */
export type FieldPath = readonly PropertyKey[];

/** A node's offset in the YAML text (where `yaml` starts its range), and what it contains. */
export interface NodePlace {
  start: number;
  /** A mapping's pairs by key (the first, when a key is written twice): the key's offset, the value. */
  pairs?: Map<string, { key: number; value: NodePlace }>;
  items?: NodePlace[];
  /** A scalar's text as written (a number's digits, not the number), and whether it was unquoted. */
  text?: string;
  plain?: boolean;
}

/** Offset of the node at `path`: its key by default, its value with part 'value'.
 *  A path that runs out early points at the last key found (the parent of what is missing). */
export function offsetAt(root: NodePlace, path: FieldPath, part: 'key' | 'value'): number {
  let node = root;
  let found = root.start;
  let lastKey = found;
  for (const [index, segment] of path.entries()) {
    const pair = node.pairs?.get(String(segment));
    const item = typeof segment === 'number' ? node.items?.[segment] : undefined;
    if (pair) {
      lastKey = pair.key;
      node = pair.value;
      found = index === path.length - 1 && part === 'key' ? pair.key : node.start;
    } else if (item) {
      node = item;
      found = lastKey = item.start;
    } else {
      return lastKey;
    }
  }
  return found;
}

/** The scalar at `path`, if there is one. */
export function scalarAt(root: NodePlace, path: FieldPath): { text: string; plain: boolean } | undefined {
  let node: NodePlace | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    node = node.pairs?.get(String(segment))?.value ?? (typeof segment === 'number' ? node.items?.[segment] : undefined);
  }
  return node?.text === undefined ? undefined : { text: node.text, plain: node.plain ?? false };
}
