/**
 * Feature-table CSV read speed: rows/s for `openFeatureTable` over a generated CSV (default
 * 1M rows × 20 columns, shaped like `df.to_csv(index=False)` output: ints, 17-digit floats, short
 * decimals, empty cells, 0/1 flags), against two baselines measured in the same run on the same
 * file, since these machines are shared and noisy: the I/O floor (read + UTF-8 decode + count
 * lines) and csv-parse's streaming parser (no cell typing). Run alone it prints JSON; the bench
 * runner can call `benchTableRead()`.
 *
 *   npx tsx bench/table-read.ts [--rows 1000000] [--cols 20] [--repeat 3]
 */
import { createReadStream, createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse';
import { openFeatureTable } from '../src/io/table/index.js';

export interface TableReadOptions {
  /** Default 1,000,000. */
  rows?: number;
  /** Default 20. */
  cols?: number;
  /** Timed runs per reader (the median is reported); default 3. */
  repeat?: number;
}

async function generate(path: string, rows: number, cols: number): Promise<void> {
  // Deterministic (LCG), so every run of the same size reads the same bytes.
  let state = 1;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  out.write(Array.from({ length: cols }, (_, c) => `f${c}`).join(',') + '\n');
  let lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) {
      switch (c % 4) {
        case 0: cells.push(String(Math.floor(next() * 1000))); break;
        case 1: cells.push(String(next() * 100)); break;
        case 2: cells.push(next() < 0.1 ? '' : (next() * 10).toFixed(3)); break;
        default: cells.push(next() < 0.5 ? '0' : '1');
      }
    }
    lines.push(cells.join(','));
    if (lines.length === 10_000 || r === rows - 1) {
      if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
      lines = [];
    }
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, path);
}

async function timeIt(run: () => Promise<number>): Promise<{ seconds: number; count: number }> {
  const start = performance.now(); // clock: benchmark
  const count = await run();
  return { seconds: (performance.now() - start) / 1000, count };
}

async function bidlab(path: string): Promise<number> {
  const table = await openFeatureTable(path);
  let n = 0;
  for await (const batch of table.batches()) n += batch.numRows;
  return n;
}

async function ioFloor(path: string): Promise<number> {
  let n = 0;
  for await (const text of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    for (let i = (text as string).indexOf('\n'); i !== -1; i = (text as string).indexOf('\n', i + 1)) n++;
  }
  return n - 1;
}

async function csvParse(path: string): Promise<number> {
  let n = 0;
  for await (const _record of createReadStream(path).pipe(parse({ bom: true, from_line: 2 }))) n++;
  return n;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(name: string, path: string, run: (path: string) => Promise<number>, times: number, rows: number) {
  const rates: number[] = [];
  for (let i = 0; i < times; i++) {
    const { seconds, count } = await timeIt(() => run(path));
    if (count !== rows) throw new Error(`${name} read ${count} rows, expected ${rows}`);
    rates.push(rows / seconds);
  }
  return { name, rowsPerSecond: Math.round(median(rates)), runs: rates.map(Math.round) };
}

export async function benchTableRead(options: TableReadOptions = {}): Promise<Record<string, unknown>> {
  const { rows = 1_000_000, cols = 20, repeat = 3 } = options;
  const path = join(tmpdir(), `bidlab-bench-table-read-${rows}x${cols}.csv`);
  if (!existsSync(path)) await generate(path, rows, cols);
  const floor = await measure('io-floor', path, ioFloor, repeat, rows);
  const ours = await measure('bidlab', path, bidlab, repeat, rows);
  // Before csv-parse runs, so it is ours (plus the runtime), not the baseline's.
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const library = await measure('csv-parse', path, csvParse, 1, rows);
  return {
    input: { rows, cols, bytes: statSync(path).size, path },
    bidlab: ours,
    baselines: [floor, library],
    ratios: {
      bidlabOverIoFloor: +(ours.rowsPerSecond / floor.rowsPerSecond).toFixed(3),
      bidlabOverCsvParse: +(ours.rowsPerSecond / library.rowsPerSecond).toFixed(3),
    },
    peakRssMiB,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const option = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i < 0 ? undefined : Number(process.argv[i + 1]);
  };
  const result = await benchTableRead({ rows: option('rows'), cols: option('cols'), repeat: option('repeat') });
  const machine = { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, platform: process.platform };
  console.log(JSON.stringify({ benchmark: 'table-read', machine, ...result }, null, 2));
}
