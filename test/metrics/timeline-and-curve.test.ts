import { describe, expect, it } from 'vitest';
import { MetricsError, SavingsCurveAccumulator, SpendTimeline } from '../../src/metrics/index.js';

describe('SpendTimeline', () => {
  it('reports cumulative totals per hour and policy, growing with simulated time', () => {
    const t = new SpendTimeline(['a', 'b']);
    t.recordWin(0, 10, 1);
    t.recordWin(1, 3599, 2);
    t.recordWin(0, 100 * 3600 + 1, 4);
    t.recordConversion(0, 2 * 3600, 1, 10);
    const r = t.report();
    expect(r.times).toHaveLength(101);
    expect(r.times[0]).toBe(3600);
    expect(r.policies[0]!.spend.slice(0, 3)).toEqual([1, 1, 1]);
    expect(r.policies[0]!.spend[100]).toBe(5);
    expect(r.policies[0]!.revenue.slice(0, 3)).toEqual([0, 0, 10]);
    expect(r.policies[1]!.wins[100]).toBe(1);
    expect(() => t.recordWin(0, -1, 1)).toThrow(MetricsError);
  });
});

describe('SavingsCurveAccumulator', () => {
  it('trades avoided non-performing spend against kept conversions as the threshold rises', () => {
    const c = new SavingsCurveAccumulator([0, 0.1, 0.5]);
    c.record(0.05, 3, 0); // a dud a 0.1 threshold drops
    c.record(0.2, 1, 0); // a dud only 0.5 drops
    c.record(0.3, 2, 1); // a converter 0.5 loses
    c.record(0.9, 2, 1); // always kept
    expect(c.curve()).toEqual([
      { parameter: 0, avoidedShare: 0, conversionsRetained: 1 },
      { parameter: 0.1, avoidedShare: 0.75, conversionsRetained: 1 },
      { parameter: 0.5, avoidedShare: 1, conversionsRetained: 0.5 },
    ]);
  });

  it('is monotone on its default thresholds', () => {
    const c = new SavingsCurveAccumulator();
    for (let i = 1; i <= 1000; i++) c.record(i / 1000, 0.01, i % 7 === 0 ? 1 : 0);
    const curve = c.curve();
    expect(curve.length).toBe(50);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]!.avoidedShare).toBeGreaterThanOrEqual(curve[i - 1]!.avoidedShare);
      expect(curve[i]!.conversionsRetained).toBeLessThanOrEqual(curve[i - 1]!.conversionsRetained);
    }
  });
});
