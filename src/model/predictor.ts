import { PredictInputError } from './errors.js';
import { type FlatForest, flattenForest } from './flat-forest.js';
import { leafIndices } from './interpreter.js';
import type { LightgbmModel } from './model-types.js';
import { detectGlibcVariant, type GlibcVariant } from './math/index.js';
import { exactMath, FAST_MATH, type OutputTransform, outputTransform } from './output-transform.js';
import { type Strategy, StrategyChooser } from './strategy.js';

export type { Strategy } from './strategy.js';

export interface PredictorOptions {
  /**
   * 'auto' (default) measures both evaluators on the rows being predicted and settles on the faster
   * (see StrategyChooser); both give the same bits.
   */
  readonly strategy?: Strategy | 'auto';
  /**
   * Default false: transformed outputs use exp/log1p reproduced from glibc, bit-identical to
   * LightGBM on Linux x86-64. True uses V8's Math.exp/log1p: faster, within 4 ULP.
   */
  readonly fastMath?: boolean;
  /**
   * Which of glibc's x86-64 builds of exp/log1p to reproduce: by default the one glibc picks on
   * this CPU ('fma' with FMA and AVX2, else 'sse2'), which is what LightGBM here computes with.
   */
  readonly glibcVariant?: GlibcVariant;
  /** Rows evaluated together, tree by tree (default 1024): keeps each tree hot in cache. */
  readonly blockRows?: number;
}

export interface PredictOptions {
  /** Raw scores, before the objective's transform (and, for random forests, before averaging). */
  readonly raw?: boolean;
  /** Leaf index per tree instead of scores. */
  readonly leaf?: boolean;
  /** First iteration to use (clamped to the model's iterations, as LightGBM does). */
  readonly startIteration?: number;
  /** Iterations to use; ≤ 0 means all from startIteration (LightGBM's num_iteration). */
  readonly numIteration?: number;
}

/** Named features: a missing name is a missing value (NaN); an unknown name is an error. */
export type FeatureRecord = Readonly<Record<string, number | null | undefined>>;
export type NumericRow = ArrayLike<number>;

/** LightGBM's kZeroThreshold: the float 1e-35f widened to double. */
const ZERO_THRESHOLD = Math.fround(1e-35);

/**
 * A loaded model ready to predict. Inputs are normalised the way LightGBM's dense prediction path
 * does it (|x| ≤ 1e-35f becomes 0, so −0 becomes +0), then trees are evaluated in model order.
 */
export class Predictor {
  readonly model: LightgbmModel;
  readonly numFeatures: number;
  readonly featureNames: ReadonlyArray<string>;
  readonly numIterations: number;
  readonly strategyPreference: Strategy | 'auto';
  readonly fastMath: boolean;
  readonly glibcVariant: GlibcVariant;
  private readonly forest: FlatForest;
  private readonly chooser: StrategyChooser;
  private readonly transform: OutputTransform | undefined;
  private readonly blockRows: number;
  private readonly featureIndex: ReadonlyMap<string, number>;
  private block: Float64Array;
  private readonly one = new Float64Array(1);

  constructor(model: LightgbmModel, options: PredictorOptions = {}) {
    this.model = model;
    this.numFeatures = model.maxFeatureIdx + 1;
    this.featureNames = model.featureNames;
    this.numIterations = model.trees.length / model.numTreePerIteration;
    this.fastMath = options.fastMath ?? false;
    this.blockRows = Math.max(1, options.blockRows ?? 1024);
    this.forest = flattenForest(model);
    this.glibcVariant = options.glibcVariant ?? detectGlibcVariant();
    this.transform = outputTransform(model.objective, this.fastMath ? FAST_MATH : exactMath(this.glibcVariant));
    this.featureIndex = new Map(model.featureNames.map((n, i) => [n, i]));
    this.block = new Float64Array(this.blockRows * this.numFeatures);
    this.strategyPreference = options.strategy ?? 'auto';
    this.chooser = new StrategyChooser(this.forest, this.strategyPreference);
  }

  /** The evaluator in use now; under 'auto' it may change once, after measuring both. */
  get strategy(): { readonly strategy: Strategy; readonly settled: boolean; readonly nsPerRow: Readonly<Record<Strategy, number>> } {
    return { ...this.chooser.current, nsPerRow: this.chooser.measured };
  }

  /** Generated-code statistics (compiles the code if it was not yet). */
  get codegenStats(): { readonly functions: number; readonly codeBytes: number } {
    const c = this.chooser.compiled;
    return { functions: c.functions, codeBytes: c.codeBytes };
  }

  /** Bytes held in the flattened model's typed arrays (the evaluators' working set). */
  get memoryBytes(): number {
    return Object.values(this.forest).reduce((sum: number, v) => sum + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0);
  }

  /** Values per output row: classes for scores, trees used for leaf indices. */
  outputWidth(options: PredictOptions = {}): number {
    const { numIteration } = this.iterations(options);
    return options.leaf ? numIteration * this.model.numTreePerIteration : this.model.numTreePerIteration;
  }

  /** The index of a feature name, or a PredictInputError naming it. */
  indexOf(name: string): number {
    const i = this.featureIndex.get(name);
    if (i === undefined) throw new PredictInputError('PREDICT_UNKNOWN_FEATURE', `the model has no feature named '${name}'`);
    return i;
  }

  predictRow(row: NumericRow | FeatureRecord, options?: PredictOptions): Float64Array {
    return this.predictRows([row], options);
  }

  /**
   * The one output of a single-output model (binary, regression, …) for the row at
   * `data[offset … offset + numFeatures)`, allocating nothing: the path of an engine that scores
   * requests one at a time. One row is the generated code's case (the multi-row interpreter
   * would leave its lanes empty), and both evaluators give the same bits.
   */
  predictOne(data: ArrayLike<number>, offset: number): number {
    if (this.model.numTreePerIteration !== 1) {
      throw new PredictInputError('PREDICT_NOT_SINGLE_OUTPUT', `predictOne needs a single-output model; this one has ${this.model.numTreePerIteration} outputs per row`);
    }
    const nf = this.numFeatures, buf = this.block, one = this.one;
    for (let j = 0; j < nf; j++) buf[j] = normalise(data[offset + j]!);
    one[0] = 0;
    this.chooser.compiled.addTrees(0, this.forest.numTrees, buf, 0, 1, one);
    if (this.model.averageOutput) one[0] = one[0]! / this.numIterations;
    this.transform?.(one, 0);
    return one[0]!;
  }

  /** Rows as arrays in model order, or as records by feature name. Output is row-major. */
  predictRows(rows: ReadonlyArray<NumericRow | FeatureRecord>, options?: PredictOptions): Float64Array {
    const nf = this.numFeatures;
    return this.run(rows.length, options, (buf, r0, r1) => {
      for (let r = r0; r < r1; r++) {
        const row = rows[r]!;
        const o = (r - r0) * nf;
        if (isNumericRow(row)) {
          if (row.length !== nf) throw widthError(row.length, nf, r);
          for (let j = 0; j < nf; j++) buf[o + j] = normalise(row[j]!);
        } else {
          buf.fill(NaN, o, o + nf);
          for (const name of Object.keys(row)) {
            const v = row[name];
            buf[o + this.indexOf(name)] = v === null || v === undefined ? NaN : normalise(v);
          }
        }
      }
    });
  }

  /** `numRows` rows × numFeatures columns, row-major (Float64Array, Float32Array or plain array). */
  predictRowMajor(data: NumericRow, numRows: number, options?: PredictOptions): Float64Array {
    const nf = this.numFeatures;
    if (data.length !== numRows * nf) {
      throw new PredictInputError('PREDICT_BAD_WIDTH', `${data.length} values are not ${numRows} rows × ${nf} features`);
    }
    return this.run(numRows, options, (buf, r0, r1) => {
      const n = (r1 - r0) * nf, at = r0 * nf;
      for (let i = 0; i < n; i++) buf[i] = normalise(data[at + i]!);
    });
  }

  /** One array per feature, in model order or by name (absent names are missing). */
  predictColumns(columns: ReadonlyArray<NumericRow> | Readonly<Record<string, NumericRow>>, options?: PredictOptions): Float64Array {
    const nf = this.numFeatures;
    const byIndex: (NumericRow | undefined)[] = new Array(nf).fill(undefined);
    if (Array.isArray(columns)) {
      if (columns.length !== nf) throw new PredictInputError('PREDICT_BAD_WIDTH', `${columns.length} columns given, the model has ${nf} features`);
      columns.forEach((c, i) => { byIndex[i] = c; });
    } else {
      for (const [name, c] of Object.entries(columns as Record<string, NumericRow>)) byIndex[this.indexOf(name)] = c;
    }
    const lengths = new Set(byIndex.filter((c) => c !== undefined).map((c) => c!.length));
    if (lengths.size > 1) throw new PredictInputError('PREDICT_BAD_WIDTH', `columns have different lengths: ${[...lengths].join(', ')}`);
    const numRows = lengths.size === 0 ? 0 : [...lengths][0]!;
    return this.run(numRows, options, (buf, r0, r1) => {
      for (let j = 0; j < nf; j++) {
        const col = byIndex[j];
        for (let r = r0; r < r1; r++) buf[(r - r0) * nf + j] = col === undefined ? NaN : normalise(col[r]!);
      }
    });
  }

  private iterations(options: PredictOptions): { start: number; numIteration: number } {
    const total = this.numIterations;
    const start = Math.min(Math.max(Math.trunc(options.startIteration ?? 0), 0), total);
    const requested = Math.trunc(options.numIteration ?? 0);
    return { start, numIteration: requested > 0 ? Math.min(requested, total - start) : total - start };
  }

  private run(
    numRows: number, options: PredictOptions = {},
    fill: (buf: Float64Array, r0: number, r1: number) => void,
  ): Float64Array {
    const K = this.model.numTreePerIteration;
    const { start, numIteration } = this.iterations(options);
    const t0 = start * K, t1 = (start + numIteration) * K;
    const width = this.outputWidth(options);
    const out = new Float64Array(numRows * width);
    const buf = this.block;
    for (let r0 = 0; r0 < numRows; r0 += this.blockRows) {
      const r1 = Math.min(numRows, r0 + this.blockRows);
      fill(buf, r0, r1);
      const view = out.subarray(r0 * width, r1 * width);
      if (options.leaf) {
        leafIndices(this.forest, t0, t1, buf, 0, r1 - r0, view);
        continue;
      }
      this.chooser.addTrees(t0, t1, buf, 0, r1 - r0, view);
      if (options.raw) continue;
      if (this.model.averageOutput) {
        for (let i = 0; i < view.length; i++) view[i] = view[i]! / numIteration;
      }
      const transform = this.transform;
      if (transform) for (let o = 0; o < view.length; o += K) transform(view, o);
    }
    return out;
  }
}

function normalise(x: number): number {
  // NaN stays NaN; ±0 and anything LightGBM would call zero becomes +0.
  return Math.abs(x) <= ZERO_THRESHOLD ? 0 : x;
}

function isNumericRow(row: NumericRow | FeatureRecord): row is NumericRow {
  return Array.isArray(row) || ArrayBuffer.isView(row);
}

function widthError(got: number, want: number, row: number): PredictInputError {
  return new PredictInputError('PREDICT_BAD_WIDTH', `row ${row} has ${got} values, the model has ${want} features`);
}
