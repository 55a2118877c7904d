import { describe, expect, it } from 'vitest';
import { CalibrationAccumulator } from '../../src/metrics/index.js';
import { RandomStreams, uniform } from '../../src/rng/index.js';

describe('CalibrationAccumulator', () => {
  it('finds a calibrated model calibrated and a doubled one over-predicting', () => {
    const draws = new RandomStreams(5).stream('test').sequence();
    const good = new CalibrationAccumulator(), doubled = new CalibrationAccumulator();
    for (let i = 0; i < 200_000; i++) {
      const p = uniform(draws, 0, 0.2);
      const y = uniform(draws, 0, 1) < p;
      good.add(p, y);
      doubled.add(Math.min(1, 2 * p), y);
    }
    const g = good.report(), d = doubled.report();
    expect(g.count).toBe(200_000);
    // 200k Bernoulli draws with mean 0.1: the standard error of the rate is ~0.0007.
    expect(Math.abs(g.predictedToObserved - 1)).toBeLessThan(0.02);
    expect(g.ece).toBeLessThan(0.005);
    expect(d.predictedToObserved).toBeGreaterThan(1.9);
    expect(d.ece).toBeGreaterThan(0.08);
    expect(d.logLoss).toBeGreaterThan(g.logLoss);
    expect(d.brier).toBeGreaterThan(g.brier);
    expect(g.bins.reduce((s, b) => s + b.count, 0)).toBe(200_000);
  });

  it('puts edge probabilities in the first and last bins', () => {
    const acc = new CalibrationAccumulator();
    acc.add(0, false);
    acc.add(1, true);
    const r = acc.report();
    expect(r.bins[0]!.lower).toBe(0);
    expect(r.bins[r.bins.length - 1]!.count).toBe(1);
    expect(r.logLoss).toBeLessThan(1e-10);
  });
});
