import { type FlatForest, NodeKind } from './flat-forest.js';

/**
 * Rows (row-major, `numFeatures` wide) that between them reach every leaf of trees [t0, t1): one
 * row per leaf, built by walking down to it and choosing feature values inside the bounds the
 * path sets. Used to give generated code type feedback at every node before real rows arrive.
 * A leaf behind contradictory categorical constraints may be missed; nothing depends on reaching
 * all of them.
 */
export function rowsReachingEveryLeaf(f: FlatForest, t0: number, t1: number): { rows: Float64Array; count: number } {
  let total = 0;
  for (let t = t0; t < t1; t++) total += f.treeNumLeaves[t]!;
  const nf = f.numFeatures;
  const rows = new Float64Array(total * nf);
  const lo = new Float64Array(nf), hi = new Float64Array(nf);
  /** Per feature: categorical tests on the path, as (slot, wanted) pairs. */
  const cats: { slot: number; inSet: boolean }[][] = Array.from({ length: nf }, () => []);
  let count = 0;

  const emit = () => {
    const o = count++ * nf;
    for (let j = 0; j < nf; j++) rows[o + j] = cats[j]!.length ? categoryFor(f, cats[j]!) : valueIn(lo[j]!, hi[j]!);
  };
  const walk = (slot: number) => {
    if (f.slotLeaf[slot]! >= 0) { emit(); return; }
    const j = f.slotFeature[slot]!, left = f.slotChild[slot]!;
    if ((f.slotKind[slot] as NodeKind) === NodeKind.Categorical) {
      for (const inSet of [true, false]) {
        cats[j]!.push({ slot, inSet });
        walk(inSet ? left : left + 1);
        cats[j]!.pop();
      }
      return;
    }
    const th = f.slotThreshold[slot]!, savedLo = lo[j]!, savedHi = hi[j]!;
    hi[j] = Math.min(savedHi, th);
    walk(left);
    hi[j] = savedHi;
    lo[j] = Math.max(savedLo, th);
    walk(left + 1);
    lo[j] = savedLo;
  };
  lo.fill(-Infinity);
  hi.fill(Infinity);
  for (let t = t0; t < t1; t++) walk(f.treeRoot[t]!);
  return { rows, count };
}

/**
 * A value in (lo, hi], away from 0 (zero-missing splits send 0 one way whatever the bounds);
 * NaN when no number fits (a leaf only missing values reach, e.g. behind an infinite threshold).
 */
function valueIn(lo: number, hi: number): number {
  if (!(lo < hi)) return NaN;
  let v = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : Number.isFinite(hi) ? hi - 1 : Number.isFinite(lo) ? lo + 1 : 1;
  if (v === 0) v = hi > 0 ? hi / 2 : lo / 2;
  return v;
}

/** The smallest category satisfying every test on the path (in or out of each bitset), else 0. */
function categoryFor(f: FlatForest, tests: ReadonlyArray<{ slot: number; inSet: boolean }>): number {
  let limit = 1;
  for (const { slot } of tests) limit = Math.max(limit, f.slotCatLen[slot]! * 32 + 1);
  for (let c = 0; c < limit; c++) {
    if (tests.every(({ slot, inSet }) => inBitset(f, slot, c) === inSet)) return c;
  }
  return 0;
}

function inBitset(f: FlatForest, slot: number, c: number): boolean {
  const start = f.slotCatStart[slot]!, len = f.slotCatLen[slot]!;
  return c < len * 32 && ((f.catWords[start + (c >>> 5)]! >>> (c & 31)) & 1) === 1;
}
