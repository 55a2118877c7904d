import { type GlibcVariant, glibcExpFor, glibcLog1pFor } from './math/index.js';
import type { ObjectiveSpec } from './model-types.js';

/** Applies the objective's output transform to K raw scores in place, at `out[offset .. offset+K)`. */
export type OutputTransform = (out: Float64Array, offset: number) => void;

export interface TransformMath {
  readonly exp: (x: number) => number;
  readonly log1p: (x: number) => number;
}

/** Bit-identical to LightGBM on Linux x86-64: glibc's exp and log1p, in the build glibc picks. */
export function exactMath(variant: GlibcVariant): TransformMath {
  return { exp: glibcExpFor(variant), log1p: glibcLog1pFor(variant) };
}
/** V8's own functions: faster, within a few ULP of the exact outputs. */
export const FAST_MATH: TransformMath = { exp: Math.exp, log1p: Math.log1p };

/**
 * The transform LightGBM's `ConvertOutput` applies, written with the same operation order
 * (e.g. `1.0 / (1.0 + exp(-σ·r))`, softmax with max subtraction and a running sum) so the bits match.
 * Returns undefined when the objective leaves raw scores unchanged.
 */
export function outputTransform(objective: ObjectiveSpec, math: TransformMath): OutputTransform | undefined {
  const { exp, log1p } = math;
  const k = objective.numClass;
  switch (objective.name) {
    case 'binary': {
      const sigmoid = objective.sigmoid;
      return (out, o) => { out[o] = 1.0 / (1.0 + exp(-sigmoid * out[o]!)); };
    }
    case 'multiclassova': {
      const sigmoid = objective.sigmoid;
      return (out, o) => {
        for (let i = 0; i < k; i++) out[o + i] = 1.0 / (1.0 + exp(-sigmoid * out[o + i]!));
      };
    }
    case 'cross_entropy':
      return (out, o) => { out[o] = 1.0 / (1.0 + exp(-out[o]!)); };
    case 'cross_entropy_lambda':
      return (out, o) => { out[o] = log1p(exp(out[o]!)); };
    case 'multiclass':
      return (out, o) => {
        let wmax = out[o]!;
        // std::max(input[i], wmax) is `input[i] < wmax ? wmax : input[i]`; kept literally for NaN.
        for (let i = 1; i < k; i++) { const v = out[o + i]!; wmax = v < wmax ? wmax : v; }
        let wsum = 0.0;
        for (let i = 0; i < k; i++) { const e = exp(out[o + i]! - wmax); out[o + i] = e; wsum += e; }
        for (let i = 0; i < k; i++) out[o + i] = out[o + i]! / wsum;
      };
    case 'poisson':
    case 'gamma':
    case 'tweedie':
      return (out, o) => { out[o] = exp(out[o]!); };
    case 'regression':
    case 'regression_l1':
    case 'quantile':
    case 'fair':
    case 'mape':
      if (!objective.sqrt) return undefined;
      return (out, o) => {
        const r = out[o]!;
        const sign = (r > 0 ? 1 : 0) - (r < 0 ? 1 : 0);
        out[o] = sign * r * r;
      };
    default:
      return undefined;
  }
}
