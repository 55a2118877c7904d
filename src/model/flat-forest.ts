import type { LightgbmModel } from './model-types.js';

/**
 * How a numerical or categorical node decides, folded from LightGBM's decision_type bits and
 * threshold into one of five cases so the evaluators test as little as possible per node.
 * Inputs reaching the evaluators are already normalised (|x| ≤ 1e-35f is 0, −0 is +0), so
 * LightGBM's IsZero(x) is `x === 0` here.
 */
export const enum NodeKind {
  /** x ≤ t goes left; NaN goes right (NaN-missing with default right, or None-missing with 0 > t). */
  NanRight = 0,
  /** x ≤ t goes left; NaN goes left (NaN-missing with default left, or None-missing with 0 ≤ t). */
  NanLeft = 1,
  /** Zero-missing, default left: 0 and NaN go left. */
  ZeroLeft = 2,
  /** Zero-missing, default right: 0 and NaN go right. */
  ZeroRight = 3,
  Categorical = 4,
}

const MISSING_ZERO = 1;
const MISSING_NAN = 2;

export function nodeKind(decisionType: number, threshold: number): NodeKind {
  if (decisionType & 1) return NodeKind.Categorical;
  const defaultLeft = (decisionType & 2) !== 0;
  const missing = (decisionType >> 2) & 3;
  if (missing === MISSING_ZERO) return defaultLeft ? NodeKind.ZeroLeft : NodeKind.ZeroRight;
  if (missing === MISSING_NAN) return defaultLeft ? NodeKind.NanLeft : NodeKind.NanRight;
  // No missing handling: LightGBM turns NaN into 0 and compares.
  return 0 <= threshold ? NodeKind.NanLeft : NodeKind.NanRight;
}

/**
 * All trees of a model in flat typed arrays with global node and leaf numbering: one allocation per
 * field, cache-friendly, shared by the interpreter and by code generation.
 */
export interface FlatForest {
  readonly numFeatures: number;
  readonly numTrees: number;
  /** Trees per iteration (K); tree t adds to output class t % K. */
  readonly classes: number;
  /** Per tree: the root node, or ~leaf for a single-leaf tree. */
  readonly treeRoot: Int32Array;
  /** Per tree: global index of its leaf 0 (leaf indices for pred_leaf are relative to it). */
  readonly treeLeafBase: Int32Array;
  readonly treeNumLeaves: Int32Array;
  readonly treeIsLinear: Uint8Array;
  readonly nodeFeature: Int32Array;
  readonly nodeThreshold: Float64Array;
  readonly nodeKind: Uint8Array;
  /** Children: global node index, or ~global leaf index. */
  readonly nodeLeft: Int32Array;
  readonly nodeRight: Int32Array;
  /** Categorical nodes: their bitset words in `catWords[start .. start+len)`. */
  readonly nodeCatStart: Int32Array;
  readonly nodeCatLen: Int32Array;
  readonly catWords: Uint32Array;
  readonly leafValue: Float64Array;
  /** Linear leaves (zero count elsewhere): terms in `linearFeature/linearCoeff[start .. start+count)`. */
  readonly leafConst: Float64Array;
  readonly leafLinearStart: Int32Array;
  readonly leafLinearCount: Int32Array;
  readonly linearFeature: Int32Array;
  readonly linearCoeff: Float64Array;
}

export function flattenForest(model: LightgbmModel): FlatForest {
  const trees = model.trees;
  let nodes = 0, leaves = 0, words = 0, terms = 0;
  for (const t of trees) {
    nodes += t.numLeaves - 1;
    leaves += t.numLeaves;
    words += t.catThreshold.length;
    if (t.linear) for (const f of t.linear.features) terms += f.length;
  }
  const f: FlatForest = {
    numFeatures: model.maxFeatureIdx + 1,
    numTrees: trees.length,
    classes: model.numTreePerIteration,
    treeRoot: new Int32Array(trees.length),
    treeLeafBase: new Int32Array(trees.length),
    treeNumLeaves: new Int32Array(trees.length),
    treeIsLinear: new Uint8Array(trees.length),
    nodeFeature: new Int32Array(nodes),
    nodeThreshold: new Float64Array(nodes),
    nodeKind: new Uint8Array(nodes),
    nodeLeft: new Int32Array(nodes),
    nodeRight: new Int32Array(nodes),
    nodeCatStart: new Int32Array(nodes),
    nodeCatLen: new Int32Array(nodes),
    catWords: new Uint32Array(words),
    leafValue: new Float64Array(leaves),
    leafConst: new Float64Array(leaves),
    leafLinearStart: new Int32Array(leaves),
    leafLinearCount: new Int32Array(leaves),
    linearFeature: new Int32Array(terms),
    linearCoeff: new Float64Array(terms),
  };
  let nodeBase = 0, leafBase = 0, wordBase = 0, termBase = 0;
  trees.forEach((t, ti) => {
    const n = t.numLeaves - 1;
    const child = (c: number) => (c >= 0 ? nodeBase + c : ~(leafBase + ~c));
    f.treeRoot[ti] = n > 0 ? nodeBase : ~leafBase;
    f.treeLeafBase[ti] = leafBase;
    f.treeNumLeaves[ti] = t.numLeaves;
    f.treeIsLinear[ti] = t.linear ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const g = nodeBase + i;
      const kind = nodeKind(t.decisionType[i]!, t.threshold[i]!);
      f.nodeFeature[g] = t.splitFeature[i]!;
      f.nodeThreshold[g] = t.threshold[i]!;
      f.nodeKind[g] = kind;
      f.nodeLeft[g] = child(t.leftChild[i]!);
      f.nodeRight[g] = child(t.rightChild[i]!);
      if (kind === NodeKind.Categorical) {
        const c = t.threshold[i]!;
        f.nodeCatStart[g] = wordBase + t.catBoundaries[c]!;
        f.nodeCatLen[g] = t.catBoundaries[c + 1]! - t.catBoundaries[c]!;
      }
    }
    f.catWords.set(t.catThreshold, wordBase);
    f.leafValue.set(t.leafValue, leafBase);
    if (t.linear) {
      f.leafConst.set(t.linear.leafConst, leafBase);
      for (let l = 0; l < t.numLeaves; l++) {
        const feats = t.linear.features[l]!;
        f.leafLinearStart[leafBase + l] = termBase;
        f.leafLinearCount[leafBase + l] = feats.length;
        f.linearFeature.set(feats, termBase);
        f.linearCoeff.set(t.linear.coeffs[l]!, termBase);
        termBase += feats.length;
      }
    }
    nodeBase += n;
    leafBase += t.numLeaves;
    wordBase += t.catThreshold.length;
  });
  return f;
}

/**
 * LightGBM's categorical test: NaN and negative codes go right; the code is the value truncated to
 * int, and values outside int32 (which C's cast turns into INT_MIN) go right too. Codes past the
 * bitset's words go right.
 */
export function categoryGoesLeft(x: number, words: Uint32Array, start: number, len: number): boolean {
  if (!(x > -1 && x < 2147483648)) return false;
  const c = x | 0;
  const w = c >>> 5;
  return w < len && ((words[start + w]! >>> (c & 31)) & 1) === 1;
}
