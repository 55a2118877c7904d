import { expect } from 'vitest';

/**
 * Tolerances for statistical checks. The seeds are fixed, so each check either always passes or
 * always fails; the bounds are Z standard errors from theory (or from the sample's own fourth
 * moment), wide enough that a correct sampler passes by a margin and a wrong one fails clearly.
 */
export const Z = 5;

export interface Moments {
  n: number;
  mean: number;
  variance: number;
  /** Fourth central moment, for the standard error of the variance. */
  m4: number;
  skewness: number;
  kurtosis: number;
}

export function moments(xs: ArrayLike<number>): Moments {
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i];
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { n, mean, variance: m2, m4, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

export function sample(n: number, draw: () => number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = draw();
  return xs;
}

/** The sample mean is within Z standard errors of `mean`, for a distribution of variance `variance`. */
export function expectMean(m: Moments, mean: number, variance: number): void {
  expect(Math.abs(m.mean - mean), `mean ${m.mean} vs ${mean}`).toBeLessThanOrEqual(Z * Math.sqrt(variance / m.n));
}

/** The sample variance is within Z standard errors of `variance` (SE from the sample's fourth moment). */
export function expectVariance(m: Moments, variance: number): void {
  const se = Math.sqrt(Math.max(m.m4 - m.variance * m.variance, 0) / m.n);
  expect(Math.abs(m.variance - variance), `variance ${m.variance} vs ${variance}`).toBeLessThanOrEqual(Z * se);
}

/**
 * Pearson's chi-square of observed counts against expected probabilities is below its mean plus
 * Z of its standard deviations (df + Z·sqrt(2·df)); cells expected below 5 are pooled.
 */
export function expectFrequencies(counts: ArrayLike<number>, probabilities: ArrayLike<number>): void {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i];
  let chi2 = 0;
  let cells = 0;
  let pooledObserved = 0;
  let pooledExpected = 0;
  for (let i = 0; i < counts.length; i++) {
    const expected = n * probabilities[i];
    if (expected < 5) {
      pooledObserved += counts[i];
      pooledExpected += expected;
      continue;
    }
    chi2 += (counts[i] - expected) ** 2 / expected;
    cells++;
  }
  if (pooledExpected >= 5) {
    chi2 += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    cells++;
  } else {
    expect(pooledObserved, 'draws in cells of negligible probability').toBeLessThanOrEqual(pooledExpected + Z * Math.sqrt(pooledExpected) + 1);
  }
  const df = cells - 1;
  expect(chi2, `chi-square with ${df} degrees of freedom`).toBeLessThanOrEqual(df + Z * Math.sqrt(2 * df));
}
