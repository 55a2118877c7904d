import { describe, expect, it } from 'vitest';
import { bernoulli, openUnit, RandomStreams, uniform, uniformInt } from '../../../src/rng/index.js';
import { expectFrequencies, expectMean, expectVariance, moments, sample } from '../sample-stats.js';
import { expectBadParameter } from './expect-bad-parameter.js';

const stream = new RandomStreams(1).stream('test/uniform');
const N = 200_000;

describe('openUnit', () => {
  it('stays strictly inside (0, 1), symmetric about 1/2, with mean 1/2', () => {
    const source = stream.sequence(1);
    const xs = sample(N, () => openUnit(source));
    expect(xs.filter((x) => !(x > 0 && x < 1)).length).toBe(0);
    expectMean(moments(xs), 0.5, 1 / 12);
  });

  it('maps the extreme doubles to 2^-53 and 1 - 2^-53', () => {
    const low = { nextUint32: () => 0, nextDouble: () => 0 };
    const high = { nextUint32: () => 0xffffffff, nextDouble: () => 1 - 2 ** -53 };
    expect(openUnit(low)).toBe(2 ** -53);
    expect(openUnit(high)).toBe(1 - 2 ** -53);
  });
});

describe('uniform', () => {
  it('has the mean and variance of U(a, b) and stays in [a, b)', () => {
    const source = stream.sequence(2);
    const xs = sample(N, () => uniform(source, -3, 5));
    expect(xs.filter((x) => !(x >= -3 && x < 5)).length).toBe(0);
    const m = moments(xs);
    expectMean(m, 1, 64 / 12);
    expectVariance(m, 64 / 12);
  });

  it('rejects bounds that are not finite or out of order', () => {
    const source = stream.sequence(2);
    expectBadParameter(() => uniform(source, 1, 0));
    expectBadParameter(() => uniform(source, 0, Infinity));
    expectBadParameter(() => uniform(source, Number.NaN, 1));
  });
});

describe('uniformInt', () => {
  it('hits every value of a small range equally often', () => {
    const source = stream.sequence(3);
    const counts = new Float64Array(7);
    for (let i = 0; i < N; i++) counts[uniformInt(source, 10, 16) - 10]++;
    expectFrequencies(counts, new Float64Array(7).fill(1 / 7));
  });

  it('has no modulo bias for a range that does not divide 2^32', () => {
    // 3·2^30 values: plain modulo would draw the lowest third of them twice as often.
    const source = stream.sequence(4);
    const thirds = new Float64Array(3);
    for (let i = 0; i < N; i++) thirds[Math.floor(uniformInt(source, 0, 3 * 2 ** 30 - 1) / 2 ** 30)]++;
    expectFrequencies(thirds, [1 / 3, 1 / 3, 1 / 3]);
  });

  it('covers ranges of exactly 2^32 and wider than 2^32, up to 2^53 values', () => {
    const source = stream.sequence(5);
    const full = sample(N, () => uniformInt(source, -(2 ** 31), 2 ** 31 - 1));
    expectMean(moments(full), -0.5, (2 ** 64 - 1) / 12);
    const xs = sample(N, () => uniformInt(source, 0, 3 * 2 ** 32 - 1));
    expect(xs.filter((x) => !(Number.isInteger(x) && x >= 0 && x < 3 * 2 ** 32)).length).toBe(0);
    const wide = new Float64Array(3);
    for (const x of xs) wide[Math.floor(x / 2 ** 32)]++;
    expectFrequencies(wide, [1 / 3, 1 / 3, 1 / 3]);
    const huge = sample(10_000, () => uniformInt(source, -(2 ** 52), 2 ** 52 - 1));
    expect(huge.filter((x) => !Number.isSafeInteger(x) || x < -(2 ** 52) || x >= 2 ** 52).length).toBe(0);
    expectMean(moments(huge), -0.5, 2 ** 106 / 12);
  });

  it('returns min when min equals max, after one draw', () => {
    const source = stream.sequence(6);
    expect(uniformInt(source, 5, 5)).toBe(5);
  });

  it('rejects bounds that are not safe integers in order, or a range of more than 2^53', () => {
    const source = stream.sequence(6);
    expectBadParameter(() => uniformInt(source, 2, 1));
    expectBadParameter(() => uniformInt(source, 0, 1.5));
    expectBadParameter(() => uniformInt(source, 0, 2 ** 53));
    expectBadParameter(() => uniformInt(source, -(2 ** 52), 2 ** 52));
  });
});

describe('bernoulli', () => {
  it('succeeds with probability p', () => {
    const source = stream.sequence(7);
    for (const p of [0.001, 0.3, 0.5]) {
      let hits = 0;
      for (let i = 0; i < N; i++) if (bernoulli(source, p)) hits++;
      expectFrequencies([hits, N - hits], [p, 1 - p]);
    }
  });

  it('never succeeds at p = 0 and always at p = 1', () => {
    const source = stream.sequence(8);
    for (let i = 0; i < 1000; i++) {
      expect(bernoulli(source, 0)).toBe(false);
      expect(bernoulli(source, 1)).toBe(true);
    }
  });

  it('couples across p with common random numbers: a higher p only adds successes', () => {
    const draws = stream.draws();
    for (let id = 0; id < 5000; id++) {
      const low = bernoulli(draws.reset(id), 0.2);
      const high = bernoulli(draws.reset(id), 0.35);
      expect(!low || high).toBe(true);
    }
  });

  it('rejects p outside [0, 1]', () => {
    const source = stream.sequence(8);
    for (const p of [-0.1, 1.1, Number.NaN]) expectBadParameter(() => bernoulli(source, p));
  });
});
