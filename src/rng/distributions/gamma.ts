import type { RandomSource } from '../random-source.js';
import { badParameter } from './bad-parameter.js';
import { normal } from './normal.js';
import { openUnit } from './open-unit.js';

/**
 * A gamma draw (mean shape·scale) by Marsaglia and Tsang (ACM TOMS 26(3), 2000): a normal and a
 * uniform per try, accepted about 96% of the time or more. For shape < 1 it draws Gamma(shape + 1)
 * and multiplies by u^(1/shape), the uniform drawn after. The number of draws used varies.
 */
export function gamma(source: RandomSource, shape: number, scale = 1): number {
  if (!(shape > 0 && shape < Infinity && scale > 0 && scale < Infinity)) {
    throw badParameter('gamma', 'shape, scale', `${shape}, ${scale}`, 'finite and > 0');
  }
  if (shape < 1) return gamma(source, shape + 1, scale) * Math.pow(openUnit(source), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(source);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUnit(source);
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}
