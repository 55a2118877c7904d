/** One point of a savings-versus-conversions trade-off. */
export interface SavingsPoint {
  /** The swept setting: a P(conversion) threshold here; a bid multiplier or threshold in `bidlab sweep`. */
  readonly parameter: number;
  /** Share of the baseline's non-performing spend avoided. */
  readonly avoidedShare: number;
  /** Share of the baseline's conversions kept. */
  readonly conversionsRetained: number;
}

/**
 * The savings-versus-conversions curve of a model's scores on what the baseline bought: for each
 * threshold t, a policy that keeps only the baseline's impressions with P(conversion) ≥ t would
 * avoid the non-performing spend below t and keep the conversions at or above it. It holds the
 * auctions fixed (no budget or price effects), so it shows the ranking's trade-off on identical
 * purchases; `bidlab sweep` gives the same shape from full runs. Scores fall into fixed
 * log-spaced bins, so memory is constant.
 */
export class SavingsCurveAccumulator {
  private readonly edges: number[];
  private readonly nonPerformingSpend: Float64Array;
  private readonly conversions: Float64Array;

  /** @param edges ascending thresholds; default 0 and 48 log-spaced steps from 1e-5 to 1. */
  constructor(edges: ReadonlyArray<number> = DEFAULT_THRESHOLDS) {
    this.edges = [...edges];
    this.nonPerformingSpend = new Float64Array(this.edges.length);
    this.conversions = new Float64Array(this.edges.length);
  }

  /**
   * @param p the model's P(conversion) for an impression the baseline won.
   * @param baselinePaid USD the baseline paid for it.
   * @param conversions conversions it led to (0 for a non-performing impression).
   */
  record(p: number, baselinePaid: number, conversions: number): void {
    const bin = this.binOf(p);
    if (conversions > 0) this.conversions[bin] += conversions;
    else this.nonPerformingSpend[bin] += baselinePaid;
  }

  /** One point per threshold, ascending: threshold 0 keeps everything (nothing avoided). */
  curve(): SavingsPoint[] {
    const totalSpend = this.nonPerformingSpend.reduce((s, x) => s + x, 0);
    const totalConversions = this.conversions.reduce((s, x) => s + x, 0);
    const points: SavingsPoint[] = [];
    let avoided = 0, lost = 0;
    for (let i = 0; i < this.edges.length; i++) {
      points.push({
        parameter: this.edges[i]!,
        avoidedShare: totalSpend > 0 ? avoided / totalSpend : NaN,
        conversionsRetained: totalConversions > 0 ? 1 - lost / totalConversions : NaN,
      });
      avoided += this.nonPerformingSpend[i]!;
      lost += this.conversions[i]!;
    }
    return points;
  }

  /** The bin i with edges[i] ≤ p < edges[i + 1] (the last bin is open above); below edges[0] counts as bin 0. */
  private binOf(p: number): number {
    const e = this.edges;
    let lo = 0, hi = e.length - 1;
    if (!(p >= e[0]!)) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (p >= e[mid]!) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
}

const DEFAULT_THRESHOLDS: ReadonlyArray<number> = [0, ...Array.from({ length: 49 }, (_, i) => 10 ** (-5 + (5 * i) / 48))];
