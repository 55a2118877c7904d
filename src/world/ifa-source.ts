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
    // build a rope that every Map lookup first flattens, costing time and garbage per request.
    const out = this.chars;
    let at = 0;
    const word = (w: number, bytes: number) => {
      for (let k = bytes - 1; k >= 0; k--) {
        const byte = (w >>> (8 * k)) & 255;
        out[at++] = HEX_CODES[byte >>> 4]!;
        out[at++] = HEX_CODES[byte & 15]!;
      }
    };
    word(a, 4); out[at++] = DASH;
    word(bv >>> 16, 2); out[at++] = DASH;
    word(bv & 0xffff, 2); out[at++] = DASH;
    word(c >>> 16, 2); out[at++] = DASH;
    word(c & 0xffff, 2);
    word(e, 4);
    return String.fromCharCode.apply(null, out as unknown as number[]);
  }

}
