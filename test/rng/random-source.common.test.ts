import { describe, expect, it } from 'vitest';
import { Draws, RandomStreams, type RandomSource } from '../../src/rng/index.js';
import { expectFrequencies, expectMean, expectVariance, moments, sample, Z } from './sample-stats.js';

const stream = new RandomStreams(20240611).stream('common-suite');

/**
 * One suite, every kind of source: a keyed cursor re-seated per id (the hot path) and a plain
 * sequence, each with a fresh-source factory so every test starts from the same state.
 */
const SOURCES: Array<{ name: string; make: () => RandomSource & { getState(): readonly number[] } }> = [
  { name: 'keyed draws of one id', make: () => stream.at(123_456_789, 3) },
  { name: 'a sequence', make: () => stream.sequence(1) },
];

const N = 200_000;

describe.each(SOURCES)('RandomSource: $name', ({ make }) => {
  it('gives uint32s: integers in [0, 2^32)', () => {
    const source = make();
    const xs = sample(N, () => source.nextUint32());
    expect(xs.filter((x) => !(Number.isInteger(x) && x >= 0 && x < 2 ** 32)).length).toBe(0);
  });

  it('sets each of the 32 bits half of the time', () => {
    const source = make();
    const ones = new Float64Array(32);
    for (let i = 0; i < N; i++) {
      const x = source.nextUint32();
      for (let b = 0; b < 32; b++) ones[b] += (x >>> b) & 1;
    }
    for (let b = 0; b < 32; b++) expect(Math.abs(ones[b] - N / 2), `bit ${b}`).toBeLessThanOrEqual(Z * Math.sqrt(N / 4));
  });

  it('gives doubles in [0, 1) on the 2^-53 grid with mean 1/2 and variance 1/12', () => {
    const source = make();
    const xs = sample(N, () => source.nextDouble());
    expect(xs.filter((x) => !(x >= 0 && x < 1 && Number.isInteger(x * 2 ** 53))).length).toBe(0);
    const m = moments(xs);
    expectMean(m, 0.5, 1 / 12);
    expectVariance(m, 1 / 12);
  });

  it('spreads doubles evenly over 64 bins and uint32s over 64 residues', () => {
    const source = make();
    const bins = new Float64Array(64);
    const residues = new Float64Array(64);
    for (let i = 0; i < N; i++) {
      bins[Math.floor(source.nextDouble() * 64)]++;
      residues[source.nextUint32() % 64]++;
    }
    const even = new Float64Array(64).fill(1 / 64);
    expectFrequencies(bins, even);
    expectFrequencies(residues, even);
  });

  it('builds a double from two consecutive words, also across a block boundary', () => {
    const words = make();
    const doubles = make();
    for (let offset = 0; offset < 8; offset++) {
      // An odd number of words drawn first makes the next double straddle two blocks.
      if (offset % 2 === 1) {
        words.nextUint32();
        doubles.nextUint32();
      }
      const hi = words.nextUint32() >>> 5;
      const lo = words.nextUint32() >>> 6;
      expect(doubles.nextDouble()).toBe((hi * 2 ** 26 + lo) / 2 ** 53);
    }
  });

  it('resumes exactly from getState at every position in a block', () => {
    const source = make();
    for (let position = 0; position < 9; position++) {
      const copy = Draws.fromState(source.getState());
      const expected = [source.nextUint32(), source.nextDouble(), source.nextUint32()];
      expect([copy.nextUint32(), copy.nextDouble(), copy.nextUint32()]).toEqual(expected);
      source.nextUint32();
    }
  });

  it('is the same source every time it is made', () => {
    const a = make();
    const b = make();
    for (let i = 0; i < 1000; i++) expect(a.nextUint32()).toBe(b.nextUint32());
  });
});
