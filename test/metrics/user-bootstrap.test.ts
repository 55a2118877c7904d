import { describe, expect, it } from 'vitest';
import { bootstrapIntervals, MetricsError, percentileInterval, userBootstrap, UserTotals } from '../../src/metrics/index.js';
import { simulateWorld, WORLD } from './bootstrap-world.js';

describe('UserTotals', () => {
  it('keeps per policy and per user totals, growing past its first size', () => {
    const t = new UserTotals(['a', 'b'], 2);
    t.recordWin(0, 0, 0.5, 0.7);
    t.recordWin(0, 9, 0.25, 0.1);
    t.recordWin(1, 9, 1, 2);
    t.recordConversion(0, 9, 2, 3.5);
    expect(t.userCount).toBe(10);
    expect(t.totals(0)).toEqual({ spend: 0.75, wins: 2, conversions: 2, revenue: 3.5, predictedRevenue: 0.7999999999999999 });
    expect(t.totals(1)).toEqual({ spend: 1, wins: 1, conversions: 0, revenue: 0, predictedRevenue: 2 });
    expect(t.value(0, 9, 'revenue')).toBe(3.5);
    expect(t.value(1, 0, 'spend')).toBe(0);
    expect(t.value(1, 1000, 'spend')).toBe(0);
  });

  it('refuses a policy or user that does not exist', () => {
    const t = new UserTotals(['a']);
    expect(() => t.recordWin(1, 0, 1, 1)).toThrow(MetricsError);
    expect(() => t.recordWin(0, -1, 1, 1)).toThrow(/user key/);
    expect(() => new UserTotals([])).toThrow(MetricsError);
  });
});

describe('percentileInterval', () => {
  it('interpolates between order statistics', () => {
    const sorted = Float64Array.from({ length: 101 }, (_, i) => i);
    const i = percentileInterval(sorted, 101, 0.9);
    expect(i.lower).toBeCloseTo(5, 10);
    expect(i.upper).toBeCloseTo(95, 10);
    expect(percentileInterval(Float64Array.of(0, 10), 2, 0.5)).toEqual({ lower: 2.5, upper: 7.5 });
  });

  it('gives no interval when more replicates were undefined than a tail holds', () => {
    const sorted = Float64Array.from({ length: 96 }, (_, i) => i);
    expect(percentileInterval(sorted, 100, 0.95).lower).toBeNaN();
    expect(percentileInterval(sorted, 98, 0.95).lower).toBeGreaterThanOrEqual(0);
    expect(() => percentileInterval(sorted, 96, 1)).toThrow(MetricsError);
  });
});

describe('userBootstrap', () => {
  const totals = simulateWorld(WORLD, 7);
  const options = { champion: 0, challenger: 1, seed: 3, resamples: 400, users: WORLD.users };

  it('is reproducible from its seed and changes with it', () => {
    const a = userBootstrap(totals, options), b = userBootstrap(totals, options);
    const c = userBootstrap(totals, { ...options, seed: 4 });
    expect(a.replicates.difference.roi).toEqual(b.replicates.difference.roi);
    expect(a.replicates.difference.roi).not.toEqual(c.replicates.difference.roi);
    expect(a.estimate).toEqual(c.estimate);
  });

  it('estimates the recorded totals and ratios', () => {
    const b = userBootstrap(totals, options);
    const champ = totals.totals(0), chal = totals.totals(1);
    expect(b.estimate.champion.spend).toBeCloseTo(champ.spend, 12);
    expect(b.estimate.challenger.conversions).toBe(chal.conversions);
    expect(b.estimate.difference.revenue).toBeCloseTo(chal.revenue - champ.revenue, 12);
    expect(b.estimate.champion.roi).toBeCloseTo(champ.revenue / champ.spend - 1, 12);
    expect(b.estimate.change.cpa).toBeCloseTo((chal.spend / chal.conversions) / (champ.spend / champ.conversions) - 1, 12);
    expect(b.activeUsers).toBeGreaterThan(0.3 * WORLD.users);
    expect(b.activeUsers).toBeLessThan(0.4 * WORLD.users);
  });

  it('pairs the policies: identical data gives a difference of exactly 0 in every resample', () => {
    const twins = new UserTotals(['a', 'b']);
    for (let u = 0; u < WORLD.users; u++) {
      for (const p of [0, 1]) {
        twins.recordWin(p, u, totals.value(0, u, 'spend'), 0);
        twins.recordConversion(p, u, totals.value(0, u, 'conversions'), totals.value(0, u, 'revenue'));
      }
    }
    const b = bootstrapIntervals(userBootstrap(twins, options));
    expect(b.figures.difference.roi).toEqual({ estimate: 0, lower: 0, upper: 0 });
    expect(b.figures.change.conversions).toEqual({ estimate: 0, lower: 0, upper: 0 });
    // ...while each policy alone still varies.
    expect(b.figures.champion.roi.upper - b.figures.champion.roi.lower).toBeGreaterThan(0.1);
  });

  it('spreads a total as resampling users does: sd ≈ √(Σ (x − x̄)²)', () => {
    const b = userBootstrap(totals, { ...options, resamples: 2000 });
    const n = WORLD.users;
    let sum = 0, sq = 0;
    for (let u = 0; u < n; u++) sum += totals.value(0, u, 'spend');
    for (let u = 0; u < n; u++) sq += (totals.value(0, u, 'spend') - sum / n) ** 2;
    const reps = b.replicates.champion.spend;
    const mean = reps.reduce((s, x) => s + x, 0) / reps.length;
    const sd = Math.sqrt(reps.reduce((s, x) => s + (x - mean) ** 2, 0) / (reps.length - 1));
    // 2000 resamples: the sd itself is known to about ±3% (1 standard error 1.6%).
    expect(sd / Math.sqrt(sq)).toBeGreaterThan(0.93);
    expect(sd / Math.sqrt(sq)).toBeLessThan(1.07);
  });

  it('gives about the same intervals with users pooled into groups as one by one', () => {
    const one = bootstrapIntervals(userBootstrap(totals, { ...options, resamples: 2000 })).figures.difference.roi;
    const grouped = bootstrapIntervals(userBootstrap(totals, { ...options, resamples: 2000, buckets: 200 })).figures.difference.roi;
    const ratio = (grouped.upper - grouped.lower) / (one.upper - one.lower);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });

  it('refuses bad options, naming them', () => {
    expect(() => userBootstrap(totals, { ...options, champion: 2 })).toThrow(/champion index 2/);
    expect(() => userBootstrap(totals, { ...options, resamples: 1 })).toThrow(/resamples/);
    expect(() => userBootstrap(totals, { ...options, users: 10 })).toThrow(/users must be/);
    expect(() => userBootstrap(totals, { ...options, buckets: 0 })).toThrow(MetricsError);
  });
});
