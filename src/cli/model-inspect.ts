import { loadModelFile } from '../model/index.js';
import { describeModel, type StrategyProbe } from '../model/describe-model.js';

export interface InspectArgs { model: string; json: boolean; strategy: 'auto' | 'interpreter' | 'codegen'; probeMs: number }

export async function inspectModel(args: InspectArgs): Promise<number> {
  const t = performance.now(); // clock: load time is reported to the user
  const predictor = await loadModelFile(args.model, { strategy: args.strategy });
  const loadMs = performance.now() - t; // clock: as above
  const d = describeModel(predictor, args.probeMs);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ...d, loadMs: round(loadMs) }, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `model        ${args.model}`,
    `version      ${d.version ?? '(none)'}`,
    `objective    ${d.objective}${d.objectiveText ? `  (${d.objectiveText})` : ''}`,
    `output       ${d.outputs} value(s) per row${d.averageOutput ? ', averaged over iterations (random forest)' : ''}`,
    `trees        ${d.trees} = ${d.iterations} iterations × ${d.treesPerIteration}${d.linearTrees ? `, ${d.linearTrees} linear` : ''}`,
    `leaves       ${d.leaves.total} in all; per tree min ${d.leaves.min}, mean ${d.leaves.mean}, max ${d.leaves.max}; max depth ${d.maxDepth}`,
    `features     ${d.features.length}: ${d.featureKinds.numerical} numerical, ${d.featureKinds.categorical} categorical, ${d.featureKinds.unused} unused`,
    ...d.features.map((f) => `  ${String(f.index).padStart(3)} ${f.name.padEnd(28)} ${f.kind.padEnd(11)} ${f.detail}`),
    `strategy     ${strategyLine(d.strategy)}`,
    `transforms   ${predictor.fastMath ? "V8's Math.exp/log1p (--fast-math)" : `glibc's exp/log1p reproduced, ${predictor.glibcVariant} build (as LightGBM computes on this CPU)`}`,
    `memory       ${(d.memoryBytes / 1024).toFixed(1)} KiB in typed arrays; generated code: ${d.codegen.functions} functions, ${(d.codegen.codeBytes / 1024).toFixed(1)} KiB of source`,
    `load         ${round(loadMs)} ms (parse and flatten)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function strategyLine(s: StrategyProbe): string {
  const rates = `interpreter ${fmtRate(s.rowsPerSecond.interpreter)}, codegen ${fmtRate(s.rowsPerSecond.codegen)} rows/s`;
  if (s.preference !== 'auto') return `${s.chosen} (forced by --strategy)`;
  return s.settled
    ? `${s.chosen} (auto: measured on ${s.probeRows} sample rows: ${rates})`
    : `interpreter for now (auto: undecided after ${s.probeRows} sample rows: ${rates}; a longer run decides)`;
}

function round(x: number): number { return Math.round(x * 10) / 10; }
function fmtRate(x: number | null): string { return x === null ? '–' : Math.round(x).toLocaleString('en-US'); }
