import { describe, expect, it } from 'vitest';
import { APP_CATEGORY_INDEX, COUNTRY_CODES } from '../../src/domain/index.js';
import {
  activityBucket, ComparisonAccumulators, MetricsError, recencyBucket, SEGMENT_LABELS, segmentCodes, SegmentMetrics, writeSegmentCodes,
} from '../../src/metrics/index.js';

describe('segment buckets', () => {
  it('cuts recency since the last purchase at 7, 30 and 90 days, with never for non-payers', () => {
    const labels = [NaN, -1, 0, 6.9, 7, 29.99, 30, 89, 90, 400].map((d) => SEGMENT_LABELS.recency[recencyBucket(d)]);
    expect(labels).toEqual(['never', 'never', '0-6d', '0-6d', '7-29d', '7-29d', '30-89d', '30-89d', '90d+', '90d+']);
  });

  it('cuts 30-day sessions at 10, 30, 60 and 120', () => {
    const labels = [0, 9, 10, 29, 30, 59, 60, 119, 120, 5000, NaN].map((s) => SEGMENT_LABELS.activity[activityBucket(s)]);
    expect(labels).toEqual(['0-9', '0-9', '10-29', '10-29', '30-59', '30-59', '60-119', '60-119', '120+', '120+', 'unknown']);
  });

  it('maps feature codes to labels, and anything unknown to unknown', () => {
    const usa = COUNTRY_CODES.indexOf('USA');
    const c = writeSegmentCodes(segmentCodes(), APP_CATEGORY_INDEX.games, usa, 1, 3, 45);
    expect([...c].map((code, d) => Object.values(SEGMENT_LABELS)[d]![code])).toEqual(['games', 'USA', 'ios', '0-6d', '30-59']);
    const u = writeSegmentCodes(segmentCodes(), NaN, 9999, NaN, NaN, NaN);
    expect([...u].map((code, d) => Object.values(SEGMENT_LABELS)[d]![code])).toEqual(['unknown', 'unknown', 'unknown', 'never', 'unknown']);
  });
});

describe('SegmentMetrics', () => {
  it('keeps predicted and actual ROI and conversions per bucket and policy', () => {
    const m = new SegmentMetrics(['champion', 'challenger']);
    const games = writeSegmentCodes(segmentCodes(), APP_CATEGORY_INDEX.games, 0, 0, NaN, 5);
    const news = writeSegmentCodes(segmentCodes(), APP_CATEGORY_INDEX.news, 0, 1, 10, 50);
    m.recordWin(0, games, 2, 3);
    m.recordWin(0, news, 1, 1);
    m.recordConversion(0, games, 1, 5);
    m.recordWin(1, news, 4, 2);
    const report = m.report();
    const category = report.find((b) => b.dimension === 'appCategory')!;
    expect(category.buckets.map((b) => b.label)).toEqual(['games', 'news']);
    expect(category.buckets[0]!.policies[0]).toEqual({
      policy: 'champion', wins: 1, spend: 2, conversions: 1, revenue: 5, predictedRevenue: 3, predictedRoi: 0.5, actualRoi: 1.5,
    });
    expect(category.buckets[0]!.policies[1]!.actualRoi).toBeNaN();
    expect(category.buckets[1]!.policies[1]).toMatchObject({ spend: 4, predictedRoi: -0.5, actualRoi: -1 });
    const os = report.find((b) => b.dimension === 'os')!;
    expect(os.buckets.map((b) => [b.label, b.policies[0]!.spend])).toEqual([['android', 2], ['ios', 1]]);
    // Every dimension splits the same totals.
    for (const d of report) expect(d.buckets.reduce((s, b) => s + b.policies[0]!.spend, 0)).toBe(3);
  });

  it('refuses a code outside the dimension', () => {
    const m = new SegmentMetrics(['a']);
    expect(() => m.recordWin(0, Int32Array.of(0, 0, 7, 0, 0), 1, 1)).toThrow(MetricsError);
  });
});

describe('ComparisonAccumulators', () => {
  it('feeds per-user totals, segments and the timeline from one call per event', () => {
    const acc = new ComparisonAccumulators(['champion', 'challenger'], 4);
    const codes = writeSegmentCodes(segmentCodes(), APP_CATEGORY_INDEX.games, 0, 1, 12, 40);
    acc.recordWin(1, 3, codes, 7200, 0.004, 0.01);
    acc.recordConversion(1, 3, codes, 9000, 1, 2.5);
    acc.recordBaselinePurchase(1, 0.2, 0.004, 1);
    expect(acc.users.totals(1)).toEqual({ spend: 0.004, wins: 1, conversions: 1, revenue: 2.5, predictedRevenue: 0.01 });
    expect(acc.segments.report().find((d) => d.dimension === 'recency')!.buckets).toEqual([
      expect.objectContaining({ label: '7-29d' }),
    ]);
    expect(acc.timeline.report().policies[1]!.revenue).toEqual([0, 0, 2.5]);
    expect(acc.savingsCurves[1]!.curve()[0]!.conversionsRetained).toBe(1);
  });
});
