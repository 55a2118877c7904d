import type { ConversionEstimate } from '../engine/index.js';
import type { Predictor } from '../model/index.js';

/** Share of a batch's targeted rows that must have been asked for the next batch to be scored ahead. */
const AHEAD_WHEN_ASKED = 0.5;

/**
 * One model's P(conversion) for the rows of a batch of feature rows (see runScenario), as the
 * estimate the bidders price with: `row` names the opportunity being decided. A bidder asks only
 * when a request reaches pricing. When most targeted rows of the last batch were asked (in
 * campaign-4m nearly all are), the targeted rows of the next batch are scored ahead, together,
 * which costs about a quarter less per row than one at a time (bench/model-warmup.ts); otherwise
 * each row is scored on first demand, so a market where pacing or floors stop most requests
 * scores only those that get to pricing. Both give the same bits (Predictor), so the choice
 * never changes a result.
 */
export class ModelScores implements ConversionEstimate {
  /** The row of the opportunity being decided. */
  row = 0;
  private readonly values: Float64Array;
  /** 1: values[k] holds row k's score. */
  private readonly scored: Uint8Array;
  /** 1: row k's score was asked for. */
  private readonly asked: Uint8Array;
  private readonly compact: Float64Array;
  private readonly rowOf: Int32Array;
  private features: Float64Array;
  private askedTargeted = 0;
  private targetedRows = 0;

  constructor(private readonly predictor: Predictor, private readonly width: number, capacity: number) {
    this.values = new Float64Array(capacity);
    this.scored = new Uint8Array(capacity);
    this.asked = new Uint8Array(capacity);
    this.compact = new Float64Array(capacity * width);
    this.rowOf = new Int32Array(capacity);
    this.features = new Float64Array(0);
  }

  /**
   * Starts a batch: rows 0 … n − 1 of `features` (`width` values each, in model order), of which
   * those with `targeted[k]` set are the ones a bidder may price.
   */
  begin(features: Float64Array, targeted: Uint8Array, n: number): void {
    const ahead = this.targetedRows > 0 && this.askedTargeted >= AHEAD_WHEN_ASKED * this.targetedRows;
    this.features = features;
    this.scored.fill(0, 0, n);
    this.asked.fill(0, 0, n);
    this.askedTargeted = 0;
    let count = 0;
    for (let k = 0; k < n; k++) {
      if (!targeted[k]) continue;
      if (ahead) {
        const from = k * this.width, to = count * this.width;
        for (let j = 0; j < this.width; j++) this.compact[to + j] = features[from + j]!;
        this.rowOf[count] = k;
      }
      count++;
    }
    this.targetedRows = count;
    if (!ahead || count === 0) return;
    const out = this.predictor.predictRowMajor(this.compact.subarray(0, count * this.width), count);
    for (let i = 0; i < count; i++) {
      const k = this.rowOf[i]!;
      this.values[k] = out[i]!;
      this.scored[k] = 1;
    }
  }

  /** P(conversion) of the current row. */
  pConversion(): number {
    const k = this.row;
    if (!this.asked[k]) {
      this.asked[k] = 1;
      this.askedTargeted++;
    }
    if (!this.scored[k]) {
      this.values[k] = this.predictor.predictOne(this.features, k * this.width);
      this.scored[k] = 1;
    }
    return this.values[k]!;
  }
}
