import type { RandomSource } from '../random-source.js';
import { badParameter } from './bad-parameter.js';

/** An exponential draw with the given rate (mean 1/rate) by inversion, -log(1 - u)/rate: one double. */
export function exponential(source: RandomSource, rate: number): number {
  if (!(rate > 0 && rate < Infinity)) throw badParameter('exponential', 'rate', rate, 'finite and > 0');
  return -Math.log1p(-source.nextDouble()) / rate;
}
