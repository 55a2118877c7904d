import { describe, expect, it } from 'vitest';
import { AucAccumulator } from '../../src/metrics/index.js';
import { RandomStreams, uniform } from '../../src/rng/index.js';

/** The definition, by brute force over all positive–negative pairs. */
function pairwiseAuc(scores: number[], labels: boolean[]): number {
  let wins = 0, pairs = 0;
  scores.forEach((sp, i) => {
    if (!labels[i]) return;
    scores.forEach((sn, j) => {
      if (labels[j]) return;
      pairs++;
      wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('AucAccumulator', () => {
  it('equals the pairwise definition, ties counting half', () => {
    const draws = new RandomStreams(11).stream('test').sequence();
    const scores: number[] = [], labels: boolean[] = [];
    const acc = new AucAccumulator();
    for (let i = 0; i < 3000; i++) {
      // Rounded scores make many ties on purpose.
      const s = Math.round(uniform(draws, 0, 1) * 50) / 50;
      const y = uniform(draws, 0, 1) < 0.2 + 0.5 * s;
      scores.push(s); labels.push(y); acc.add(s, y);
    }
    expect(acc.value()).toBeCloseTo(pairwiseAuc(scores, labels), 12);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 for constant scores, NaN without both classes', () => {
    const perfect = new AucAccumulator(), reversed = new AucAccumulator(), constant = new AucAccumulator(), oneClass = new AucAccumulator();
    for (let i = 0; i < 100; i++) {
      perfect.add(i, i >= 50);
      reversed.add(i, i < 50);
      constant.add(0.3, i % 2 === 0);
      oneClass.add(i, true);
    }
    expect(perfect.value()).toBe(1);
    expect(reversed.value()).toBe(0);
    expect(constant.value()).toBe(0.5);
    expect(oneClass.value()).toBeNaN();
  });
});
