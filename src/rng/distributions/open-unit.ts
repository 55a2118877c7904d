import type { RandomSource } from '../random-source.js';

const TWO_POW_52 = 2 ** 52;
const TWO_POW_MINUS_52 = 2 ** -52;

/**
 * A uniform double in the open interval (0, 1): the midpoints (k + 1/2)·2^-52 of a 52-bit grid,
 * symmetric about 1/2, for inverse CDFs and logarithms that must never see 0 or 1. One nextDouble.
 */
export function openUnit(source: RandomSource): number {
  return (Math.floor(source.nextDouble() * TWO_POW_52) + 0.5) * TWO_POW_MINUS_52;
}
