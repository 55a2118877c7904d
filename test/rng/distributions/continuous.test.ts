import { describe, expect, it } from 'vitest';
import { beta, exponential, gamma, RandomStreams } from '../../../src/rng/index.js';
import { expectMean, expectVariance, moments, sample } from '../sample-stats.js';
import { expectBadParameter } from './expect-bad-parameter.js';

const stream = new RandomStreams(3).stream('test/continuous');
const N = 200_000;

describe('exponential', () => {
  it('has mean 1/rate and variance 1/rate², and is never negative', () => {
    const source = stream.sequence(1);
    const xs = sample(N, () => exponential(source, 4));
    expect(xs.filter((x) => !(x >= 0 && x < Infinity)).length).toBe(0);
    const m = moments(xs);
    expectMean(m, 1 / 4, 1 / 16);
    expectVariance(m, 1 / 16);
  });

  it('has the memoryless tail: P(X > 1/rate) = 1/e', () => {
    const source = stream.sequence(2);
    let over = 0;
    for (let i = 0; i < N; i++) if (exponential(source, 0.5) > 2) over++;
    const p = Math.exp(-1);
    expect(Math.abs(over / N - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / N));
  });

  it('rejects a rate that is not finite and positive', () => {
    const source = stream.sequence(3);
    for (const rate of [0, -1, Infinity, Number.NaN]) expectBadParameter(() => exponential(source, rate));
  });
});

describe('gamma (Marsaglia–Tsang)', () => {
  it.each([0.3, 1, 2.5, 9, 150])('has mean shape·scale and variance shape·scale² for shape %d', (shape) => {
    const source = stream.sequence(Math.round(10 * shape));
    const scale = 1.7;
    const xs = sample(N, () => gamma(source, shape, scale));
    expect(xs.filter((x) => !(x >= 0 && x < Infinity)).length).toBe(0);
    const m = moments(xs);
    expectMean(m, shape * scale, shape * scale * scale);
    expectVariance(m, shape * scale * scale);
  });

  it('rejects shapes and scales that are not finite and positive', () => {
    const source = stream.sequence(4);
    expectBadParameter(() => gamma(source, 0));
    expectBadParameter(() => gamma(source, 1, -1));
    expectBadParameter(() => gamma(source, Number.NaN));
  });
});

describe('beta', () => {
  it.each([[0.5, 0.5], [2, 5], [30, 3]])('has the mean and variance of Beta(%d, %d)', (a, b) => {
    const source = stream.sequence(Math.round(100 * a + b));
    const xs = sample(N, () => beta(source, a, b));
    expect(xs.filter((x) => !(x >= 0 && x <= 1)).length).toBe(0);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    const m = moments(xs);
    expectMean(m, a / (a + b), variance);
    expectVariance(m, variance);
  });

  it('rejects parameters that are not finite and positive', () => {
    const source = stream.sequence(5);
    expectBadParameter(() => beta(source, 0, 1));
    expectBadParameter(() => beta(source, 1, Infinity));
  });
});
