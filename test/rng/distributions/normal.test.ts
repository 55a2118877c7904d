import { describe, expect, it } from 'vitest';
import { lognormal, normal, normalQuantile, RandomStreams } from '../../../src/rng/index.js';
import { expectFrequencies, expectMean, expectVariance, moments, sample, Z } from '../sample-stats.js';
import { expectBadParameter } from './expect-bad-parameter.js';

const stream = new RandomStreams(2).stream('test/normal');
const N = 200_000;

/**
 * [p, Φ⁻¹(p)] from Python 3.11's statistics.NormalDist().inv_cdf, which is AS241 PPND16 too;
 * scipy.special.ndtri agrees with every value within 5e-16 relative.
 */
const PYTHON_INV_CDF: Array<[number, number]> = [
  [1e-300, -37.0470962993612],
  [2 ** -53, -8.209536151601386],
  [1e-15, -7.941345326170995],
  [1e-10, -6.361340902404056],
  [1e-5, -4.2648907939228256],
  [0.001, -3.090232306167813],
  [0.01, -2.3263478740408408],
  [0.025, -1.9599639845400538],
  [0.05, -1.6448536269514726],
  [0.075, -1.4395314709384557],
  [0.1, -1.2815515655446008],
  [0.3, -0.5244005127080407],
  [0.5, 0],
  [0.6, 0.2533471031357998],
  [0.9, 1.2815515655446008],
  [0.925, 1.439531470938456],
  [0.975, 1.9599639845400536],
  [0.99, 2.3263478740408408],
  [0.999, 3.090232306167813],
  [1 - 2 ** -53, 8.209536151601386],
];

describe('normalQuantile (AS241)', () => {
  // V8's Math.log (fdlibm) and glibc's log can differ in the last bit (they do at 1 - 0.99), hence 4 ulps.
  it.each(PYTHON_INV_CDF)('Φ⁻¹(%d) = %d as Python computes it', (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThanOrEqual(4 * 2 ** -52 * Math.abs(x));
  });

  it('is increasing and odd about 1/2', () => {
    let previous = -Infinity;
    for (let i = 1; i < 10_000; i++) {
      const p = i / 10_000;
      const x = normalQuantile(p);
      expect(x).toBeGreaterThan(previous);
      expect(normalQuantile(1 - p)).toBeCloseTo(-x, 12);
      previous = x;
    }
  });

  it('gives ∓Infinity at 0 and 1 and rejects what is not a probability', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const p of [-0.1, 1.1, Number.NaN]) expectBadParameter(() => normalQuantile(p));
  });
});

describe('normal', () => {
  it('has mean 0, variance 1, skewness 0 and kurtosis 3', () => {
    const source = stream.sequence(1);
    const m = moments(sample(N, () => normal(source)));
    expectMean(m, 0, 1);
    expectVariance(m, 1);
    expect(Math.abs(m.skewness)).toBeLessThanOrEqual(Z * Math.sqrt(6 / N));
    expect(Math.abs(m.kurtosis - 3)).toBeLessThanOrEqual(Z * Math.sqrt(24 / N));
  });

  it('falls in each of 40 equal-probability bins equally often', () => {
    const source = stream.sequence(2);
    const edges = Array.from({ length: 39 }, (_, i) => normalQuantile((i + 1) / 40));
    const counts = new Float64Array(40);
    for (let i = 0; i < N; i++) {
      const x = normal(source, 3, 2);
      let bin = 0;
      while (bin < 39 && (x - 3) / 2 > edges[bin]) bin++;
      counts[bin]++;
    }
    expectFrequencies(counts, new Float64Array(40).fill(1 / 40));
  });

  it('uses one double per draw, so a change of mean or sd moves every keyed draw the same way', () => {
    const draws = stream.draws();
    for (let id = 0; id < 1000; id++) {
      const z = normal(draws.reset(id));
      expect(normal(draws.reset(id), 10, 3)).toBeCloseTo(10 + 3 * z, 12);
      draws.reset(id);
      normal(draws);
      const next = draws.nextDouble();
      draws.reset(id);
      draws.nextDouble();
      expect(next).toBe(draws.nextDouble());
    }
  });

  it('rejects a negative or non-finite sd and a non-finite mean', () => {
    const source = stream.sequence(3);
    expectBadParameter(() => normal(source, 0, -1));
    expectBadParameter(() => normal(source, 0, Infinity));
    expectBadParameter(() => normal(source, Number.NaN, 1));
  });
});

describe('lognormal', () => {
  it('has mean exp(mu + sigma²/2) and variance (exp(sigma²) - 1)·exp(2mu + sigma²)', () => {
    const source = stream.sequence(4);
    const [mu, sigma] = [0.5, 0.4];
    const xs = sample(N, () => lognormal(source, mu, sigma));
    expect(xs.filter((x) => !(x > 0)).length).toBe(0);
    const variance = (Math.exp(sigma ** 2) - 1) * Math.exp(2 * mu + sigma ** 2);
    const m = moments(xs);
    expectMean(m, Math.exp(mu + sigma ** 2 / 2), variance);
    expectVariance(m, variance);
  });
});
