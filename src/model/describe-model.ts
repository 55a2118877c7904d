import type { Predictor, Strategy } from './predictor.js';
import { sampleRows } from './sample-rows.js';

export interface StrategyProbe {
  readonly preference: Strategy | 'auto';
  readonly chosen: Strategy;
  /** False when 'auto' had not decided within the probe's budget (it then keeps interpreting). */
  readonly settled: boolean;
  readonly rowsPerSecond: Readonly<Record<Strategy, number | null>>;
  readonly probeRows: number;
}

/**
 * Predicts sample rows (see sampleRows) until 'auto' settles or the budget is spent, the way a
 * long prediction run would, and reports what it chose and the speeds it measured.
 */
export function probeStrategy(p: Predictor, budgetMs = 3000): StrategyProbe {
  const block = 1024;
  const X = sampleRows(p.model, block);
  const start = performance.now(); // clock: a measurement shown to the user
  let rows = 0;
  while (!p.strategy.settled && performance.now() - start < budgetMs) { // clock: as above
    p.predictRowMajor(X, block, { raw: true });
    rows += block;
  }
  const { strategy, settled, nsPerRow } = p.strategy;
  const rate = (ns: number) => (Number.isNaN(ns) ? null : Math.round(1e9 / ns));
  return {
    preference: p.strategyPreference,
    chosen: strategy,
    settled,
    rowsPerSecond: { interpreter: rate(nsPerRow.interpreter), codegen: rate(nsPerRow.codegen) },
    probeRows: rows,
  };
}

export interface ModelDescription {
  readonly version: string | undefined;
  readonly objective: string;
  readonly objectiveText: string | undefined;
  readonly outputs: number;
  readonly averageOutput: boolean;
  readonly trees: number;
  readonly iterations: number;
  readonly treesPerIteration: number;
  readonly linearTrees: number;
  readonly leaves: { readonly total: number; readonly min: number; readonly mean: number; readonly max: number };
  readonly maxDepth: number;
  readonly featureKinds: { readonly numerical: number; readonly categorical: number; readonly unused: number };
  readonly features: ReadonlyArray<{ readonly index: number; readonly name: string; readonly kind: string; readonly detail: string; readonly splits: number }>;
  readonly strategy: StrategyProbe;
  readonly codegen: { readonly functions: number; readonly codeBytes: number };
  readonly memoryBytes: number;
}

/** What `bidlab model inspect` shows: a model's shape, its features and how it will be evaluated. */
export function describeModel(p: Predictor, probeBudgetMs?: number): ModelDescription {
  const m = p.model;
  const leafCounts = m.trees.map((t) => t.numLeaves);
  const total = leafCounts.reduce((a, b) => a + b, 0);
  const splits = new Array<number>(p.numFeatures).fill(0);
  const categoricalSplits = new Array<number>(p.numFeatures).fill(0);
  let maxDepth = 0;
  for (const t of m.trees) {
    for (let i = 0; i < t.numLeaves - 1; i++) {
      splits[t.splitFeature[i]!]!++;
      if (t.decisionType[i]! & 1) categoricalSplits[t.splitFeature[i]!]!++;
    }
    maxDepth = Math.max(maxDepth, depth(t.leftChild, t.rightChild, t.numLeaves));
  }
  const features = m.featureNames.map((name, index) => {
    const info = m.featureInfos[index]!;
    const detail = info.kind === 'numerical' ? `[${info.min}, ${info.max}]`
      : info.kind === 'categorical' ? `${info.values.length} categories`
      : 'not used by any split';
    return { index, name, kind: info.kind, detail: `${detail}; ${splits[index]} splits${categoricalSplits[index] ? ` (${categoricalSplits[index]} categorical)` : ''}`, splits: splits[index]! };
  });
  const count = (k: string) => m.featureInfos.filter((f) => f.kind === k).length;
  return {
    version: m.version,
    objective: m.objective.name,
    objectiveText: m.objective.text,
    outputs: m.numTreePerIteration,
    averageOutput: m.averageOutput,
    trees: m.trees.length,
    iterations: p.numIterations,
    treesPerIteration: m.numTreePerIteration,
    linearTrees: m.trees.filter((t) => t.linear).length,
    leaves: {
      total,
      min: leafCounts.length ? Math.min(...leafCounts) : 0,
      mean: leafCounts.length ? Math.round((total / leafCounts.length) * 10) / 10 : 0,
      max: leafCounts.length ? Math.max(...leafCounts) : 0,
    },
    maxDepth,
    featureKinds: { numerical: count('numerical'), categorical: count('categorical'), unused: count('unused') },
    features,
    strategy: probeStrategy(p, probeBudgetMs),
    codegen: p.codegenStats,
    memoryBytes: p.memoryBytes,
  };
}

function depth(left: Int32Array, right: Int32Array, numLeaves: number): number {
  if (numLeaves <= 1) return 0;
  let max = 0;
  const stack: Array<[number, number]> = [[0, 1]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    max = Math.max(max, d);
    for (const c of [left[n]!, right[n]!]) if (c >= 0) stack.push([c, d + 1]);
  }
  return max;
}
