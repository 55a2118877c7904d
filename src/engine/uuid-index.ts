const NO_VALUE = -1;
/** Int32 words of a slot before its payload: the id's four words and the value. */
const HEAD = 5;
const VALUE = 4;
/** The narrowest slot, in int32 words: 32 bytes. */
const MIN_STRIDE = 8;

/**
 * A map from UUID-shaped strings (advertising ids: GAID, IDFA) to non-negative integers, kept as
 * the ids' 128 bits in an open-addressing table of typed arrays rather than as strings in a Map.
 * A lookup parses the 36 characters and probes the table: no string hashing, no string
 * comparison, no garbage; and 500,000 ids take about 64 bytes each instead of about 80 plus a
 * string. An id's words and its value share one 32-byte slot: a lookup in a table far bigger
 * than the caches costs one cache miss, not one for the key and one for the value. A slot can
 * also carry a payload of the caller's (`payloadWords`), e.g. a user's profile, which a lookup
 * then finds in the same cache line as the id. Letter case is ignored (an IDFA is usually
 * written in capitals, a GAID in small letters: the same device). Anything not shaped like a
 * UUID is simply not in the index.
 */
export class UuidIndex {
  /** The table's memory, for views over the payloads (see {@link payloadOf}). */
  readonly buffer: ArrayBuffer;
  private readonly mask: number;
  private readonly stride: number;
  private readonly table: Int32Array;
  private count = 0;
  /** The last id parsed (int32 words), so parsing returns no object. */
  private w0 = 0;
  private w1 = 0;
  private w2 = 0;
  private w3 = 0;
  /** Parsed words of a batch of ids (see {@link payloadsOf}), grown on demand. */
  private words = new Int32Array(0);

  /**
   * Room for `capacity` ids; the table is sized once, at a load of at most one half. Each slot
   * has `payloadWords` 32-bit words of payload (default none); slots are a power of two of
   * 32-byte units wide, so a slot of up to 64 bytes sits in one cache line.
   */
  constructor(readonly capacity: number, payloadWords = 0) {
    let slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    let stride = MIN_STRIDE;
    while (stride < HEAD + payloadWords) stride *= 2;
    this.stride = stride;
    this.mask = slots - 1;
    this.table = new Int32Array(stride * slots);
    this.buffer = this.table.buffer as ArrayBuffer;
    for (let s = 0; s < slots; s++) this.table[s * stride + VALUE] = NO_VALUE;
  }

  get size(): number { return this.count; }

  /** Adds or replaces `id` → `value` (≥ 0). Returns false, adding nothing, when `id` is not a UUID. */
  set(id: string, value: number): boolean {
    return this.insert(id, value) >= 0;
  }

  /** {@link set}, returning where the id's payload starts (see {@link payloadOf}), or −1 when `id` is not a UUID. */
  insert(id: string, value: number): number {
    if (!this.parse(id)) return -1;
    const at = this.find(this.home());
    const t = this.table;
    if (t[at + VALUE] === NO_VALUE) {
      if (this.count >= this.capacity) throw new RangeError(`UuidIndex is full (capacity ${this.capacity})`);
      this.count++;
      t[at] = this.w0; t[at + 1] = this.w1; t[at + 2] = this.w2; t[at + 3] = this.w3;
    }
    t[at + VALUE] = value;
    return at + HEAD;
  }

  /**
   * {@link insert} of ids[k] → values[k] for k in 0 … n, in that order, their payload offsets
   * (or −1) into out[0 … n): parsed first and then placed, so that the cache misses of the
   * placements overlap (as in {@link payloadsOf}).
   */
  insertMany(ids: ReadonlyArray<string>, values: ArrayLike<number>, n: number, out: Int32Array): void {
    if (this.words.length < 4 * n) this.words = new Int32Array(4 * n);
    const words = this.words;
    for (let k = 0; k < n; k++) {
      if (!this.parse(ids[k]!)) { out[k] = -1; continue; }
      words[4 * k] = this.w0; words[4 * k + 1] = this.w1; words[4 * k + 2] = this.w2; words[4 * k + 3] = this.w3;
      out[k] = this.home();
    }
    const t = this.table;
    for (let k = 0; k < n; k++) {
      if (out[k]! < 0) continue;
      this.w0 = words[4 * k]!; this.w1 = words[4 * k + 1]!; this.w2 = words[4 * k + 2]!; this.w3 = words[4 * k + 3]!;
      const at = this.find(out[k]!);
      if (t[at + VALUE] === NO_VALUE) {
        if (this.count >= this.capacity) throw new RangeError(`UuidIndex is full (capacity ${this.capacity})`);
        this.count++;
        t[at] = this.w0; t[at + 1] = this.w1; t[at + 2] = this.w2; t[at + 3] = this.w3;
      }
      t[at + VALUE] = values[k]!;
      out[k] = at + HEAD;
    }
  }

  /** The value stored for `id`, or −1. */
  get(id: string): number {
    if (!this.parse(id)) return NO_VALUE;
    return this.table[this.find(this.home()) + VALUE]!;
  }

  /** Where `id`'s payload starts, in 32-bit words from the start of {@link buffer}; −1 when `id` is not held. */
  payloadOf(id: string): number {
    if (!this.parse(id)) return -1;
    const at = this.find(this.home());
    return this.table[at + VALUE] === NO_VALUE ? -1 : at + HEAD;
  }

  /**
   * {@link payloadOf} of ids[0 … n) into out[0 … n), undefined ids giving −1. All ids are parsed
   * first and their slots then probed one after another, so the cache misses of a table far
   * bigger than the caches overlap instead of each stalling in turn.
   */
  payloadsOf(ids: ReadonlyArray<string | undefined>, n: number, out: Int32Array): void {
    if (this.words.length < 4 * n) this.words = new Int32Array(4 * n);
    const words = this.words;
    for (let k = 0; k < n; k++) {
      const id = ids[k];
      if (id === undefined || !this.parse(id)) { out[k] = -1; continue; }
      words[4 * k] = this.w0; words[4 * k + 1] = this.w1; words[4 * k + 2] = this.w2; words[4 * k + 3] = this.w3;
      out[k] = this.home();
    }
    const t = this.table;
    for (let k = 0; k < n; k++) {
      const slot = out[k]!;
      if (slot < 0) continue;
      this.w0 = words[4 * k]!; this.w1 = words[4 * k + 1]!; this.w2 = words[4 * k + 2]!; this.w3 = words[4 * k + 3]!;
      const at = this.find(slot);
      out[k] = t[at + VALUE] === NO_VALUE ? -1 : at + HEAD;
    }
  }

  /** The slot where the parsed id's probe starts. */
  private home(): number {
    // Version-4 ids are random already; the mix only guards against ids that are not.
    return (Math.imul(this.w0 ^ Math.imul(this.w1, 0x9e3779b1) ^ Math.imul(this.w2, 0x85ebca6b) ^ this.w3, 0xc2b2ae35) >>> 7) & this.mask;
  }

  /** The offset of the slot holding the parsed id, or of the empty slot where it would go (linear probing from `slot`). */
  private find(slot: number): number {
    const a = this.w0, b = this.w1, c = this.w2, d = this.w3;
    const t = this.table;
    for (;;) {
      const at = slot * this.stride;
      if (t[at + VALUE] === NO_VALUE || (t[at] === a && t[at + 1] === b && t[at + 2] === c && t[at + 3] === d)) return at;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Reads a canonical UUID into w0…w3; false if `s` is not one. */
  private parse(s: string): boolean {
    if (s.length !== 36 || s.charCodeAt(8) !== 45 || s.charCodeAt(13) !== 45 || s.charCodeAt(18) !== 45 || s.charCodeAt(23) !== 45) return false;
    const a0 = hex4(s, 0), a1 = hex4(s, 4), b0 = hex4(s, 9), b1 = hex4(s, 14);
    const c0 = hex4(s, 19), c1 = hex4(s, 24), d0 = hex4(s, 28), d1 = hex4(s, 32);
    // A bad digit makes its group negative (see hex4), and one negative group makes the OR negative.
    if ((a0 | a1 | b0 | b1 | c0 | c1 | d0 | d1) < 0) return false;
    this.w0 = (a0 << 16) | a1;
    this.w1 = (b0 << 16) | b1;
    this.w2 = (c0 << 16) | c1;
    this.w3 = (d0 << 16) | d1;
    return true;
  }
}

/** Hex digit values by character code below 128; −1 for every other character. */
const HEX = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX[48 + d] = d;
for (let d = 0; d < 6; d++) { HEX[65 + d] = 10 + d; HEX[97 + d] = 10 + d; }

function hexDigit(s: string, i: number): number {
  const ch = s.charCodeAt(i);
  return ch < 128 ? HEX[ch]! : -1;
}

/** The 16-bit value of the four hex digits at s[i … i + 4), or a negative number if one is not a digit (−1 shifted left stays negative). */
function hex4(s: string, i: number): number {
  return (hexDigit(s, i) << 12) | (hexDigit(s, i + 1) << 8) | (hexDigit(s, i + 2) << 4) | hexDigit(s, i + 3);
}

/** Hyphen positions of the canonical 8-4-4-4-12 form. */
const HYPHENS = [8, 13, 18, 23];

/** Reads a canonical UUID's 32 hex digits into four words; false if `s` is not one. */
export function parseUuid(s: string, out: Uint32Array): boolean {
  if (s.length !== 36) return false;
  for (const h of HYPHENS) if (s.charCodeAt(h) !== 45) return false;
  let word = 0, digits = 0, w = 0;
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) continue;
    const v = hexDigit(s, i);
    if (v < 0) return false;
    word = (word << 4) | v;
    if (++digits === 8) { out[w++] = word >>> 0; word = 0; digits = 0; }
  }
  return true;
}
