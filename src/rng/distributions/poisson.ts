import type { RandomSource } from '../random-source.js';
import { badParameter } from './bad-parameter.js';

/** Below this mean, inversion (about lambda + 1 steps); at and above it, PTRS. numpy uses the same cut. */
const INVERSION_LIMIT = 10;

/**
 * A Poisson draw with mean lambda. For lambda < 10, inversion by sequential search from one double
 * (monotone in u and in lambda, the best coupling for common random numbers). For larger lambda,
 * Hörmann's transformed rejection PTRS ("The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12, 1993), two doubles per try, with
 * numpy's constants and acceptance test.
 */
export function poisson(source: RandomSource, lambda: number): number {
  if (!(lambda >= 0 && lambda < Infinity)) throw badParameter('poisson', 'lambda', lambda, 'finite and >= 0');
  return lambda < INVERSION_LIMIT ? poissonInversion(source, lambda) : poissonPtrs(source, lambda);
}

function poissonInversion(source: RandomSource, lambda: number): number {
  const u = source.nextDouble();
  let p = Math.exp(-lambda);
  let cdf = p;
  let k = 0;
  while (u >= cdf) {
    k++;
    p *= lambda / k;
    const next = cdf + p;
    // The CDF summed in doubles can stall just below 1 while u sits above it; the mass left is < 2^-52.
    if (next === cdf) return k;
    cdf = next;
  }
  return k;
}

function poissonPtrs(source: RandomSource, lambda: number): number {
  const sqrtLambda = Math.sqrt(lambda);
  const logLambda = Math.log(lambda);
  const b = 0.931 + 2.53 * sqrtLambda;
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = source.nextDouble() - 0.5;
    const v = source.nextDouble();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - logFactorial(k)) return k;
  }
}

const STIRLING = [
  8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04, -5.952380952380952e-04,
  8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03, -2.955065359477124e-02,
  1.796443723688307e-01, -1.39243221690590e+00,
];
const HALF_LOG_TWO_PI = 0.5 * 1.8378770664093453;

/** log(k!) for an integer k >= 0: numpy's random_loggam (Stirling series, shifted up to 7 for small k). */
function logFactorial(k: number): number {
  const x = k + 1;
  if (x === 1 || x === 2) return 0;
  const shift = x < 7 ? 7 - x : 0;
  let x0 = x + shift;
  const x2 = 1 / (x0 * x0);
  let series = STIRLING[9];
  for (let i = 8; i >= 0; i--) series = series * x2 + STIRLING[i];
  let result = series / x0 + HALF_LOG_TWO_PI + (x0 - 0.5) * Math.log(x0) - x0;
  for (let i = 0; i < shift; i++) {
    x0 -= 1;
    result -= Math.log(x0);
  }
  return result;
}
