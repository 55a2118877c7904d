import type { RandomSource } from '../random-source.js';
import { badParameter } from './bad-parameter.js';

/**
 * True with probability p, from one 53-bit double (u < p), so the same draw decides the same way
 * for every p below it: with common random numbers, a policy that raises p only adds successes.
 */
export function bernoulli(source: RandomSource, p: number): boolean {
  if (!(p >= 0 && p <= 1)) throw badParameter('bernoulli', 'p', p, 'in [0, 1]');
  return source.nextDouble() < p;
}
