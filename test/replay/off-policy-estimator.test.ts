import { describe, expect, it } from 'vitest';
import { OffPolicyEstimator, type Reward } from '../../src/replay/index.js';
import { RandomStreams } from '../../src/rng/index.js';

/**
 * A two-action world with a known answer: action 1 converts with probability 0.3, action 0 with
 * 0.1; the logger takes action 1 with probability 0.2; the evaluated policy always takes action 1.
 * Its true total over n records is 0.3 n conversions.
 */
function estimate(seed: number, n: number, directBias: number) {
  const d = new RandomStreams(seed).stream('ope').draws();
  const est = new OffPolicyEstimator();
  const observed: Reward = { conversions: 0, revenue: 0, spend: 0 };
  const direct: Reward = { conversions: 0, revenue: 0, spend: 0 };
  for (let i = 0; i < n; i++) {
    const r = d.reset(i, 0);
    const action = r.nextDouble() < 0.2 ? 1 : 0;
    const converts = r.nextDouble() < (action === 1 ? 0.3 : 0.1) ? 1 : 0;
    observed.conversions = converts; observed.revenue = 2 * converts; observed.spend = 0.001;
    direct.conversions = 0.3 + directBias; direct.revenue = 2 * (0.3 + directBias); direct.spend = 0.001;
    est.add(action === 1, action === 1 ? 0.2 : 0.8, observed, direct);
  }
  return est.estimates();
}

describe('OffPolicyEstimator', () => {
  it('IPS and SNIPS are unbiased for the policy the logger rarely took', () => {
    const n = 2_000;
    let ips = 0, snips = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const e = estimate(seed, n, 0);
      expect(e.records).toBe(n);
      ips += e.ips.conversions / 40; snips += e.snips.conversions / 40;
    }
    expect(ips / n).toBeCloseTo(0.3, 1.5);
    expect(snips / n).toBeCloseTo(0.3, 1.5);
  });

  it('DR is exact-in-expectation with a biased direct model, and steadier than IPS with a good one', () => {
    const n = 2_000;
    const biased: number[] = [], goodDr: number[] = [], ips: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      biased.push(estimate(seed, n, 0.1).dr.conversions / n);
      const e = estimate(seed, n, 0);
      goodDr.push(e.dr.conversions / n); ips.push(e.ips.conversions / n);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
    expect(mean(biased)).toBeCloseTo(0.3, 1.5);
    expect(sd(goodDr)).toBeLessThan(sd(ips));
  });

  it('counts matched records and scales revenue and spend alike', () => {
    const e = estimate(3, 1_000, 0);
    expect(e.matched).toBeGreaterThan(100);
    expect(e.matched).toBeLessThan(300);
    expect(e.ips.revenue).toBeCloseTo(2 * e.ips.conversions, 9);
    expect(e.snips.spend).toBeCloseTo(1, 9);
  });
});
