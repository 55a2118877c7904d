import { describe, expect, it } from 'vitest';
import { CalibrationAccumulator } from '../../src/metrics/index.js';
import { RandomStreams, uniform } from '../../src/rng/index.js';

describe('CalibrationAccumulator against true probabilities', () => {
  it('finds a model that predicts the truth exactly calibrated, without outcome noise', () => {
    const d = new RandomStreams(8).stream('test').sequence();
    const exact = new CalibrationAccumulator(), halved = new CalibrationAccumulator();
    for (let i = 0; i < 10_000; i++) {
      const truth = uniform(d, 0, 0.2);
      exact.add(truth, truth);
      halved.add(truth / 2, truth);
    }
    const e = exact.report(), h = halved.report();
    // On true probabilities a perfect model has no calibration error at all, not just a small one.
    expect(e.ece).toBeLessThan(1e-12);
    expect(e.brier).toBe(0);
    expect(e.predictedToObserved).toBeCloseTo(1, 12);
    expect(h.predictedToObserved).toBeCloseTo(0.5, 12);
    expect(h.ece).toBeGreaterThan(0.04);
    // Cross-entropy is smallest where the prediction equals the truth.
    expect(h.logLoss).toBeGreaterThan(e.logLoss);
  });

  it('gives the same log-loss for outcomes given as 0/1 numbers and as booleans', () => {
    const a = new CalibrationAccumulator(), b = new CalibrationAccumulator();
    for (const [p, y] of [[0.1, true], [0.3, false], [0.9, true]] as const) { a.add(p, y); b.add(p, y ? 1 : 0); }
    expect(b.report()).toEqual(a.report());
  });
});
