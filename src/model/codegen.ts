import { type FlatForest, NodeKind } from './flat-forest.js';
import { addTreesInterpreted } from './interpreter.js';
import { rowsReachingEveryLeaf } from './leaf-rows.js';

/** Adds the group's trees to `out` for rows [r0, r1), exactly like `addTreesInterpreted`. */
type GroupFn = (X: Float64Array, r0: number, r1: number, out: Float64Array) => void;

interface TreeGroup { readonly t0: number; readonly t1: number; readonly fn: GroupFn }

export interface CodegenOptions {
  /** Internal nodes per generated function. Small functions keep V8's optimising compiler happy. */
  readonly nodesPerFunction?: number;
}

/**
 * Trees compiled to JavaScript: each tree becomes nested if/else with thresholds and leaf values
 * as literals, several trees per function. Same operations in the same order as the interpreter,
 * so the same bits.
 */
export class CompiledForest {
  private readonly groups: TreeGroup[];
  readonly functions: number;
  readonly codeBytes: number;

  constructor(private readonly forest: FlatForest, options: CodegenOptions = {}) {
    const budget = options.nodesPerFunction ?? 400;
    this.groups = [];
    let bytes = 0;
    let t0 = 0;
    while (t0 < forest.numTrees) {
      let t1 = t0, nodes = 0;
      do { nodes += forest.treeNumLeaves[t1]! - 1; t1++; } while (t1 < forest.numTrees && nodes + forest.treeNumLeaves[t1]! - 1 <= budget);
      const source = groupSource(forest, t0, t1);
      bytes += source.length;
      // The generated code reads only the forest's categorical words; everything else is literal.
      const fn = new Function('C', source)(forest.catWords) as GroupFn;
      warmUp(fn, forest, t0, t1);
      this.groups.push({ t0, t1, fn });
      t0 = t1;
    }
    this.functions = this.groups.length;
    this.codeBytes = bytes;
  }

  /** Adds trees [t0, t1); trees not covered by whole groups fall back to the interpreter. */
  addTrees(t0: number, t1: number, X: Float64Array, r0: number, r1: number, out: Float64Array): void {
    let t = t0;
    for (const g of this.groups) {
      if (g.t1 <= t) continue;
      if (g.t0 >= t1) break;
      if (g.t0 >= t && g.t1 <= t1) {
        if (g.t0 > t) addTreesInterpreted(this.forest, t, g.t0, X, r0, r1, out);
        g.fn(X, r0, r1, out);
        t = g.t1;
      }
    }
    if (t < t1) addTreesInterpreted(this.forest, t, t1, X, r0, r1, out);
  }
}

/**
 * Runs a group once over rows that reach each of its leaves, one call per row, twice, before any
 * real row: V8 then optimises the function with type feedback from every node. Without it, each
 * first visit of a node no row had reached yet threw the optimised code away (a "deopt"), and a
 * model of 150 trees stayed many times slower than its settled cost for its first hundreds of
 * thousands of single-row calls (bench/model-warmup.ts measures the first rows now). Loading the
 * 150-tree champion, compiling and warming it takes about 100 ms; outputs are discarded.
 */
function warmUp(fn: GroupFn, forest: FlatForest, t0: number, t1: number): void {
  const { rows, count } = rowsReachingEveryLeaf(forest, t0, t1);
  const out = new Float64Array(count * forest.classes);
  for (let pass = 0; pass < 2; pass++) for (let r = 0; r < count; r++) fn(rows, r, r + 1, out);
}

function lit(v: number): string {
  if (Object.is(v, -0)) return '(-0)';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  return v < 0 ? `(${v})` : String(v);
}

function groupSource(f: FlatForest, t0: number, t1: number): string {
  const K = f.classes;
  const classes = [...new Set(Array.from({ length: t1 - t0 }, (_, i) => (t0 + i) % K))].sort((a, b) => a - b);
  const body: string[] = [];
  const used = new Set<number>();
  for (let t = t0; t < t1; t++) body.push(treeSource(f, t, `a${t % K}`, used));
  // Each feature the group reads is loaded once per row: a load \`X[b + j]\` at every node would be
  // an addition site of its own, with no type feedback until a row first reaches that node.
  const loads = [...used].sort((a, b) => a - b).map((j) => `f${j} = X[b + ${j}]`);
  return `return function trees_${t0}_${t1}(X, r0, r1, out) {
  let x = 0, c = 0, v = 0;
  for (let r = r0; r < r1; r++) {
    const b = r * ${f.numFeatures}, o = r * ${K};
    ${loads.length ? `const ${loads.join(', ')};` : ''}
    ${classes.map((k) => `let a${k} = out[o + ${k}];`).join(' ')}
${body.join('\n')}
    ${classes.map((k) => `out[o + ${k}] = a${k};`).join(' ')}
  }
};`;
}

function treeSource(f: FlatForest, t: number, acc: string, used: Set<number>): string {
  const feature = (j: number): string => { used.add(j); return `f${j}`; };
  const linear = f.treeIsLinear[t] === 1;
  // A constant leaf only picks its value; the one addition after the tree then always has type
  // feedback. An addition in each leaf would be a site of its own, and V8 throws away the
  // optimised function ("insufficient type feedback") the first time a row reaches a leaf no
  // row had reached before, which on a big model went on for hundreds of thousands of rows.
  const leaf = (g: number): string => {
    if (!linear) return `v = ${lit(f.leafValue[g]!)};`;
    const start = f.leafLinearStart[g]!, count = f.leafLinearCount[g]!;
    if (count === 0) return `${acc} += ${lit(f.leafConst[g]!)};`;
    const vars = Array.from({ length: count }, (_, i) => `v${i} = ${feature(f.linearFeature[start + i]!)}`);
    const nan = Array.from({ length: count }, (_, i) => `v${i} !== v${i}`).join(' || ');
    const sum = [lit(f.leafConst[g]!), ...Array.from({ length: count }, (_, i) => `${lit(f.linearCoeff[start + i]!)} * v${i}`)].join(' + ');
    return `{ const ${vars.join(', ')}; if (${nan}) ${acc} += ${lit(f.leafValue[g]!)}; else ${acc} += (${sum}); }`;
  };
  const node = (n: number): string => {
    if (f.slotLeaf[n]! >= 0) return leaf(f.slotLeaf[n]!);
    const x = feature(f.slotFeature[n]!);
    const th = lit(f.slotThreshold[n]!);
    let cond: string;
    switch (f.slotKind[n] as NodeKind) {
      case NodeKind.NanRight: cond = `${x} <= ${th}`; break;
      case NodeKind.NanLeft: cond = `!(${x} > ${th})`; break;
      case NodeKind.ZeroLeft: cond = `(x = ${x}) === 0 || !(x > ${th})`; break;
      case NodeKind.ZeroRight: cond = `(x = ${x}) !== 0 && x <= ${th}`; break;
      default: {
        const start = f.slotCatStart[n]!, len = f.slotCatLen[n]!;
        const bit = len === 1
          ? `c < 32 && ((${f.catWords[start]} >>> c) & 1) === 1`
          : `c < ${len * 32} && ((C[${start} + (c >>> 5)] >>> (c & 31)) & 1) === 1`;
        cond = len === 0 ? 'false' : `(x = ${x}) > -1 && x < 2147483648 && (c = x | 0, ${bit})`;
      }
    }
    return `if (${cond}) { ${node(f.slotChild[n]!)} } else { ${node(f.slotChild[n]! + 1)} }`;
  };
  return linear ? `    ${node(f.treeRoot[t]!)}` : `    ${node(f.treeRoot[t]!)} ${acc} += v;`;
}
