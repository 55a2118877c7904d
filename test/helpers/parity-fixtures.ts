import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openFeatureTable } from '../../src/io/table/index.js';
import { FeatureColumns } from '../../src/model/feature-columns.js';
import type { PredictOptions, Predictor } from '../../src/model/index.js';

export const PARITY_DIR = join(import.meta.dirname, '../../fixtures/models/parity');

export interface ParityCase {
  readonly name: string;
  readonly options: { raw: boolean; leaf: boolean; startIteration: number; numIteration: number };
  readonly file: string;
}

export interface ParityFixture {
  readonly name: string;
  readonly dir: string;
  readonly modelPath: string;
  readonly rowsPath: string;
  readonly features: string[];
  readonly numClass: number;
  readonly cases: ParityCase[];
}

export function parityFixtures(): ParityFixture[] {
  if (!existsSync(PARITY_DIR)) return [];
  return readdirSync(PARITY_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(PARITY_DIR, d.name, 'expected.json')))
    .map((d) => {
      const dir = join(PARITY_DIR, d.name);
      const spec = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      return { name: d.name, dir, modelPath: join(dir, 'model.txt'), rowsPath: join(dir, 'rows.csv'), features: spec.features, numClass: spec.numClass, cases: spec.cases };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Parses Python's repr() of floats (and ints for leaf indices): nan, inf, -inf literal. */
export function parsePyFloat(s: string): number {
  if (s === 'nan') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  const v = Number(s);
  if (s.trim() === '' || Number.isNaN(v)) throw new Error(`not a float: '${s}'`);
  return v;
}

/** One array per line of an expected-output file; an empty line is a row with no values (no trees used). */
export function readExpected(path: string): number[][] {
  return readFileSync(path, 'utf8').split('\n').slice(0, -1).map((l) => (l === '' ? [] : l.split(',').map(parsePyFloat)));
}

/** Reads rows.csv through the same reader and column mapping the CLI uses: row-major doubles. */
export async function readRows(predictor: Predictor, rowsPath: string): Promise<{ data: Float64Array; numRows: number }> {
  const table = await openFeatureTable(rowsPath, { textColumns: FeatureColumns.textFeatures(predictor.model) });
  const cols = new FeatureColumns(predictor.model, table.columns);
  const nf = predictor.numFeatures;
  const parts: Float64Array[] = [];
  let numRows = 0;
  for await (const batch of table.batches()) {
    const buf = new Float64Array(batch.numRows * nf);
    cols.fill(batch.columns, batch.numRows, buf, (r) => `${rowsPath}:${batch.firstLine + r}`);
    parts.push(buf);
    numRows += batch.numRows;
  }
  const data = new Float64Array(numRows * nf);
  let at = 0;
  for (const p of parts) { data.set(p, at); at += p.length; }
  return { data, numRows };
}

const f64 = new Float64Array(1);
const u64 = new BigInt64Array(f64.buffer);

/** The bit pattern of a double, with every NaN folded into one (LightGBM's NaN payloads are not part of the contract). */
export function bits(x: number): bigint {
  if (x !== x) return 0x7ff8000000000000n;
  f64[0] = x;
  return u64[0]!;
}

/** Distance in units in the last place between two finite doubles of the same sign region. */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const ord = (x: number) => { const v = bits(x); return v < 0n ? -(v & 0x7fffffffffffffffn) : v; };
  const d = ord(a) - ord(b);
  return Number(d < 0n ? -d : d);
}

export function toOptions(c: ParityCase): PredictOptions {
  return { raw: c.options.raw, leaf: c.options.leaf, startIteration: c.options.startIteration, numIteration: c.options.numIteration };
}
