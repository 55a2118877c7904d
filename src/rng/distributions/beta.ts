import type { RandomSource } from '../random-source.js';
import { badParameter } from './bad-parameter.js';
import { gamma } from './gamma.js';

/** A beta draw as X/(X + Y) with X ~ Gamma(a), then Y ~ Gamma(b). Mean a/(a + b). */
export function beta(source: RandomSource, a: number, b: number): number {
  if (!(a > 0 && a < Infinity && b > 0 && b < Infinity)) throw badParameter('beta', 'a, b', `${a}, ${b}`, 'finite and > 0');
  const x = gamma(source, a);
  const y = gamma(source, b);
  return x / (x + y);
}
