import type {
  BootstrapIntervals, CalibrationReport, GateVerdict, PolicySummary, SavingsPoint, SavingsSummary, SegmentBreakdown, TimelineReport,
} from '../metrics/index.js';

/** Bumped when a field changes meaning or disappears, so readers of report.json can tell. */
export const REPORT_FORMAT_VERSION = 1;

/** One policy's results in a comparison. */
export interface ReportPolicy extends PolicySummary {
  readonly kind: 'model' | 'oracle' | 'bid-everything';
  /** Against the baseline (bid-everything); absent for the baseline itself. */
  readonly savings?: SavingsSummary;
  /** AUC of P(conversion) on the quality sample (scoring policies only). */
  readonly auc?: number;
  /** Calibration of P(conversion) against what happened, with its reliability bins. */
  readonly calibration?: CalibrationReport;
  /** In synthetic worlds: calibration against the true probabilities on all opportunities. */
  readonly trueCalibration?: CalibrationReport;
  /** In synthetic worlds: the oracle's profit (revenue − spend) minus this policy's, USD. */
  readonly regret?: number;
}

/** A model file a policy used, so a report names exactly what was compared. */
export interface ReportModel {
  readonly policy: string;
  readonly path: string;
  readonly sha256: string;
}

/** The headline figures of one seed, for the spread over `--seeds N`. */
export interface SeedResult {
  readonly seed: number;
  readonly policies: ReadonlyArray<Pick<PolicySummary, 'name' | 'spend' | 'conversions' | 'attributedRevenue' | 'actualRoi'>>;
}

export interface SavingsCurve {
  /** 'threshold': a P(conversion) threshold over the baseline's purchases; 'sweep': full runs of `bidlab sweep`. */
  readonly source: 'threshold' | 'sweep';
  readonly policies: ReadonlyArray<{ readonly policy: string; readonly points: ReadonlyArray<SavingsPoint> }>;
}

/**
 * Everything a comparison found, from which report.json, report.md and report.html are written.
 * Plain data: numbers may be NaN (undefined ratios), which report.json writes as null.
 */
export interface ComparisonReport {
  readonly formatVersion: typeof REPORT_FORMAT_VERSION;
  readonly bidlab: { readonly version: string };
  /** Wall-clock time the CLI wrote the report (ISO 8601); absent where output must be reproducible. */
  readonly createdAt?: string;
  readonly scenario: { readonly name: string; readonly file?: string; readonly sha256?: string; readonly description?: string };
  /** 'worlds': both policies on the same traffic with their own budgets; 'split': users split between them. */
  readonly mode: 'worlds' | 'split';
  /** The root seeds run; the first is the one the detailed figures come from. */
  readonly seeds: ReadonlyArray<number>;
  readonly models: ReadonlyArray<ReportModel>;
  readonly champion: string;
  readonly challenger: string;
  readonly baseline?: string;
  readonly oracle?: string;
  /** Every policy run, in scenario order (champion, challenger, and the baseline and oracle when present). */
  readonly policies: ReadonlyArray<ReportPolicy>;
  /** Bootstrap intervals of the champion, the challenger and their difference. */
  readonly statistics: BootstrapIntervals;
  readonly gate: GateVerdict;
  readonly segments: ReadonlyArray<SegmentBreakdown>;
  /** Cumulative spend and revenue over simulated time, and the daily budget they are paced against (USD). */
  readonly timeline?: TimelineReport & { readonly dailyBudget?: number };
  readonly savingsCurve?: SavingsCurve;
  /** With more than one seed. */
  readonly perSeed?: ReadonlyArray<SeedResult>;
}
