import { SavingsCurveAccumulator } from './savings-curve.js';
import type { SegmentCodes } from './segment-buckets.js';
import { SegmentMetrics } from './segment-metrics.js';
import { SpendTimeline } from './spend-timeline.js';
import { UserTotals } from './user-totals.js';

/**
 * Everything a comparison collects beside PolicyMetrics, behind two calls the run loop makes: one
 * per won impression and one per attributed conversion. Policies are indexed as in `policies`;
 * pass only those the reports need (each adds 40 bytes per user to the per-user totals).
 */
export class ComparisonAccumulators {
  readonly users: UserTotals;
  readonly segments: SegmentMetrics;
  readonly timeline: SpendTimeline;
  /** One savings curve per policy, fed with the baseline's purchases (see recordBaselinePurchase). */
  readonly savingsCurves: ReadonlyArray<SavingsCurveAccumulator>;

  /**
   * @param policies policy names, in the order of the `policy` arguments.
   * @param users the number of user keys (the population size), to size the per-user arrays up front.
   * @param bucketSeconds the timeline's bucket; default an hour.
   */
  constructor(readonly policies: ReadonlyArray<string>, users = 1024, bucketSeconds = 3600) {
    this.users = new UserTotals(policies, users);
    this.segments = new SegmentMetrics(policies);
    this.timeline = new SpendTimeline(policies, bucketSeconds);
    this.savingsCurves = policies.map(() => new SavingsCurveAccumulator());
  }

  /** A won impression: USD paid and the policy's expected revenue for it. */
  recordWin(policy: number, user: number, codes: SegmentCodes, timeSeconds: number, paid: number, predictedRevenue: number): void {
    this.users.recordWin(policy, user, paid, predictedRevenue);
    this.segments.recordWin(policy, codes, paid, predictedRevenue);
    this.timeline.recordWin(policy, timeSeconds, paid);
  }

  /** Attributed conversions credited to the policy at `timeSeconds`, with their revenue (USD). */
  recordConversion(policy: number, user: number, codes: SegmentCodes, timeSeconds: number, conversions: number, revenue: number): void {
    this.users.recordConversion(policy, user, conversions, revenue);
    this.segments.recordConversion(policy, codes, conversions, revenue);
    this.timeline.recordConversion(policy, timeSeconds, conversions, revenue);
  }

  /**
   * An impression the baseline bought, scored by a policy: its P(conversion), what the baseline
   * paid and how many conversions it led to. Feeds that policy's savings-versus-conversions curve.
   */
  recordBaselinePurchase(policy: number, p: number, baselinePaid: number, conversions: number): void {
    this.savingsCurves[policy]!.record(p, baselinePaid, conversions);
  }
}
