import { describe, expect, it } from 'vitest';
import { AliasTable, categorical, RandomStreams, zipf, ZipfTable } from '../../../src/rng/index.js';
import { expectFrequencies } from '../sample-stats.js';
import { expectBadParameter } from './expect-bad-parameter.js';

const stream = new RandomStreams(5).stream('test/alias');
const N = 200_000;

/** The probability the table gives each index: its own column's keep share plus what aliases send it. */
function tableProbabilities(table: AliasTable): Float64Array {
  const p = new Float64Array(table.size);
  for (let i = 0; i < table.size; i++) {
    p[i] += table.keep(i) / table.size;
    p[table.alias(i)] += (1 - table.keep(i)) / table.size;
  }
  return p;
}

describe('AliasTable (Vose)', () => {
  it('encodes exactly the normalized weights', () => {
    const weights = [5, 0, 1, 1, 12.5, 0.001, 3, 0, 7];
    const total = weights.reduce((a, b) => a + b, 0);
    const p = tableProbabilities(new AliasTable(weights));
    weights.forEach((w, i) => expect(p[i]).toBeCloseTo(w / total, 14));
  });

  it('encodes a large random table to within rounding', () => {
    const source = stream.sequence(1);
    const weights = Array.from({ length: 10_000 }, () => source.nextDouble() ** 4);
    const total = weights.reduce((a, b) => a + b, 0);
    const p = tableProbabilities(new AliasTable(weights));
    let worst = 0;
    weights.forEach((w, i) => (worst = Math.max(worst, Math.abs(p[i] - w / total))));
    expect(worst).toBeLessThan(1e-15);
  });

  it('never draws a zero weight, and draws the rest in proportion', () => {
    const weights = [0, 2, 0, 1, 1, 0];
    const table = new AliasTable(weights);
    const source = stream.sequence(2);
    const counts = new Float64Array(weights.length);
    for (let i = 0; i < N; i++) counts[categorical(source, table)]++;
    expect([counts[0], counts[2], counts[5]]).toEqual([0, 0, 0]);
    expectFrequencies([counts[1], counts[3], counts[4]], [0.5, 0.25, 0.25]);
  });

  it('draws a single weight every time', () => {
    const source = stream.sequence(3);
    const table = new AliasTable([0.3]);
    for (let i = 0; i < 100; i++) expect(categorical(source, table)).toBe(0);
  });

  it('rejects empty, negative, non-finite and all-zero weights', () => {
    for (const weights of [[], [1, -1], [1, Number.NaN], [Infinity], [0, 0]]) expectBadParameter(() => new AliasTable(weights));
  });
});

describe('zipf', () => {
  it.each([[1000, 1.1], [50, 0], [7, 3]])('draws ranks 1..%d with P(k) ∝ k^-%d', (n, exponent) => {
    const table = new ZipfTable(n, exponent);
    const source = stream.sequence(10 + n);
    const counts = new Float64Array(n + 2);
    for (let i = 0; i < N; i++) counts[Math.max(0, Math.min(zipf(source, table), n + 1))]++;
    expect([counts[0], counts[n + 1]], 'ranks outside 1..n').toEqual([0, 0]);
    const weights = Array.from({ length: n }, (_, i) => (i + 1) ** -exponent);
    const total = weights.reduce((a, b) => a + b, 0);
    expectFrequencies(counts.subarray(1, n + 1), weights.map((w) => w / total));
  });

  it('rejects a size that is not a positive integer and a negative exponent', () => {
    expectBadParameter(() => new ZipfTable(0, 1));
    expectBadParameter(() => new ZipfTable(2.5, 1));
    expectBadParameter(() => new ZipfTable(10, -1));
  });
});
