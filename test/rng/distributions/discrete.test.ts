import { describe, expect, it } from 'vitest';
import { geometric, poisson, RandomStreams } from '../../../src/rng/index.js';
import { expectFrequencies, expectMean, expectVariance, moments, sample } from '../sample-stats.js';
import { expectBadParameter } from './expect-bad-parameter.js';

const stream = new RandomStreams(4).stream('test/discrete');
const N = 200_000;

function poissonPmf(lambda: number, size: number): Float64Array {
  const pmf = new Float64Array(size);
  let logFactorial = 0;
  for (let k = 0; k < size; k++) {
    if (k > 0) logFactorial += Math.log(k);
    pmf[k] = Math.exp(-lambda + k * Math.log(lambda) - logFactorial);
  }
  return pmf;
}

function histogram(xs: ArrayLike<number>, size: number): Float64Array {
  const counts = new Float64Array(size);
  for (let i = 0; i < xs.length; i++) counts[Math.min(xs[i], size - 1)]++;
  return counts;
}

describe('poisson', () => {
  it.each([0.05, 3, 9.99, 10, 47, 1000])('has mean and variance lambda for lambda %d', (lambda) => {
    const source = stream.sequence(Math.round(lambda * 100));
    const xs = sample(N, () => poisson(source, lambda));
    expect(xs.filter((x) => !(Number.isInteger(x) && x >= 0)).length).toBe(0);
    const m = moments(xs);
    expectMean(m, lambda, lambda);
    expectVariance(m, lambda);
  });

  it.each([3, 47])('matches the probability mass function for lambda %d (inversion and PTRS)', (lambda) => {
    const source = stream.sequence(7 + lambda);
    const size = Math.ceil(lambda + 10 * Math.sqrt(lambda) + 10);
    const pmf = poissonPmf(lambda, size);
    pmf[size - 1] = 1 - pmf.subarray(0, size - 1).reduce((a, b) => a + b, 0);
    expectFrequencies(histogram(sample(N, () => poisson(source, lambda)), size), pmf);
  });

  it('gives 0 for lambda 0', () => {
    const source = stream.sequence(1);
    for (let i = 0; i < 100; i++) expect(poisson(source, 0)).toBe(0);
  });

  it('is monotone in lambda on the same keyed draw below the PTRS cut', () => {
    const draws = stream.draws();
    for (let id = 0; id < 2000; id++) {
      expect(poisson(draws.reset(id), 2)).toBeLessThanOrEqual(poisson(draws.reset(id), 2.5));
    }
  });

  it('rejects lambda that is negative or not finite', () => {
    const source = stream.sequence(2);
    for (const lambda of [-1, Infinity, Number.NaN]) expectBadParameter(() => poisson(source, lambda));
  });
});

describe('geometric', () => {
  it.each([0.02, 0.3, 0.9])('counts trials to the first success with p = %d', (p) => {
    const source = stream.sequence(Math.round(p * 1000));
    const xs = sample(N, () => geometric(source, p));
    expect(xs.filter((x) => !(Number.isInteger(x) && x >= 1)).length).toBe(0);
    const m = moments(xs);
    expectMean(m, 1 / p, (1 - p) / p ** 2);
    expectVariance(m, (1 - p) / p ** 2);
    const size = Math.ceil(12 / p);
    const pmf = new Float64Array(size);
    for (let k = 1; k < size - 1; k++) pmf[k] = (1 - p) ** (k - 1) * p;
    pmf[size - 1] = (1 - p) ** (size - 2);
    expectFrequencies(histogram(xs, size), pmf);
  });

  it('always takes one trial when p = 1', () => {
    const source = stream.sequence(3);
    for (let i = 0; i < 100; i++) expect(geometric(source, 1)).toBe(1);
  });

  it('rejects p outside (0, 1]', () => {
    const source = stream.sequence(4);
    for (const p of [0, -0.5, 1.5, Number.NaN]) expectBadParameter(() => geometric(source, p));
  });
});
