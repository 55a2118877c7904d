import { describe, expect, it } from 'vitest';
import { bootstrapIntervals, type Interval, userBootstrap } from '../../src/metrics/index.js';
import { simulateWorld, truth, WORLD } from './bootstrap-world.js';

/**
 * The intervals' honesty: over many independently simulated populations whose true figures are
 * known, the 95% intervals must contain the truth about 95% of the time. Seeds are fixed, so the
 * measured coverage is the same on every run; with 400 populations its standard error is about
 * 1.1 points, so a correct bootstrap lands well inside 90–99% and one that resampled auctions
 * instead of users (too narrow) or ignored the pairing (too wide) would not.
 */
const POPULATIONS = 400;

function coverage(buckets: number, resamples: number, seedBase: number) {
  const t = truth(WORLD);
  const checks: Record<string, [(i: ReturnType<typeof bootstrapIntervals>) => Interval, number]> = {
    'champion ROI': [(i) => i.figures.champion.roi, t.championRoi],
    'ROI difference': [(i) => i.figures.difference.roi, t.roiDifference],
    'spend difference': [(i) => i.figures.difference.spend, t.spendDifference],
    'conversions change': [(i) => i.figures.change.conversions, t.conversionsChange],
    'CPA difference': [(i) => i.figures.difference.cpa, t.cpaDifference],
  };
  const hits = Object.fromEntries(Object.keys(checks).map((k) => [k, 0]));
  for (let s = 0; s < POPULATIONS; s++) {
    const totals = simulateWorld(WORLD, seedBase + s);
    const b = userBootstrap(totals, { champion: 0, challenger: 1, seed: s, resamples, buckets, users: WORLD.users });
    const intervals = bootstrapIntervals(b, 0.95);
    for (const [name, [pick, truthValue]] of Object.entries(checks)) {
      const i = pick(intervals);
      if (i.lower <= truthValue && truthValue <= i.upper) hits[name]!++;
    }
  }
  return Object.fromEntries(Object.entries(hits).map(([k, h]) => [k, h / POPULATIONS]));
}

describe('userBootstrap coverage', () => {
  it('covers the true figures at close to 95% with one user per group', () => {
    const measured = coverage(WORLD.users, 500, 1_000_000);
    console.log('bootstrap coverage, users resampled one by one:', measured);
    for (const c of Object.values(measured)) {
      expect(c).toBeGreaterThanOrEqual(0.9);
      expect(c).toBeLessThanOrEqual(0.99);
    }
  });

  it('still covers them when ~31 users share a group', () => {
    const measured = coverage(64, 500, 2_000_000);
    console.log('bootstrap coverage, 64 groups of users:', measured);
    for (const c of Object.values(measured)) {
      expect(c).toBeGreaterThanOrEqual(0.9);
      expect(c).toBeLessThanOrEqual(0.99);
    }
  });
});
