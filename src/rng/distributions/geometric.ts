import type { RandomSource } from '../random-source.js';
import { badParameter } from './bad-parameter.js';

/**
 * The number of Bernoulli(p) trials up to and including the first success (support 1, 2, ...;
 * mean 1/p), by inversion: 1 + floor(log(1 - u)/log(1 - p)). One double per draw.
 */
export function geometric(source: RandomSource, p: number): number {
  if (!(p > 0 && p <= 1)) throw badParameter('geometric', 'p', p, 'in (0, 1]');
  return 1 + Math.floor(Math.log1p(-source.nextDouble()) / Math.log1p(-p));
}
