import type { RandomSource } from '../random-source.js';
import { badParameter } from './bad-parameter.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 2 ** 53;

/**
 * A uniform integer in [min, max], both safe integers with max - min < 2^53, without modulo bias:
 * one uint32 draw per try when the range fits 32 bits (the OpenBSD arc4random_uniform rejection,
 * which rejects fewer than one draw in 2^32/range), two otherwise (a masked 33..53-bit draw,
 * rejected when out of range, at most half the time).
 */
export function uniformInt(source: RandomSource, min: number, max: number): number {
  if (!(Number.isSafeInteger(min) && Number.isSafeInteger(max) && min <= max && max - min < TWO_POW_53)) {
    throw badParameter('uniformInt', 'min, max', `${min}, ${max}`, 'safe integers with min <= max and max - min < 2^53');
  }
  const range = max - min + 1;
  if (range < TWO_POW_32) {
    const r = range >>> 0;
    const skip = (-r >>> 0) % r;
    let x = source.nextUint32();
    while (x < skip) x = source.nextUint32();
    return min + (x % r);
  }
  if (range === TWO_POW_32) return min + source.nextUint32();
  const highBits = 32 - Math.clz32(Math.floor((range - 1) / TWO_POW_32));
  for (;;) {
    const x = (source.nextUint32() >>> (32 - highBits)) * TWO_POW_32 + source.nextUint32();
    if (x < range) return min + x;
  }
}
