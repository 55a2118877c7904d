import { MetricsError } from './metrics-error.js';
import { SEGMENT_DIMENSIONS, SEGMENT_LABELS, type SegmentCodes, type SegmentDimension } from './segment-buckets.js';

/** One policy's figures in one segment. ROIs are NaN without spend. */
export interface SegmentFigures {
  readonly policy: string;
  readonly wins: number;
  readonly spend: number;
  readonly conversions: number;
  readonly revenue: number;
  readonly predictedRevenue: number;
  /** Predicted revenue ÷ spend − 1. */
  readonly predictedRoi: number;
  /** Attributed revenue ÷ spend − 1. */
  readonly actualRoi: number;
}

export interface SegmentBucket {
  readonly label: string;
  /** One entry per policy, in policy order. */
  readonly policies: ReadonlyArray<SegmentFigures>;
}

export interface SegmentBreakdown {
  readonly dimension: SegmentDimension;
  /** Buckets in code order; only those where some policy won something. */
  readonly buckets: ReadonlyArray<SegmentBucket>;
}

const [WINS, SPEND, CONVERSIONS, REVENUE, PREDICTED] = [0, 1, 2, 3, 4];
const WIDTH = 5;

/**
 * Predicted against actual ROI and conversions, per policy, by segment: publisher app category,
 * country, OS, recency of the last purchase and activity (buckets in segment-buckets.ts). Every
 * (dimension, bucket, policy) has five running sums in one Float64Array, a few hundred codes in
 * all, so memory does not grow with the run.
 */
export class SegmentMetrics {
  private readonly offsets: number[] = [];
  private readonly sums: Float64Array;

  constructor(readonly policies: ReadonlyArray<string>) {
    let codes = 0;
    for (const d of SEGMENT_DIMENSIONS) { this.offsets.push(codes); codes += SEGMENT_LABELS[d].length; }
    this.sums = new Float64Array(codes * policies.length * WIDTH);
  }

  recordWin(policy: number, codes: SegmentCodes, paid: number, predictedRevenue: number): void {
    for (let d = 0; d < SEGMENT_DIMENSIONS.length; d++) {
      const at = this.at(policy, d, codes[d]!);
      this.sums[at + WINS] += 1;
      this.sums[at + SPEND] += paid;
      this.sums[at + PREDICTED] += predictedRevenue;
    }
  }

  recordConversion(policy: number, codes: SegmentCodes, conversions: number, revenue: number): void {
    for (let d = 0; d < SEGMENT_DIMENSIONS.length; d++) {
      const at = this.at(policy, d, codes[d]!);
      this.sums[at + CONVERSIONS] += conversions;
      this.sums[at + REVENUE] += revenue;
    }
  }

  report(): ReadonlyArray<SegmentBreakdown> {
    return SEGMENT_DIMENSIONS.map((dimension, d) => {
      const buckets: SegmentBucket[] = [];
      SEGMENT_LABELS[dimension].forEach((label, code) => {
        const policies = this.policies.map((policy, p) => {
          const at = this.at(p, d, code), s = this.sums;
          const spend = s[at + SPEND]!;
          return {
            policy, wins: s[at + WINS]!, spend, conversions: s[at + CONVERSIONS]!, revenue: s[at + REVENUE]!,
            predictedRevenue: s[at + PREDICTED]!,
            predictedRoi: spend > 0 ? s[at + PREDICTED]! / spend - 1 : NaN,
            actualRoi: spend > 0 ? s[at + REVENUE]! / spend - 1 : NaN,
          };
        });
        if (policies.some((f) => f.wins > 0 || f.conversions > 0)) buckets.push({ label, policies });
      });
      return { dimension, buckets };
    });
  }

  private at(policy: number, dimension: number, code: number): number {
    const size = SEGMENT_LABELS[SEGMENT_DIMENSIONS[dimension]!].length;
    if (!(code >= 0 && code < size) || !(policy >= 0 && policy < this.policies.length)) {
      throw new MetricsError('METRICS_BAD_ARGUMENT', `no segment code ${code} of ${SEGMENT_DIMENSIONS[dimension]} for policy ${policy}`, 'SegmentMetrics');
    }
    return ((this.offsets[dimension]! + code) * this.policies.length + policy) * WIDTH;
  }
}
