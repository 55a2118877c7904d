import type { LightgbmModel } from './model-types.js';

/**
 * How a numerical or categorical node decides, folded from LightGBM's decision_type bits and
 * threshold into one of five cases so the evaluators test as little as possible per node.
 * Inputs reaching the evaluators are already normalised (|x| ≤ 1e-35f is 0, −0 is +0), so
 * LightGBM's IsZero(x) is `x === 0` here.
 */
export enum NodeKind {
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

function nodeKind(decisionType: number, threshold: number): NodeKind {
  if (decisionType & 1) return NodeKind.Categorical;
  const defaultLeft = (decisionType & 2) !== 0;
  const missing = (decisionType >> 2) & 3;
  if (missing === MISSING_ZERO) return defaultLeft ? NodeKind.ZeroLeft : NodeKind.ZeroRight;
  if (missing === MISSING_NAN) return defaultLeft ? NodeKind.NanLeft : NodeKind.NanRight;
  // No missing handling: LightGBM turns NaN into 0 and compares.
  return 0 <= threshold ? NodeKind.NanLeft : NodeKind.NanRight;
}

/**
 * All trees of a model in flat typed arrays, shared by the interpreter and by code generation.
 * Nodes and leaves are "slots" numbered breadth-first per tree, with both children of a node in
 * adjacent slots (right = left + 1), so a step is `slot = child + goesRight`. Leaf slots absorb:
 * their child is themselves and their test (x > +Infinity, NaN left) never goes right, so the
 * interpreter can step many rows a fixed number of times (the tree's depth) with no branch on
 * the tree's shape.
 */
export interface FlatForest {
  readonly numFeatures: number;
  readonly numTrees: number;
  /** Trees per iteration (K); tree t adds to output class t % K. */
  readonly classes: number;
  /** Per tree: its root slot. */
  readonly treeRoot: Int32Array;
  /** Per tree: its deepest leaf's depth (steps from the root). */
  readonly treeDepth: Int32Array;
  /** Per tree: 1 when every node is numerical with NaN/None missing handling (the branchless case). */
  readonly treeSimple: Uint8Array;
  /** Per tree: global index of its leaf 0 (leaf indices for pred_leaf are relative to it). */
  readonly treeLeafBase: Int32Array;
  readonly treeNumLeaves: Int32Array;
  readonly treeIsLinear: Uint8Array;
  /** Internal slots: left child slot (right is the next one). Leaf slots: themselves. */
  readonly slotChild: Int32Array;
  /** Leaf slots: global leaf index; internal slots: −1. */
  readonly slotLeaf: Int32Array;
  readonly slotFeature: Int32Array;
  readonly slotThreshold: Float64Array;
  readonly slotKind: Uint8Array;
  /** Categorical slots: their bitset words in `catWords[start .. start+len)`. */
  readonly slotCatStart: Int32Array;
  readonly slotCatLen: Int32Array;
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
  let slots = 0, leaves = 0, words = 0, terms = 0;
  for (const t of trees) {
    slots += 2 * t.numLeaves - 1;
    leaves += t.numLeaves;
    words += t.catThreshold.length;
    if (t.linear) for (const f of t.linear.features) terms += f.length;
  }
  const f: FlatForest = {
    numFeatures: model.maxFeatureIdx + 1,
    numTrees: trees.length,
    classes: model.numTreePerIteration,
    treeRoot: new Int32Array(trees.length),
    treeDepth: new Int32Array(trees.length),
    treeSimple: new Uint8Array(trees.length),
    treeLeafBase: new Int32Array(trees.length),
    treeNumLeaves: new Int32Array(trees.length),
    treeIsLinear: new Uint8Array(trees.length),
    slotChild: new Int32Array(slots),
    slotLeaf: new Int32Array(slots),
    slotFeature: new Int32Array(slots),
    slotThreshold: new Float64Array(slots),
    slotKind: new Uint8Array(slots),
    slotCatStart: new Int32Array(slots),
    slotCatLen: new Int32Array(slots),
    catWords: new Uint32Array(words),
    leafValue: new Float64Array(leaves),
    leafConst: new Float64Array(leaves),
    leafLinearStart: new Int32Array(leaves),
    leafLinearCount: new Int32Array(leaves),
    linearFeature: new Int32Array(terms),
    linearCoeff: new Float64Array(terms),
  };
  let slotBase = 0, leafBase = 0, wordBase = 0, termBase = 0;
  trees.forEach((t, ti) => {
    f.treeRoot[ti] = slotBase;
    f.treeLeafBase[ti] = leafBase;
    f.treeNumLeaves[ti] = t.numLeaves;
    f.treeIsLinear[ti] = t.linear ? 1 : 0;
    // Breadth-first: a queue of (node or ~leaf, slot, depth); children take the next two free slots.
    const queue: number[] = [t.numLeaves > 1 ? 0 : ~0, slotBase, 0];
    let free = slotBase + 1, depth = 0, simple = 1;
    for (let q = 0; q < queue.length; q += 3) {
      const node = queue[q]!, slot = queue[q + 1]!, d = queue[q + 2]!;
      if (node < 0) {
        f.slotChild[slot] = slot;
        f.slotLeaf[slot] = leafBase + ~node;
        f.slotThreshold[slot] = Infinity;
        f.slotKind[slot] = NodeKind.NanLeft;
        depth = Math.max(depth, d);
        continue;
      }
      const kind = nodeKind(t.decisionType[node]!, t.threshold[node]!);
      if (kind > NodeKind.NanLeft) simple = 0;
      f.slotLeaf[slot] = -1;
      f.slotFeature[slot] = t.splitFeature[node]!;
      f.slotThreshold[slot] = t.threshold[node]!;
      f.slotKind[slot] = kind;
      f.slotChild[slot] = free;
      if (kind === NodeKind.Categorical) {
        const c = t.threshold[node]!;
        f.slotCatStart[slot] = wordBase + t.catBoundaries[c]!;
        f.slotCatLen[slot] = t.catBoundaries[c + 1]! - t.catBoundaries[c]!;
      }
      queue.push(t.leftChild[node]!, free, d + 1, t.rightChild[node]!, free + 1, d + 1);
      free += 2;
    }
    f.treeDepth[ti] = depth;
    f.treeSimple[ti] = simple;
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
    slotBase += 2 * t.numLeaves - 1;
    leafBase += t.numLeaves;
    wordBase += t.catThreshold.length;
  });
  return f;
}
