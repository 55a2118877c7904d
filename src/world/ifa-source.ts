import type { Draws, RandomStreams } from '../rng/index.js';
import { WorldPurpose } from './world-purposes.js';

const HEX_CODES = Uint16Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
const DASH = 45;

/**
 * Advertising ids (GAID/IDFA) of the users, made on demand rather than stored: 128 bits from the
 * 'world' stream at (userIndex, userIfa), written as a version-4 UUID. The same user always gets
 * the same id, and holding 500,000 strings (about 40 MB) is avoided; formatting one costs less
 * than caching it would.
 */
export class IfaSource {
  private readonly draws: Draws;
  private readonly chars = new Uint16Array(36);

  constructor(streams: RandomStreams) {
    this.draws = streams.stream('world').draws();
  }

  ifa(userIndex: number): string {
    const d = this.draws.reset(userIndex, WorldPurpose.userIfa);
    const a = d.nextUint32();
    const b = d.nextUint32();
    const c = (d.nextUint32() & 0x3fffffff) | 0x80000000; // RFC 4122 variant bits 10
    const e = d.nextUint32();
    const bv = (b & 0xffff0fff) | 0x4000; // version 4
    // Written as character codes and made into one flat string: concatenating 20 pieces would
    // build a rope that every lookup first flattens, costing time and garbage per request.
    const out = this.chars;
    hexWord(out, 0, a, 4); out[8] = DASH;
    hexWord(out, 9, bv >>> 16, 2); out[13] = DASH;
    hexWord(out, 14, bv & 0xffff, 2); out[18] = DASH;
    hexWord(out, 19, c >>> 16, 2); out[23] = DASH;
    hexWord(out, 24, c & 0xffff, 2);
    hexWord(out, 28, e, 4);
    // Thirty-six arguments rather than apply() over the array: apply takes V8's generic path,
    // about three times slower, and this runs once per ad request.
    return String.fromCharCode(
      out[0]!, out[1]!, out[2]!, out[3]!, out[4]!, out[5]!, out[6]!, out[7]!, out[8]!, out[9]!, out[10]!, out[11]!,
      out[12]!, out[13]!, out[14]!, out[15]!, out[16]!, out[17]!, out[18]!, out[19]!, out[20]!, out[21]!, out[22]!, out[23]!,
      out[24]!, out[25]!, out[26]!, out[27]!, out[28]!, out[29]!, out[30]!, out[31]!, out[32]!, out[33]!, out[34]!, out[35]!,
    );
  }
}

/** Writes the low `bytes` bytes of `w` as hex digits, most significant first, at out[at …]. */
function hexWord(out: Uint16Array, at: number, w: number, bytes: number): void {
  for (let k = bytes - 1; k >= 0; k--) {
    const byte = (w >>> (8 * k)) & 255;
    out[at++] = HEX_CODES[byte >>> 4]!;
    out[at++] = HEX_CODES[byte & 15]!;
  }
}
