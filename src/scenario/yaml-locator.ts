import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** Which spot of a field to point at. */
export type LocateTarget =
  /** the field's value (wrong type, out of range) */
  | 'value'
  /** the field's key (an unknown or invalid key) */
  | 'key'
  /** the mapping that holds the field (a missing key) */
  | 'parent';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps a field path (`['campaigns', 0, 'frequencyCap']`) to a 1-based line and column of the
 * YAML source, through the node ranges the parser keeps. A path that leaves the document (a
 * missing key) stops at the deepest node that exists.
 */
export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  locate(path: readonly PropertyKey[], target: LocateTarget): Position {
    const walk = target === 'parent' ? path.slice(0, -1) : path;
    let node: unknown = this.doc.contents;
    // A mapping is pointed at by the key that introduces it (`world:`), an item by its own start.
    let spot: Node | undefined = isNodeWithRange(node) ? node : undefined;
    for (const [index, segment] of walk.entries()) {
      node = isAlias(node) ? node.resolve(this.doc) : node;
      let next: unknown;
      let key: unknown;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
        key = pair?.key;
        next = pair?.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      }
      const last = index === walk.length - 1;
      if (isNodeWithRange(key) && (target !== 'value' || !last || !isNodeWithRange(next) || isEmpty(next))) spot = key;
      else if (isNodeWithRange(next)) spot = next;
      else break;
      node = next;
    }
    return spot ? this.position(spot) : { line: 1, column: 1 };
  }

  /** Position of a source offset. */
  at(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  private position(node: Node): Position {
    return this.at(node.range?.[0] ?? 0);
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return key === null || key === undefined ? undefined : String(key);
}

// `key:` with nothing after it: point at the key, not at the end of the line.
function isEmpty(node: Node): boolean {
  return isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1];
}

function isNodeWithRange(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value && Array.isArray((value as Node).range);
}
