import type { Draws, RandomStreams } from '../rng/index.js';
import { WorldPurpose } from './world-purposes.js';

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * Advertising ids (GAID/IDFA) of the users, made on demand rather than stored: 128 bits from the
 * 'world' stream at (userIndex, userIfa), written as a version-4 UUID. The same user always gets
 * the same id, and holding 500,000 strings (about 40 MB) is avoided; formatting one costs less
 * than caching it would.
 */
export class IfaSource {
  private readonly draws: Draws;

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
    return (
      HEX[a >>> 24] + HEX[(a >>> 16) & 255] + HEX[(a >>> 8) & 255] + HEX[a & 255] + '-' +
      HEX[bv >>> 24] + HEX[(bv >>> 16) & 255] + '-' + HEX[(bv >>> 8) & 255] + HEX[bv & 255] + '-' +
      HEX[c >>> 24] + HEX[(c >>> 16) & 255] + '-' + HEX[(c >>> 8) & 255] + HEX[c & 255] +
      HEX[e >>> 24] + HEX[(e >>> 16) & 255] + HEX[(e >>> 8) & 255] + HEX[e & 255]
    );
  }
}
