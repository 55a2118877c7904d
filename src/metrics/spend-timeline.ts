import { MetricsError } from './metrics-error.js';

/** One policy's running totals at the end of each bucket of simulated time. */
export interface PolicyTimeline {
  readonly policy: string;
  readonly spend: ReadonlyArray<number>;
  readonly revenue: ReadonlyArray<number>;
  readonly conversions: ReadonlyArray<number>;
  readonly wins: ReadonlyArray<number>;
}

export interface TimelineReport {
  readonly bucketSeconds: number;
  /** Simulated seconds at the end of each bucket: bucketSeconds, 2 × bucketSeconds, … */
  readonly times: ReadonlyArray<number>;
  /** Cumulative, policy by policy. */
  readonly policies: ReadonlyArray<PolicyTimeline>;
}

const FIELDS = 4;
const [SPEND, REVENUE, CONVERSIONS, WINS] = [0, 1, 2, 3];

/**
 * Spend, wins, conversions and revenue per policy over simulated time, in fixed buckets (an hour
 * by default), for the pacing and cumulative charts. Grows with simulated time, not traffic: a
 * week of hours is 168 buckets. Revenue counts when the conversion happens, so it trails spend.
 */
export class SpendTimeline {
  private sums: Float64Array;
  private buckets = 0;

  constructor(readonly policies: ReadonlyArray<string>, readonly bucketSeconds = 3600) {
    if (!(bucketSeconds > 0)) throw new MetricsError('METRICS_BAD_ARGUMENT', `bucketSeconds must be > 0, got ${bucketSeconds}`, 'SpendTimeline');
    this.sums = new Float64Array(64 * policies.length * FIELDS);
  }

  recordWin(policy: number, timeSeconds: number, paid: number): void {
    const at = this.at(policy, timeSeconds);
    this.sums[at + SPEND] += paid;
    this.sums[at + WINS] += 1;
  }

  recordConversion(policy: number, timeSeconds: number, conversions: number, revenue: number): void {
    const at = this.at(policy, timeSeconds);
    this.sums[at + CONVERSIONS] += conversions;
    this.sums[at + REVENUE] += revenue;
  }

  report(): TimelineReport {
    const n = this.buckets, P = this.policies.length;
    return {
      bucketSeconds: this.bucketSeconds,
      times: Array.from({ length: n }, (_, b) => (b + 1) * this.bucketSeconds),
      policies: this.policies.map((policy, p) => {
        const cumulative = (field: number) => {
          const out: number[] = [];
          let sum = 0;
          for (let b = 0; b < n; b++) { sum += this.sums[(b * P + p) * FIELDS + field]!; out.push(sum); }
          return out;
        };
        return { policy, spend: cumulative(SPEND), revenue: cumulative(REVENUE), conversions: cumulative(CONVERSIONS), wins: cumulative(WINS) };
      }),
    };
  }

  private at(policy: number, timeSeconds: number): number {
    if (!(policy >= 0 && policy < this.policies.length && timeSeconds >= 0 && timeSeconds < Infinity)) {
      throw new MetricsError('METRICS_BAD_ARGUMENT', `policy ${policy} at time ${timeSeconds} is out of range`, 'SpendTimeline');
    }
    const b = Math.floor(timeSeconds / this.bucketSeconds);
    const P = this.policies.length;
    if (b >= this.buckets) {
      const needed = (b + 1) * P * FIELDS;
      if (needed > this.sums.length) {
        let size = this.sums.length;
        while (size < needed) size *= 2;
        const grown = new Float64Array(size);
        grown.set(this.sums);
        this.sums = grown;
      }
      this.buckets = b + 1;
    }
    return (b * P + policy) * FIELDS;
  }
}
