import { CompiledForest } from './codegen.js';
import type { FlatForest } from './flat-forest.js';
import { addTreesInterpreted } from './interpreter.js';

export interface StrategyChoice {
  readonly strategy: 'interpreter' | 'codegen';
  readonly compiled: CompiledForest | undefined;
  /** Rows per second of each strategy on sample rows, when 'auto' measured them. */
  readonly measured?: { readonly interpreter: number; readonly codegen: number; readonly sampleRows: number };
}

const SAMPLE_ROWS = 256;

/**
 * 'auto' times both evaluators on rows built from the model's own thresholds and keeps the faster.
 * The choice depends on the machine and may differ between runs; outputs never do, since both
 * evaluators perform the same operations in the same order.
 */
export function chooseStrategy(forest: FlatForest, preference: 'interpreter' | 'codegen' | 'auto'): StrategyChoice {
  if (preference === 'interpreter') return { strategy: 'interpreter', compiled: undefined };
  const compiled = new CompiledForest(forest);
  if (preference === 'codegen' || forest.numTrees === 0) return { strategy: 'codegen', compiled };

  const X = sampleRows(forest, SAMPLE_ROWS);
  const out = new Float64Array(SAMPLE_ROWS * forest.classes);
  const interpret = () => addTreesInterpreted(forest, 0, forest.numTrees, X, 0, SAMPLE_ROWS, out);
  const generated = () => compiled.addTrees(0, forest.numTrees, X, 0, SAMPLE_ROWS, out);
  const interpreter = rowsPerSecond(interpret);
  const codegen = rowsPerSecond(generated);
  const strategy = codegen >= interpreter ? 'codegen' : 'interpreter';
  return { strategy, compiled: strategy === 'codegen' ? compiled : undefined, measured: { interpreter, codegen, sampleRows: SAMPLE_ROWS } };
}

/** Best of a few timed passes after warm-up passes that let V8 optimise the code. */
function rowsPerSecond(pass: () => void): number {
  for (let i = 0; i < 3; i++) pass();
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now(); // clock: measuring evaluator speed, never affects outputs
    pass();
    best = Math.min(best, performance.now() - t); // clock: as above
  }
  return (SAMPLE_ROWS / Math.max(best, 1e-3)) * 1000;
}

/**
 * Rows whose values sit around the model's thresholds (with some NaN and zeros), so the sample
 * walks the trees the way real rows do. A fixed linear congruential sequence keeps it repeatable.
 */
function sampleRows(forest: FlatForest, n: number): Float64Array {
  const nf = forest.numFeatures;
  const perFeature: number[][] = Array.from({ length: nf }, () => []);
  for (let i = 0; i < forest.nodeFeature.length; i++) {
    const t = forest.nodeThreshold[i]!;
    if (Number.isFinite(t)) perFeature[forest.nodeFeature[i]!]!.push(t);
  }
  let state = 0x2545f491;
  const next = () => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state / 4294967296; };
  const X = new Float64Array(n * nf);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < nf; j++) {
      const ts = perFeature[j]!;
      const u = next();
      X[r * nf + j] = u < 0.05 ? NaN : u < 0.1 || ts.length === 0 ? 0 : ts[Math.floor(next() * ts.length)]! + (next() - 0.5) * 1e-3;
    }
  }
  return X;
}
