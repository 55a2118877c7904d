import {
  AucAccumulator, CalibrationAccumulator, SavingsCurveAccumulator, type SegmentCodes, segmentCodes, SegmentMetrics, SpendTimeline,
  UserTotals, writeSegmentCodes,
} from '../metrics/index.js';

/** Feature columns the segments read (see the engine's FEATURES). */
const COL_CATEGORY = 3, COL_COUNTRY = 4, COL_OS = 10;

/**
 * What `bidlab compare` collects from a run beside the summary, fed by the run loop when passed
 * as `RunOptions.comparison` (a plain run passes none and pays nothing):
 * - per-user totals of the policies the bootstrap compares (40 bytes per user and policy, so only
 *   those), per-segment figures, the spend timeline and the savings curves of every policy (the
 *   parts of ComparisonAccumulators); conversions are booked at win time from the attribution
 *   stage's outcome (what the sink will deliver later, by common random numbers), the timeline's
 *   when the sink delivers them, so revenue trails spend as it does in reality;
 * - calibration and AUC of each scoring policy's P(conversion) on the impressions it won;
 * - in synthetic worlds, calibration against the true probability on the quality sample.
 * Policies are indexed as in the run's policy list.
 */
export class ComparisonCollector {
  /** Per-user totals of the `tracked` policies, in that order. */
  readonly users: UserTotals;
  readonly segments: SegmentMetrics;
  readonly timeline: SpendTimeline;
  readonly savingsCurves: ReadonlyArray<SavingsCurveAccumulator>;
  readonly winCalibration: ReadonlyArray<CalibrationAccumulator>;
  readonly winAuc: ReadonlyArray<AucAccumulator>;
  readonly trueCalibration: ReadonlyArray<CalibrationAccumulator>;
  /** The current opportunity's segment codes, set by `segment`. */
  readonly codes: SegmentCodes = segmentCodes();

  /** Per run policy, its column in `users`, or −1. */
  private readonly userSlot: Int32Array;

  /**
   * @param policies the run's policy names, in its order.
   * @param population the population size (user keys are 0 … population − 1).
   * @param tracked the policies whose per-user totals are kept; default all.
   */
  constructor(readonly policies: ReadonlyArray<string>, readonly population: number, tracked: ReadonlyArray<string> = policies) {
    this.users = new UserTotals(tracked, population);
    this.userSlot = Int32Array.from(policies, (name) => tracked.indexOf(name));
    this.segments = new SegmentMetrics(policies);
    this.timeline = new SpendTimeline(policies);
    this.savingsCurves = policies.map(() => new SavingsCurveAccumulator());
    this.winCalibration = policies.map(() => new CalibrationAccumulator());
    this.winAuc = policies.map(() => new AucAccumulator());
    this.trueCalibration = policies.map(() => new CalibrationAccumulator());
  }

  /** Segment codes of a matched opportunity, from its features and the user's profile. */
  segment(features: Float64Array, offset: number, daysSinceLastPurchase: number, sessions30d: number): void {
    writeSegmentCodes(this.codes, features[offset + COL_CATEGORY]!, features[offset + COL_COUNTRY]!, features[offset + COL_OS]!,
      daysSinceLastPurchase, sessions30d);
  }

  /**
   * A won impression: `paid` USD, `predictedRevenue` USD, the policy's P(conversion) (NaN for a
   * blind policy) and the attributed outcome it will lead to.
   */
  win(policy: number, user: number, time: number, paid: number, predictedRevenue: number, p: number,
    outcome: { readonly converts: boolean; readonly value: number; readonly conversions: number }): void {
    const slot = this.userSlot[policy]!;
    if (slot >= 0) this.users.recordWin(slot, user, paid, predictedRevenue);
    this.segments.recordWin(policy, this.codes, paid, predictedRevenue);
    this.timeline.recordWin(policy, time, paid);
    if (outcome.conversions > 0) {
      if (slot >= 0) this.users.recordConversion(slot, user, outcome.conversions, outcome.value);
      this.segments.recordConversion(policy, this.codes, outcome.conversions, outcome.value);
    }
    if (p === p) {
      this.winCalibration[policy]!.add(p, outcome.converts);
      this.winAuc[policy]!.add(p, outcome.converts);
    }
  }

  /** An attributed conversion as the sink delivers it, at its own simulated time. */
  delivered(policy: number, time: number, revenue: number): void {
    this.timeline.recordConversion(policy, time, 1, revenue);
  }

  /**
   * An impression the baseline bought, scored by a policy: its P(conversion), what the baseline
   * paid (USD) and the conversions it led to; feeds that policy's savings-versus-conversions curve.
   */
  baselinePurchase(policy: number, p: number, baselinePaid: number, conversions: number): void {
    this.savingsCurves[policy]!.record(p, baselinePaid, conversions);
  }

  /** A scoring policy's P(conversion) on a quality-sample opportunity, against the true probability. */
  truth(policy: number, p: number, trueP: number): void {
    this.trueCalibration[policy]!.add(p, trueP);
  }
}
