import {
  bootstrapIntervals, CalibrationAccumulator, evaluateGate, parseGateRule, SavingsCurveAccumulator, segmentCodes, SegmentMetrics,
  SpendTimeline, userBootstrap, writeSegmentCodes,
} from '../../src/metrics/index.js';
import { type ComparisonReport, REPORT_FORMAT_VERSION } from '../../src/report/index.js';
import { bernoulli, exponential, RandomStreams, uniform, uniformInt } from '../../src/rng/index.js';
import { simulateWorld, WORLD } from '../metrics/bootstrap-world.js';

/**
 * A ComparisonReport built the way the run loop will build one: every part comes out of the real
 * accumulators fed with seeded synthetic data, so the reports are tested on realistic shapes
 * (NaN ratios, empty buckets, many countries) rather than hand-written numbers.
 */
export function sampleReport(overrides: { champion?: string; challenger?: string; gate?: string[] } = {}): ComparisonReport {
  const champion = overrides.champion ?? 'champion', challenger = overrides.challenger ?? 'challenger';
  const names = [champion, challenger, 'everything', 'oracle'];
  const totals = simulateWorld(WORLD, 5);
  const bootstrap = userBootstrap(totals, { champion: 0, challenger: 1, seed: 9, resamples: 500, users: WORLD.users });
  const d = new RandomStreams(42).stream('report').sequence();

  const segments = new SegmentMetrics(names);
  const timeline = new SpendTimeline(names);
  const curves = names.map(() => new SavingsCurveAccumulator());
  const calibrations = names.map(() => new CalibrationAccumulator());
  const codes = segmentCodes();
  for (let i = 0; i < 20_000; i++) {
    writeSegmentCodes(codes, uniformInt(d, 0, 20), uniformInt(d, 0, 40), uniformInt(d, 0, 1), uniform(d, -30, 200), uniform(d, 0, 150));
    const time = uniform(d, 0, 2 * 86_400);
    const p = exponential(d, 50);
    const converts = bernoulli(d, Math.min(1, 0.8 * p));
    const price = exponential(d, 250);
    for (let k = 0; k < names.length; k++) {
      const score = k === 3 ? 0.8 * p : p * (k === 0 ? 1.3 : 1);
      calibrations[k]!.add(Math.min(1, score), converts);
      curves[k]!.record(score, price, converts ? 1 : 0);
      if (k < 3 && score < 0.01 * k) continue;
      segments.recordWin(k, codes, price, score * 0.6);
      timeline.recordWin(k, time, price);
      if (converts) { segments.recordConversion(k, codes, 1, 0.6); timeline.recordConversion(k, time + 3600, 1, 0.6); }
    }
  }
  const rules = (overrides.gate ?? ['roi-diff>=0@95', 'conversions-drop<=2%', 'ece<=0.02']).map((t) => parseGateRule(t));
  const calibration = calibrations[1]!.report();
  const gate = evaluateGate(rules, { bootstrap, calibration: { ...calibration, auc: 0.74 } });
  const policy = (k: number, kind: 'model' | 'oracle' | 'bid-everything') => {
    const t = totals.totals(Math.min(k, 1));
    return {
      name: names[k]!, kind, opportunities: 50_000, bids: 20_000, wins: t.wins, winRate: t.wins / 20_000, spend: t.spend, impressions: t.wins,
      clicks: Math.round(t.wins * 0.02), conversions: t.conversions, attributedRevenue: t.revenue, predictedRevenue: t.predictedRevenue,
      predictedRoi: kind === 'bid-everything' ? NaN : t.predictedRevenue / t.spend - 1, actualRoi: t.revenue / t.spend - 1,
      cpa: t.spend / t.conversions, ecpm: (1000 * t.spend) / t.wins,
      ...(kind === 'bid-everything' ? {} : {
        savings: { baselineNonPerformingSpend: 40, avoidedNonPerformingSpend: 10 + 5 * k, avoidedShare: (10 + 5 * k) / 40, conversionsRetained: 0.97 - 0.03 * k },
        auc: 0.7 + 0.02 * k, calibration: calibrations[k]!.report(), regret: 4 - k,
      }),
    };
  };
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    bidlab: { version: '0.1.0' },
    scenario: { name: 'quickstart', file: 'scenarios/quickstart.yaml', sha256: 'ab'.repeat(32) },
    mode: 'worlds',
    seeds: [1, 2, 3],
    models: [
      { policy: champion, path: 'fixtures/models/champion.txt', sha256: 'cd'.repeat(32) },
      { policy: challenger, path: 'fixtures/models/challenger.txt', sha256: 'ef'.repeat(32) },
    ],
    champion, challenger, baseline: 'everything', oracle: 'oracle',
    policies: [policy(0, 'model'), policy(1, 'model'), policy(2, 'bid-everything'), policy(3, 'oracle')],
    statistics: bootstrapIntervals(bootstrap, 0.95),
    gate,
    segments: segments.report(),
    timeline: { ...timeline.report(), dailyBudget: 40 },
    savingsCurve: { source: 'threshold', policies: [0, 1, 3].map((k) => ({ policy: names[k]!, points: curves[k]!.curve() })) },
    perSeed: [1, 2, 3].map((seed) => ({
      seed,
      policies: [0, 1].map((k) => ({ name: names[k]!, spend: 10 + seed + k, conversions: 20 + seed, attributedRevenue: 30, actualRoi: 0.1 * seed + 0.05 * k })),
    })),
  };
}
