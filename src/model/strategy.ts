import { CompiledForest } from './codegen.js';
import type { FlatForest } from './flat-forest.js';
import { addTreesInterpreted } from './interpreter.js';

export type Strategy = 'interpreter' | 'codegen';

/** Blocks smaller than this are too short to time; they use the current choice. */
const MIN_TIMED_ROWS = 32;
/** Consecutive codegen blocks that must beat the interpreter before switching for good. */
const WINS_TO_SWITCH = 3;
/** Rows given to trials before settling on the interpreter if generated code never won. */
const MAX_TRIAL_ROWS = 400_000;

/**
 * Evaluates trees [t0, t1) over a block of rows with whichever evaluator is faster for this model
 * on this machine. 'auto' decides by measurement on the rows being predicted: it alternates blocks
 * between the interpreter and the generated code, timing each, and switches to generated code
 * once it has been faster several blocks in a row. V8 optimises generated code only after running
 * it for a while (seconds for big models), so a short measurement at load would misjudge it; and
 * since both evaluators perform the same operations in the same order, switching never changes
 * an output bit.
 */
export class StrategyChooser {
  private compiledForest: CompiledForest | undefined;
  private decided: Strategy | undefined;
  private blocks = 0;
  private trialRows = 0;
  private wins = 0;
  private readonly nsPerRow: Record<Strategy, number> = { interpreter: NaN, codegen: NaN };

  constructor(private readonly forest: FlatForest, preference: Strategy | 'auto') {
    if (preference !== 'auto') this.decided = preference;
    if (preference === 'codegen') this.compiledForest = new CompiledForest(forest);
  }

  /** The evaluator in use now, and whether 'auto' is still measuring. */
  get current(): { readonly strategy: Strategy; readonly settled: boolean } {
    return { strategy: this.decided ?? 'interpreter', settled: this.decided !== undefined };
  }

  /** Measured ns per row of each evaluator (NaN until measured). */
  get measured(): Readonly<Record<Strategy, number>> { return this.nsPerRow; }

  /** The generated code, compiled on first use. */
  get compiled(): CompiledForest {
    this.compiledForest ??= new CompiledForest(this.forest);
    return this.compiledForest;
  }

  addTrees(t0: number, t1: number, X: Float64Array, r0: number, r1: number, out: Float64Array): void {
    const rows = r1 - r0;
    if (this.decided !== undefined || rows < MIN_TIMED_ROWS) {
      this.run(this.decided ?? 'interpreter', t0, t1, X, r0, r1, out);
      return;
    }
    const strategy: Strategy = this.blocks++ % 2 === 0 ? 'interpreter' : 'codegen';
    const start = performance.now(); // clock: choosing an evaluator, never affects outputs
    this.run(strategy, t0, t1, X, r0, r1, out);
    const ns = ((performance.now() - start) * 1e6) / rows; // clock: as above
    const previous = this.nsPerRow[strategy];
    this.nsPerRow[strategy] = Number.isNaN(previous) ? ns : 0.5 * previous + 0.5 * ns;
    this.trialRows += rows;
    if (strategy === 'codegen') {
      this.wins = this.nsPerRow.codegen < this.nsPerRow.interpreter ? this.wins + 1 : 0;
      if (this.wins >= WINS_TO_SWITCH) this.decided = 'codegen';
    }
    if (this.decided === undefined && this.trialRows >= MAX_TRIAL_ROWS) this.decided = 'interpreter';
  }

  private run(strategy: Strategy, t0: number, t1: number, X: Float64Array, r0: number, r1: number, out: Float64Array): void {
    if (strategy === 'codegen') this.compiled.addTrees(t0, t1, X, r0, r1, out);
    else addTreesInterpreted(this.forest, t0, t1, X, r0, r1, out);
  }
}
