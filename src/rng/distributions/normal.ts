import type { RandomSource } from '../random-source.js';
import { badParameter } from './bad-parameter.js';
import { normalQuantile } from './normal-quantile.js';
import { openUnit } from './open-unit.js';

/**
 * A normal draw by inversion: mean + sd·Φ⁻¹(u) with u from {@link openUnit}. Inversion rather than
 * Box–Muller or the polar method because it uses exactly one double per draw and keeps no cached
 * second value, so keyed draws stay aligned, and because it is monotone in u: with common random
 * numbers a larger mean or sd moves every draw the same way. Tails reach about ±8.1 sd.
 */
export function normal(source: RandomSource, mean = 0, sd = 1): number {
  if (!(Number.isFinite(mean) && sd >= 0 && sd < Infinity)) throw badParameter('normal', 'mean, sd', `${mean}, ${sd}`, 'finite with sd >= 0');
  return mean + sd * normalQuantile(openUnit(source));
}
