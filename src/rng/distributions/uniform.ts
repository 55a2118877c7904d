import type { RandomSource } from '../random-source.js';
import { badParameter } from './bad-parameter.js';

/** A uniform double in [min, max) (max itself only through rounding when max - min is large). */
export function uniform(source: RandomSource, min: number, max: number): number {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max)) throw badParameter('uniform', 'min, max', `${min}, ${max}`, 'finite with min <= max');
  return min + (max - min) * source.nextDouble();
}
