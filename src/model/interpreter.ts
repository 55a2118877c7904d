import { categoryGoesLeft, type FlatForest, NodeKind } from './flat-forest.js';

/**
 * Finds the global leaf a row reaches in one tree. `X` is row-major with `numFeatures` columns,
 * normalised (see NodeKind); `base` is the row's first column.
 */
export function findLeaf(f: FlatForest, tree: number, X: Float64Array, base: number): number {
  let node = f.treeRoot[tree]!;
  const feature = f.nodeFeature, threshold = f.nodeThreshold, kind = f.nodeKind;
  const left = f.nodeLeft, right = f.nodeRight;
  while (node >= 0) {
    const x = X[base + feature[node]!]!;
    const t = threshold[node]!;
    let goLeft: boolean;
    switch (kind[node]) {
      case NodeKind.NanRight: goLeft = x <= t; break;
      case NodeKind.NanLeft: goLeft = !(x > t); break;
      case NodeKind.ZeroLeft: goLeft = x === 0 || !(x > t); break;
      case NodeKind.ZeroRight: goLeft = x !== 0 && x <= t; break;
      default: goLeft = categoryGoesLeft(x, f.catWords, f.nodeCatStart[node]!, f.nodeCatLen[node]!);
    }
    node = goLeft ? left[node]! : right[node]!;
  }
  return ~node;
}

/** A linear leaf's output: LightGBM adds the terms in order and falls back to the leaf value on NaN. */
export function linearLeafOutput(f: FlatForest, leaf: number, X: Float64Array, base: number): number {
  const start = f.leafLinearStart[leaf]!;
  const end = start + f.leafLinearCount[leaf]!;
  let out = f.leafConst[leaf]!;
  for (let i = start; i < end; i++) {
    const v = X[base + f.linearFeature[i]!]!;
    if (v !== v) return f.leafValue[leaf]!;
    out += f.linearCoeff[i]! * v;
  }
  return out;
}

/**
 * Adds trees [t0, t1) to the raw scores of rows [r0, r1): `out[r·K + class]`, class = tree mod K.
 * Trees are the outer loop so each tree's nodes stay in cache across the block, while every row
 * still receives its trees in model order (which fixes the floating-point sum).
 */
export function addTreesInterpreted(
  f: FlatForest, t0: number, t1: number, X: Float64Array, r0: number, r1: number, out: Float64Array,
): void {
  const nf = f.numFeatures, K = f.classes, leafValue = f.leafValue;
  for (let t = t0; t < t1; t++) {
    const k = t % K;
    if (f.treeIsLinear[t]) {
      for (let r = r0; r < r1; r++) {
        const leaf = findLeaf(f, t, X, r * nf);
        out[r * K + k] += linearLeafOutput(f, leaf, X, r * nf);
      }
    } else {
      for (let r = r0; r < r1; r++) out[r * K + k] += leafValue[findLeaf(f, t, X, r * nf)]!;
    }
  }
}

/** Leaf indices (within each tree) of trees [t0, t1) for rows [r0, r1): `out[r·(t1−t0) + (t − t0)]`. */
export function leafIndices(
  f: FlatForest, t0: number, t1: number, X: Float64Array, r0: number, r1: number, out: Float64Array,
): void {
  const nf = f.numFeatures, width = t1 - t0;
  for (let t = t0; t < t1; t++) {
    const base = f.treeLeafBase[t]!;
    for (let r = r0; r < r1; r++) out[r * width + (t - t0)] = findLeaf(f, t, X, r * nf) - base;
  }
}
