import parseJson from 'secure-json-parse';

/** What a text must contain to spell a `__proto__` or `constructor` key: the words themselves, or a `\u` escape. */
const SUSPECT_WORDS = ['__proto__', 'constructor', '\\u'] as const;

/**
 * JSON.parse, refusing `__proto__` and `constructor.prototype` keys (throws, with "prototype" in
 * the message). The secure parser scans the whole text with regular expressions; a substring test
 * first sends it only the texts (nearly none) that could hold such a key: the words themselves, or
 * a `\u` escape that could spell them.
 */
export function parseJsonRefusingProto(text: string): unknown {
  return parseJsonScreened(text, mayHoldPrototypeKey(text));
}

/** As `parseJsonRefusingProto`, the substring test already made (`mayHoldPrototypeKey`, or `bytesMayHoldPrototypeKey` on its bytes). */
export function parseJsonScreened(text: string, suspect: boolean): unknown {
  return suspect ? parseJson(text, null, { protoAction: 'error', constructorAction: 'error' }) : JSON.parse(text);
}

export function mayHoldPrototypeKey(text: string): boolean {
  return SUSPECT_WORDS.some((word) => text.includes(word));
}

const SUSPECT_BYTES = SUSPECT_WORDS.map((word) => Buffer.from(word, 'latin1'));

/**
 * The substring test on several texts' UTF-8 bytes at once, one after the other in `bytes` with
 * these lengths: for each, whether it may hold a prototype key. The words are ASCII, and UTF-8
 * writes ASCII as the same bytes and nothing else with them, so a text holds a word exactly when
 * its bytes do; a word across two texts marks both (harmless: they only take the secure parser).
 */
export function bytesMayHoldPrototypeKey(bytes: Uint8Array, lengths: ArrayLike<number>): Uint8Array {
  const suspect = new Uint8Array(lengths.length);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ends: number[] = [];
  let end = 0;
  for (let i = 0; i < lengths.length; i++) ends.push((end += Math.max(0, lengths[i]!)));
  for (const word of SUSPECT_BYTES) {
    for (let at = buffer.indexOf(word); at !== -1; at = buffer.indexOf(word, at + 1)) {
      for (let i = textAt(ends, at); i < ends.length && (i === 0 ? 0 : ends[i - 1]!) < at + word.length; i++) suspect[i] = 1;
    }
  }
  return suspect;
}

/** The index of the text holding byte `at`: the first whose end lies past it. */
function textAt(ends: ReadonlyArray<number>, at: number): number {
  let lo = 0, hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
