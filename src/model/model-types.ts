/** The parsed form of a LightGBM text model: exactly what prediction needs, nothing evaluated yet. */

export interface TreeData {
  readonly numLeaves: number;
  readonly numCat: number;
  /** Per internal node (numLeaves − 1 entries each). */
  readonly splitFeature: Int32Array;
  readonly threshold: Float64Array;
  readonly decisionType: Uint8Array;
  /** ≥ 0: internal node index; < 0: leaf ~c. */
  readonly leftChild: Int32Array;
  readonly rightChild: Int32Array;
  readonly leafValue: Float64Array;
  /** Categorical bitsets: words of `catThreshold[catBoundaries[t] .. catBoundaries[t+1])` for t = threshold. */
  readonly catBoundaries: Int32Array;
  readonly catThreshold: Uint32Array;
  readonly linear: LinearLeaves | undefined;
  /** The 1-based line of `Tree=i`, for error messages found after parsing. */
  readonly line: number;
}

/** `is_linear=1` trees: leaf output = leafConst + Σ coeff · x[feature], or leafValue if any x is NaN. */
export interface LinearLeaves {
  readonly leafConst: Float64Array;
  /** Per leaf: its features and coefficients. */
  readonly features: ReadonlyArray<Int32Array>;
  readonly coeffs: ReadonlyArray<Float64Array>;
}

export type ObjectiveName =
  | 'binary' | 'multiclass' | 'multiclassova' | 'cross_entropy' | 'cross_entropy_lambda'
  | 'regression' | 'regression_l1' | 'quantile' | 'huber' | 'fair' | 'mape'
  | 'poisson' | 'gamma' | 'tweedie' | 'lambdarank' | 'rank_xendcg' | 'custom' | 'none';

export interface ObjectiveSpec {
  readonly name: ObjectiveName;
  /** The `objective=` line as written, or undefined when the file has none. */
  readonly text: string | undefined;
  /** Sigmoid slope for binary and multiclassova (parsed with LightGBM's own Atof). */
  readonly sigmoid: number;
  /** `sqrt` on regression-family objectives: output = sign(r)·r². */
  readonly sqrt: boolean;
  readonly numClass: number;
}

/** A feature as `feature_infos` describes it: numerical range, categorical values, or unused. */
export type FeatureInfo =
  | { readonly kind: 'numerical'; readonly min: number; readonly max: number }
  | { readonly kind: 'categorical'; readonly values: ReadonlyArray<number> }
  | { readonly kind: 'unused' };

export interface LightgbmModel {
  readonly source: string;
  readonly version: string | undefined;
  readonly numClass: number;
  /** K: trees per iteration (one per class for multiclass). */
  readonly numTreePerIteration: number;
  readonly maxFeatureIdx: number;
  readonly featureNames: ReadonlyArray<string>;
  readonly featureInfos: ReadonlyArray<FeatureInfo>;
  readonly objective: ObjectiveSpec;
  /** Random forest: transformed outputs are averaged over iterations. */
  readonly averageOutput: boolean;
  readonly trees: ReadonlyArray<TreeData>;
  /** `[key: value]` lines of the `parameters:` block. */
  readonly parameters: ReadonlyMap<string, string>;
  readonly featureImportances: ReadonlyMap<string, number>;
  /** From the Python package: per pandas categorical column, its categories; a value's code is its index. */
  readonly pandasCategorical: ReadonlyArray<ReadonlyArray<string | number | boolean>> | null;
}
