import { type FlatForest, NodeKind } from './flat-forest.js';

/**
 * Rows stepped together through one tree, measured on the bench models: branch-free simple trees
 * gain up to 16 lanes; trees with categorical nodes branch per step and do best with 4.
 */
const LANES = 16;
const GENERAL_LANES = 4;

type LeafKernel = (f: FlatForest, tree: number, X: Float64Array, r0: number, r1: number, leaves: Int32Array) => void;

/**
 * The step of a tree with only NaN/None-missing numerical nodes (kinds 0 and 1):
 * right = (x > t) | (isNaN(x) & nanGoesRight), with nanGoesRight = 1 − kind.
 */
const SIMPLE_STEP = (i: string) => `{
        const x = X[b${i} + feature[s${i}]];
        s${i} = child[s${i}] + ((+(x > threshold[s${i}])) | ((+(x !== x)) & (1 - kind[s${i}])));
      }`;

/**
 * The step of any node: numerical NaN/None-missing nodes as in SIMPLE_STEP; categorical nodes
 * (LightGBM's CategoricalDecision: the truncated code must lie in (−1, 2^31) and have its bit
 * set to go left) and zero-missing nodes behind a branch on the node's kind.
 */
const GENERAL_STEP = (i: string) => `{
        const s = s${i}, x = X[b${i} + feature[s]], k = kind[s];
        let right = 0;
        if (k < ${NodeKind.ZeroLeft}) right = (+(x > threshold[s])) | ((+(x !== x)) & (1 - k));
        else if (k === ${NodeKind.Categorical}) {
          const c = x | 0;
          right = x > -1 && x < 2147483648 && (c >>> 5) < catLen[s]
            && ((catWords[catStart[s] + (c >>> 5)] >>> (c & 31)) & 1) === 1 ? 0 : 1;
        } else if (k === ${NodeKind.ZeroLeft}) right = (+(x > threshold[s])) & (+(x !== 0));
        else right = (+(x > threshold[s])) | (+(x !== x)) | (+(x === 0));
        s${i} = child[s] + right;
      }`;

/**
 * Builds the kernel that finds, for rows [r0, r1), the global leaf each reaches in `tree`:
 * LANES rows at a time, each stepped `treeDepth` times with arithmetic instead of branches
 * (leaf slots absorb, see FlatForest), so the CPU overlaps the rows' independent walks and
 * mispredicts nothing on the tree's shape. The unrolling is written out by generating the
 * source once, at module load; it is the same for every model.
 */
function buildLeafKernel(lanes: number, step: (i: string) => string): LeafKernel {
  const ids = Array.from({ length: lanes }, (_, i) => String(i));
  const source = `
    const child = f.slotChild, feature = f.slotFeature, threshold = f.slotThreshold, kind = f.slotKind;
    const catStart = f.slotCatStart, catLen = f.slotCatLen, catWords = f.catWords;
    const slotLeaf = f.slotLeaf, nf = f.numFeatures, root = f.treeRoot[tree], depth = f.treeDepth[tree];
    let r = r0;
    for (; r + ${lanes} <= r1; r += ${lanes}) {
      ${ids.map((i) => `let s${i} = root; const b${i} = (r + ${i}) * nf;`).join('\n      ')}
      for (let d = 0; d < depth; d++) {
        ${ids.map((i) => step(i)).join('\n        ')}
      }
      ${ids.map((i) => `leaves[r - r0 + ${i}] = slotLeaf[s${i}];`).join('\n      ')}
    }
    for (; r < r1; r++) {
      let s0 = root; const b0 = r * nf;
      for (let d = 0; d < depth; d++) ${step('0')}
      leaves[r - r0] = slotLeaf[s0];
    }`;
  return new Function(`return function leafKernel(f, tree, X, r0, r1, leaves) {${source}};`)() as LeafKernel;
}

const simpleLeaves = buildLeafKernel(LANES, SIMPLE_STEP);
const generalLeaves = buildLeafKernel(GENERAL_LANES, GENERAL_STEP);

function treeLeaves(f: FlatForest, tree: number, X: Float64Array, r0: number, r1: number, leaves: Int32Array): void {
  (f.treeSimple[tree] ? simpleLeaves : generalLeaves)(f, tree, X, r0, r1, leaves);
}
let scratch = new Int32Array(1024);

function leavesFor(f: FlatForest, tree: number, X: Float64Array, r0: number, r1: number): Int32Array {
  if (scratch.length < r1 - r0) scratch = new Int32Array(r1 - r0);
  treeLeaves(f, tree, X, r0, r1, scratch);
  return scratch;
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
 * Trees are the outer loop so each tree's slots stay in cache across the block, while every row
 * still receives its trees in model order (which fixes the floating-point sum).
 */
export function addTreesInterpreted(
  f: FlatForest, t0: number, t1: number, X: Float64Array, r0: number, r1: number, out: Float64Array,
): void {
  const nf = f.numFeatures, K = f.classes, leafValue = f.leafValue;
  for (let t = t0; t < t1; t++) {
    const k = t % K;
    const leaves = leavesFor(f, t, X, r0, r1);
    if (f.treeIsLinear[t]) {
      for (let r = r0; r < r1; r++) out[r * K + k] += linearLeafOutput(f, leaves[r - r0]!, X, r * nf);
    } else {
      for (let r = r0; r < r1; r++) out[r * K + k] += leafValue[leaves[r - r0]!]!;
    }
  }
}

/** Leaf indices (within each tree) of trees [t0, t1) for rows [r0, r1): `out[r·(t1−t0) + (t − t0)]`. */
export function leafIndices(
  f: FlatForest, t0: number, t1: number, X: Float64Array, r0: number, r1: number, out: Float64Array,
): void {
  const width = t1 - t0;
  for (let t = t0; t < t1; t++) {
    const base = f.treeLeafBase[t]!;
    const leaves = leavesFor(f, t, X, r0, r1);
    for (let r = r0; r < r1; r++) out[r * width + (t - t0)] = leaves[r - r0]! - base;
  }
}
