/** One bin of a reliability diagram: predictions in [lower, upper) against what happened. */
export interface CalibrationBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

export interface CalibrationReport {
  readonly count: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
  /** Σ predicted / Σ observed: above 1 the model over-predicts. */
  readonly predictedToObserved: number;
  readonly logLoss: number;
  readonly brier: number;
  /** Expected calibration error: the count-weighted mean |predicted − observed| over the bins. */
  readonly ece: number;
  readonly bins: ReadonlyArray<CalibrationBin>;
}

/**
 * Streams (predicted probability, outcome) pairs into fixed bins, so calibration of millions of
 * predictions needs constant memory. Bin edges are quantile-free and fixed: equal widths on a log
 * scale below 0.1, where conversion probabilities live, and equal widths above.
 */
export class CalibrationAccumulator {
  private readonly edges: number[];
  private readonly count: Float64Array;
  private readonly predicted: Float64Array;
  private readonly observed: Float64Array;
  private total = 0;
  private logLossSum = 0;
  private brierSum = 0;

  constructor(edges: ReadonlyArray<number> = DEFAULT_EDGES) {
    this.edges = [...edges];
    const bins = this.edges.length - 1;
    this.count = new Float64Array(bins);
    this.predicted = new Float64Array(bins);
    this.observed = new Float64Array(bins);
  }

  /**
   * @param outcome what happened, or in a synthetic world the true probability (0..1): the
   * report then measures calibration against the truth instead of against noisy outcomes.
   */
  add(p: number, outcome: boolean | number): void {
    const y = typeof outcome === 'number' ? outcome : outcome ? 1 : 0;
    const bin = this.binOf(p);
    this.count[bin]! += 1;
    this.predicted[bin]! += p;
    this.observed[bin]! += y;
    this.total++;
    // Clamped so one confident mistake reads as large, not infinite.
    const q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
    this.logLossSum -= y === 1 ? Math.log(q) : y === 0 ? Math.log(1 - q) : y * Math.log(q) + (1 - y) * Math.log(1 - q);
    this.brierSum += (p - y) * (p - y);
  }

  report(): CalibrationReport {
    const bins: CalibrationBin[] = [];
    let sumP = 0, sumY = 0, eceSum = 0;
    for (let b = 0; b < this.count.length; b++) {
      const c = this.count[b]!;
      sumP += this.predicted[b]!;
      sumY += this.observed[b]!;
      if (c === 0) continue;
      const meanPredicted = this.predicted[b]! / c, observedRate = this.observed[b]! / c;
      eceSum += c * Math.abs(meanPredicted - observedRate);
      bins.push({ lower: this.edges[b]!, upper: this.edges[b + 1]!, count: c, meanPredicted, observedRate });
    }
    const n = this.total;
    return {
      count: n,
      meanPredicted: n ? sumP / n : NaN,
      observedRate: n ? sumY / n : NaN,
      predictedToObserved: sumY ? sumP / sumY : NaN,
      logLoss: n ? this.logLossSum / n : NaN,
      brier: n ? this.brierSum / n : NaN,
      ece: n ? eceSum / n : NaN,
      bins,
    };
  }

  private binOf(p: number): number {
    const e = this.edges;
    let lo = 0, hi = e.length - 2;
    if (!(p >= e[0]!)) return 0;
    if (p >= e[hi]!) return hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (p >= e[mid]!) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
}

const DEFAULT_EDGES: ReadonlyArray<number> = [
  0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0000001,
];
