/** Conversions, revenue (USD) and spend (USD): what an off-policy estimate is of. */
export interface Reward {
  conversions: number;
  revenue: number;
  spend: number;
}

/** An estimate of each quantity, profit (revenue − spend) included. */
export interface RewardEstimate {
  readonly conversions: number;
  readonly revenue: number;
  readonly spend: number;
  readonly profit: number;
}

export interface OffPolicyEstimates {
  /** Records seen. */
  readonly records: number;
  /** Records whose logged action is the one the evaluated policy takes. */
  readonly matched: number;
  /** Inverse propensity scoring: Σ match·r/μ. Unbiased, high variance. */
  readonly ips: RewardEstimate;
  /** Self-normalised IPS: n · Σ match·r/μ / Σ match/μ. Slightly biased, steadier. */
  readonly snips: RewardEstimate;
  /** Doubly robust: the direct model's value of the policy's action, corrected by IPS on the model's error where the actions match. */
  readonly dr: RewardEstimate;
  /** Standard errors of the three (records taken as independent; SNIPS by the delta method). */
  readonly standardError: { readonly ips: RewardEstimate; readonly snips: RewardEstimate; readonly dr: RewardEstimate };
}

/** Per-record contributions to the IPS and DR totals, in the order conversions, revenue, spend, profit. */
export interface Contributions {
  readonly ips: Float64Array;
  readonly dr: Float64Array;
}

const KEYS = ['conversions', 'revenue', 'spend', 'profit'] as const;

function estimate(v: ArrayLike<number>): RewardEstimate {
  return { conversions: v[0]!, revenue: v[1]!, spend: v[2]!, profit: v[3]! };
}

/** Sums and sums of squares of per-record terms: a total and its standard error. */
export class TotalAccumulator {
  private n = 0;
  private readonly sum = new Float64Array(4);
  private readonly squares = new Float64Array(4);

  add(terms: ArrayLike<number>): void {
    this.n++;
    for (let k = 0; k < 4; k++) { this.sum[k] += terms[k]!; this.squares[k] += terms[k]! * terms[k]!; }
  }

  total(): RewardEstimate { return estimate(this.sum); }

  /** Everything it holds, as numbers: for a replay checkpoint. */
  state(): number[] { return [this.n, ...this.sum, ...this.squares]; }

  restore(state: ReadonlyArray<number>): void {
    this.n = state[0]!;
    this.sum.set(state.slice(1, 5));
    this.squares.set(state.slice(5, 9));
  }

  /** SE of the total: √(n · sample variance of the terms). */
  standardError(): RewardEstimate {
    const n = this.n;
    return estimate(Array.from(this.sum, (s, k) => (n > 1 ? Math.sqrt(Math.max(0, (this.squares[k]! - (s * s) / n) * n / (n - 1))) : NaN)));
  }
}

/**
 * Off-policy estimates of a policy's totals over a log, from the logger's propensities: for each
 * record, whether the logged action is the policy's (`matched`), the propensity μ of the logged
 * action, the observed reward r of the logged action, and a direct model's reward q̂ for the
 * policy's action. Totals, not means: they estimate what the policy would have spent and earned
 * on the whole log. `add` returns the record's contributions, so a caller can pair two policies
 * record by record (their difference has a far smaller error than each total).
 */
export class OffPolicyEstimator {
  private records = 0;
  private matched = 0;
  private readonly ipsTotals = new TotalAccumulator();
  private readonly drTotals = new TotalAccumulator();
  // Self-normalised IPS: Σw, Σw·r, and for its delta-method error Σw², Σw²·r, Σw²·r².
  private w = 0;
  private w2 = 0;
  private readonly wr = new Float64Array(4);
  private readonly w2r = new Float64Array(4);
  private readonly w2r2 = new Float64Array(4);
  private readonly contributions: Contributions = { ips: new Float64Array(4), dr: new Float64Array(4) };

  add(matched: boolean, propensity: number, observed: Reward, direct: Reward): Contributions {
    this.records++;
    const w = matched ? 1 / propensity : 0;
    if (matched) this.matched++;
    this.w += w; this.w2 += w * w;
    const { ips, dr } = this.contributions;
    for (let k = 0; k < 4; k++) {
      const key = KEYS[k]!;
      const r = key === 'profit' ? observed.revenue - observed.spend : observed[key];
      const q = key === 'profit' ? direct.revenue - direct.spend : direct[key];
      ips[k] = w * r;
      // When the actions match, the direct model's reward for the logged action is its reward for ours.
      dr[k] = q + w * (r - q);
      this.wr[k] += w * r; this.w2r[k] += w * w * r; this.w2r2[k] += w * w * r * r;
    }
    this.ipsTotals.add(ips);
    this.drTotals.add(dr);
    return this.contributions;
  }

  /** Everything it holds, as numbers: for a replay checkpoint. */
  state(): number[] {
    return [this.records, this.matched, this.w, this.w2, ...this.wr, ...this.w2r, ...this.w2r2, ...this.ipsTotals.state(), ...this.drTotals.state()];
  }

  restore(state: ReadonlyArray<number>): void {
    [this.records, this.matched, this.w, this.w2] = state as [number, number, number, number];
    this.wr.set(state.slice(4, 8)); this.w2r.set(state.slice(8, 12)); this.w2r2.set(state.slice(12, 16));
    this.ipsTotals.restore(state.slice(16, 25));
    this.drTotals.restore(state.slice(25, 34));
  }

  estimates(): OffPolicyEstimates {
    const n = this.records;
    const mean = Array.from(this.wr, (s) => (this.w > 0 ? s / this.w : 0));
    const snips = mean.map((m) => n * m);
    const snipsSe = mean.map((m, k) => (this.w > 0
      ? (n * Math.sqrt(Math.max(0, this.w2r2[k]! - 2 * m * this.w2r[k]! + m * m * this.w2))) / this.w
      : NaN));
    return {
      records: n,
      matched: this.matched,
      ips: this.ipsTotals.total(),
      snips: estimate(snips),
      dr: this.drTotals.total(),
      standardError: { ips: this.ipsTotals.standardError(), snips: estimate(snipsSe), dr: this.drTotals.standardError() },
    };
  }
}
