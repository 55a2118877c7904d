/**
 * Rows per second of the TypeScript predictor against native LightGBM (one thread), on the same
 * models and rows, measured in the same run; the outputs are checked bit for bit on the way.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadModelFile, type Predictor, type PredictorOptions } from '../src/model/index.js';

const ROOT = join(import.meta.dirname, '..');
const CACHE = process.env.BIDLAB_BENCH_CACHE ?? join(homedir(), '.cache/bidlab/bench');

function readF64(path: string): Float64Array {
  const b = readFileSync(path);
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
}

function timeBest(pass: () => void, repeat: number): number {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    pass();
    best = Math.min(best, performance.now() - t);
  }
  return best / 1000;
}

function sameBits(a: Float64Array, b: Float64Array): number {
  let mismatches = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) mismatches++;
  return mismatches;
}

export async function benchModelPredict(repeat = 3): Promise<Record<string, unknown>> {
  execFileSync(join(ROOT, 'scripts/python.sh'), [join(ROOT, 'bench/make_bench_models.py'), '--dir', CACHE, '--repeat', String(repeat)], { stdio: 'inherit' });
  const native = JSON.parse(readFileSync(join(CACHE, 'native.json'), 'utf8'));
  const rows = readF64(join(CACHE, 'rows.f64'));
  const results: Record<string, unknown> = {};
  for (const [name, info] of Object.entries<any>(native.models)) {
    const modelPath = join(CACHE, name, 'model.txt');
    const expected = readF64(join(CACHE, name, 'expected.f64'));
    const numRows = info.rows as number;
    const entry: Record<string, unknown> = { trees: info.trees, leaves: info.leaves, rows: numRows, nativeRowsPerSec: Math.round(info.nativeRowsPerSec) };
    const variants: Array<[string, PredictorOptions]> = [
      ['interpreter', { strategy: 'interpreter' }],
      ['codegen', { strategy: 'codegen' }],
      ['auto', { strategy: 'auto' }],
      ['codegen-fastmath', { strategy: 'codegen', fastMath: true }],
    ];
    for (const [variant, options] of variants) {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const p: Predictor = await loadModelFile(modelPath, options);
      const loadMs = performance.now() - t0;
      const heapAfter = process.memoryUsage().heapUsed;
      let out = p.predictRowMajor(rows, numRows);
      const mismatches = variant.endsWith('fastmath') ? undefined : sameBits(out, expected);
      const seconds = timeBest(() => { out = p.predictRowMajor(rows, numRows); }, repeat);
      const rate = numRows / seconds;
      entry[variant] = {
        strategy: p.strategy,
        rowsPerSec: Math.round(rate),
        ratioToNative: Math.round((rate / info.nativeRowsPerSec) * 100) / 100,
        bitMismatches: mismatches,
        loadMs: Math.round(loadMs),
        typedArrayBytes: p.memoryBytes,
        heapDeltaBytes: heapAfter - heapBefore,
      };
      process.stderr.write(`${name} ${variant}: ${Math.round(rate)} rows/s (${(rate / info.nativeRowsPerSec).toFixed(2)}× native), mismatches ${mismatches}\n`);
    }
    results[name] = entry;
  }
  return { lightgbm: native.lightgbm, columns: native.columns, models: results };
}
