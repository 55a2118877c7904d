import { describe, expect, it } from 'vitest';
import { PolicyMetrics, SavingsAccumulator } from '../../src/metrics/index.js';

describe('PolicyMetrics', () => {
  it('derives rates, ROI, CPA and eCPM from its totals', () => {
    const m = new PolicyMetrics('champion');
    Object.assign(m, { opportunities: 1000, bids: 400, wins: 100, spend: 50, clicks: 4, conversions: 2, attributedRevenue: 80, predictedRevenue: 60 });
    const s = m.summary();
    expect(s).toMatchObject({ name: 'champion', winRate: 0.25, impressions: 100, cpa: 25, ecpm: 500 });
    expect(s.actualRoi).toBeCloseTo(0.6, 12);
    expect(s.predictedRoi).toBeCloseTo(0.2, 12);
  });

  it('is NaN, not Infinity, before anything was bought', () => {
    const s = new PolicyMetrics('idle').summary();
    expect(s.winRate).toBeNaN();
    expect(s.actualRoi).toBeNaN();
    expect(s.cpa).toBeNaN();
  });
});

describe('SavingsAccumulator', () => {
  it('counts avoided non-performing spend and retained conversions against the baseline', () => {
    const s = new SavingsAccumulator();
    s.record(true, 1.0, false, false); // avoided a dud
    s.record(true, 2.0, true, false); // bought a dud too
    s.record(true, 3.0, false, true); // missed a converter
    s.record(true, 4.0, true, true); // kept a converter
    s.record(false, 0, true, true); // baseline lost it: outside the comparison
    expect(s.summary()).toEqual({
      baselineNonPerformingSpend: 3, avoidedNonPerformingSpend: 1, avoidedShare: 1 / 3, conversionsRetained: 0.5,
    });
  });
});
